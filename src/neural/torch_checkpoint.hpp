#pragma once
// The tensors and other top-level entries of a torch.save zip checkpoint: a Lightning
// .ckpt (tensors under the "state_dict" entry) or an HF pytorch_model.bin (the top-level dict is the
// state dict). Reads `<root>/data.pkl` (any root folder name) with the restricted unpickler and checks
// every tensor against its storage `<root>/data/<key>`. A `<root>/byteorder` entry (torch >= 2.1) must say
// "little".
//
// Checks (trenchcoat::Error "<path>: tensor '<name>': ..."): a known storage dtype; the storage entry
// exists and holds at least numel * element size bytes; offset + the extent of size/stride stays inside
// the storage (64-bit overflow checked). Contiguous tensors are spans into the archive bytes; tensors with
// other strides are materialised once as contiguous copies (their element count must not exceed the
// storage's, so a copy is never larger than the file). When a name repeats in the state dict, the last
// one wins, as in Python. Non-tensor values of the state dict are skipped (they remain visible through
// entry()).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neural/mapped_file.hpp"
#include "neural/pickle_reader.hpp"
#include "neural/zip_archive.hpp"

namespace trenchcoat::neural {

class TorchCheckpoint {
 public:
  // `bytes` (the whole file, normally mapped) must outlive this object; `path` names it in errors.
  TorchCheckpoint(std::span<const std::byte> bytes, const std::string& path);

  const std::vector<TensorBytes>& tensors() const { return tensors_; }
  // A top-level entry of the pickled dict as JSON (see pickle::Document::to_json); nullopt when absent.
  std::optional<nlohmann::json> entry(const std::string& key) const;

 private:
  std::string path_;
  ZipArchive zip_;
  pickle::Document document_;
  std::vector<TensorBytes> tensors_;
};

}  // namespace trenchcoat::neural
