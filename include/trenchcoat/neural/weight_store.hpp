#pragma once
// The tensors of a released checkpoint, memory-mapped, by name.
//
// Formats (picked by content, not by file name):
//   * PyTorch zip checkpoints written by torch.save (>= 1.6): a stored (uncompressed) zip whose
//     `<archive>/data.pkl` is a pickle (protocols 2-5) and `<archive>/data/<key>` are the raw
//     little-endian storages. Both Lightning `.ckpt` files (a dict whose "state_dict" entry holds the
//     tensors, next to "hyper_parameters" and Lightning metadata) and HF `pytorch_model.bin` files
//     (the state dict itself) are read.
//   * safetensors (`model.safetensors`): 8-byte little-endian header length, a JSON header, raw data.
//
// Safety: the pickle is read by a restricted unpickler that only rebuilds tensors
// (torch._utils._rebuild_tensor_v2 over persistent-id storages) and plain containers (dict, list,
// tuple, OrderedDict, str, bytes, numbers, bool, None). It never executes code: any other global
// becomes an inert placeholder object. Every storage offset, size and stride is bounds-checked against
// the file. A corrupt, truncated or unsupported file throws trenchcoat::Error naming the file (and the
// tensor, where the problem is one tensor's); never a crash.
//
// Tensors are views into the mapped file (zero copy) when they are contiguous and suitably aligned;
// otherwise (non-contiguous strides, fp16/bf16 asked for as fp32) a converted copy is made once and
// owned by the store.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace trenchcoat::neural {

enum class DType { f32, f64, f16, bf16, i64, i32, i16, i8, u8, boolean };

std::size_t dtype_size(DType dtype);
const char* dtype_name(DType dtype);  // "float32", "float16", ...

struct TensorInfo {
  std::string name;
  DType dtype = DType::f32;
  std::vector<std::int64_t> shape;  // empty for a scalar
  std::int64_t numel() const;
};

class WeightStore {
 public:
  // Opens `path` (a .ckpt, pytorch_model.bin or .safetensors file). Throws trenchcoat::Error.
  static std::shared_ptr<const WeightStore> open(const std::string& path);
  virtual ~WeightStore() = default;

  virtual const std::string& path() const = 0;
  virtual std::vector<TensorInfo> tensors() const = 0;  // sorted by name
  virtual bool contains(const std::string& name) const = 0;
  // Throws Error("<path>: no tensor '<name>'") when absent.
  virtual const TensorInfo& info(const std::string& name) const = 0;

  // The tensor as contiguous float32, checked against `shape` (a -1 entry matches any size).
  // Throws Error naming the file, the tensor, and the expected and actual shapes/dtypes when they do
  // not match ("<file>: tensor '<name>': expected shape [1024, 1024], found [1024, 512]"); integer and
  // bool tensors throw. float32 data aligned to 4 bytes is returned in place (zero copy); float16,
  // bfloat16 and float64 (and unaligned float32) are converted once, on first use, under a lock, and
  // the copy is kept by the store. The span stays valid as long as the store lives.
  virtual std::span<const float> floats(const std::string& name, std::vector<std::int64_t> shape) const = 0;

  // The tensor's contiguous row-major little-endian bytes in its own dtype (info(name).dtype), e.g. for
  // integer tensors. Throws Error("<path>: no tensor '<name>'") when absent.
  virtual std::span<const std::byte> bytes(const std::string& name) const = 0;

  // A top-level entry of the checkpoint other than the tensors (e.g. "hyper_parameters",
  // "pytorch-lightning_version"), converted to JSON: dicts become objects (keys as strings), lists and
  // tuples arrays, placeholders of unknown classes {"__class__": "module.Name", "args": [...], "state": ...},
  // tensors {"__tensor__": {"dtype", "shape"}}, bytes {"__bytes__": hex}, ints beyond 64 bits as floats
  // (full list: src/neural/pickle_reader.hpp, Document::to_json). nullopt when the
  // entry is absent or the format has none (safetensors: its "__metadata__" strings are returned as
  // an object under the key "__metadata__").
  virtual std::optional<nlohmann::json> entry(const std::string& key) const = 0;
};

}  // namespace trenchcoat::neural
