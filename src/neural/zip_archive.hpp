#pragma once
// Reader of the zip archives written by torch.save (>= 1.6): an index of the central directory and
// each entry's data as a span into the caller's bytes (normally a MappedFile).
//
// Supported: the end-of-central-directory record (with a trailing comment of up to 64 KiB), zip64
// records (archives or entries past 4 GiB: the zip64 end record, its locator, and the zip64 extra field
// of central headers), STORED entries. Refused with trenchcoat::Error naming the archive (and the entry
// when it is about one): a compressed or encrypted entry (only when its data is asked for), a
// multi-disk archive, duplicate entry names, and every offset or size that points outside the bytes,
// overlaps the central directory, or disagrees between the central and local headers.
// CRC-32s are not verified (the weights are bounds-checked, not checksummed).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trenchcoat::neural {

class ZipArchive {
 public:
  struct Entry {
    std::string name;
    std::uint16_t method = 0;  // 0 = stored
    std::uint16_t flags = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t size = 0;
    std::uint64_t local_header_offset = 0;
  };

  // Indexes the central directory of `bytes`, which must outlive the archive. `archive_name` (the path)
  // starts every error message. Throws trenchcoat::Error.
  ZipArchive(std::span<const std::byte> bytes, std::string archive_name);

  const std::string& name() const { return name_; }
  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(std::string_view entry_name) const;  // nullptr when absent
  // The stored bytes of an entry (bounds-checked through its local header). Throws for a compressed or
  // encrypted entry.
  std::span<const std::byte> data(const Entry& entry) const;

 private:
  std::span<const std::byte> bytes_;
  std::string name_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::uint64_t central_directory_offset_ = 0;
};

}  // namespace trenchcoat::neural
