#pragma once
// A safetensors file: 8-byte little-endian header length N, N bytes of JSON header,
// then the data. Header entries: name -> {"dtype", "shape", "data_offsets": [begin, end]} relative to
// the data start, plus an optional "__metadata__" object of strings.
//
// dtypes: F32 F16 BF16 F64 I64 I32 I16 I8 U8 BOOL (others, e.g. F8_E4M3 or U16, throw). Checks
// (trenchcoat::Error naming the file and the tensor): header length inside the file and at most 100 MB,
// valid JSON object, shape of non-negative ints, end - begin == numel * element size (overflow checked),
// end inside the data, no two tensors' byte ranges overlap. Tensors are spans into the bytes.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neural/mapped_file.hpp"

namespace trenchcoat::neural {

class SafetensorsFile {
 public:
  // `bytes` must outlive this object; `path` names it in errors.
  SafetensorsFile(std::span<const std::byte> bytes, const std::string& path);

  const std::vector<TensorBytes>& tensors() const { return tensors_; }
  const nlohmann::json& metadata() const { return metadata_; }  // null when the header has none

 private:
  std::vector<TensorBytes> tensors_;
  nlohmann::json metadata_;
};

}  // namespace trenchcoat::neural
