#pragma once
// A read-only memory mapping of a whole file (RAII): the bytes stay valid while the MappedFile lives.
// The weight store maps checkpoint files with it so that float32 weights are used in place, without a copy.
//
// Edge cases: an empty file maps to an empty span (no mmap call); a missing, unreadable or non-regular
// file (a directory, a FIFO) throws trenchcoat::Error naming the path and the system's reason.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/neural/weight_store.hpp"

namespace trenchcoat::neural {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  std::span<const std::byte> bytes() const { return {data_, size_}; }
  std::size_t size() const { return size_; }

 private:
  std::string path_;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

// One tensor of a checkpoint as its contiguous, row-major, little-endian bytes in its own dtype: a span
// into a mapped file, or into `owned` when it had to be materialised (non-contiguous strides).
struct TensorBytes {
  TensorInfo info;
  std::span<const std::byte> bytes;
  std::shared_ptr<const std::vector<std::byte>> owned;
};

}  // namespace trenchcoat::neural
