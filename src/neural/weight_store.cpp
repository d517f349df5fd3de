#include "trenchcoat/neural/weight_store.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <mutex>

#include "neural/mapped_file.hpp"
#include "neural/safetensors_file.hpp"
#include "neural/torch_checkpoint.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

static_assert(std::endian::native == std::endian::little,
              "checkpoint data is little-endian; big-endian hosts are not supported");

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::f64:
    case DType::i64:
      return 8;
    case DType::f32:
    case DType::i32:
      return 4;
    case DType::f16:
    case DType::bf16:
    case DType::i16:
      return 2;
    case DType::i8:
    case DType::u8:
    case DType::boolean:
      return 1;
  }
  return 1;
}

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::f32:
      return "float32";
    case DType::f64:
      return "float64";
    case DType::f16:
      return "float16";
    case DType::bf16:
      return "bfloat16";
    case DType::i64:
      return "int64";
    case DType::i32:
      return "int32";
    case DType::i16:
      return "int16";
    case DType::i8:
      return "int8";
    case DType::u8:
      return "uint8";
    case DType::boolean:
      return "bool";
  }
  return "unknown";
}

std::int64_t TensorInfo::numel() const {
  std::int64_t n = 1;
  for (const auto d : shape) n *= d;
  return n;
}

namespace {

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1F;
  const std::uint32_t mantissa = h & 0x3FF;
  if (exponent == 0) {  // zero or subnormal: mantissa * 2^-24
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 31) return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));  // inf / nan
  return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

std::string shape_text(const std::vector<std::int64_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

class LoadedWeightStore final : public WeightStore {
 public:
  LoadedWeightStore(std::unique_ptr<MappedFile> file, const std::string& path) : path_(path), file_(std::move(file)) {
    const auto bytes = file_->bytes();
    auto starts_with = [&](std::string_view magic) {
      return bytes.size() >= magic.size() && std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
    };
    std::vector<TensorBytes> tensors;
    if (bytes.empty()) throw Error(path, 0, "empty file, not a checkpoint");
    if (starts_with("PK\x03\x04") || starts_with("PK\x05\x06")) {
      torch_ = std::make_unique<TorchCheckpoint>(bytes, path);
      tensors = torch_->tensors();
    } else if (bytes.size() >= 9 && std::to_integer<char>(bytes[8]) == '{') {
      safetensors_ = std::make_unique<SafetensorsFile>(bytes, path);
      tensors = safetensors_->tensors();
    } else if (bytes.size() >= 2 && std::to_integer<unsigned>(bytes[0]) == 0x80 &&
               std::to_integer<unsigned>(bytes[1]) <= 5) {
      throw Error(
          path, 0,
          "legacy torch.save format (a bare pickle: torch < 1.6 or _use_new_zipfile_serialization=False) is not "
          "supported; re-save it with torch >= 1.6 or convert it to safetensors");
    } else {
      throw Error(path, 0, "unrecognised checkpoint format (neither a torch.save zip archive nor safetensors)");
    }
    for (auto& t : tensors) {
      std::string name = t.info.name;
      by_name_.insert_or_assign(std::move(name), std::move(t));
    }
  }

  const std::string& path() const override { return path_; }

  std::vector<TensorInfo> tensors() const override {
    std::vector<TensorInfo> out;
    for (const auto& [name, t] : by_name_) out.push_back(t.info);
    return out;
  }
  bool contains(const std::string& name) const override { return by_name_.count(name) != 0; }
  const TensorInfo& info(const std::string& name) const override { return find(name).info; }
  std::span<const std::byte> bytes(const std::string& name) const override { return find(name).bytes; }

  std::span<const float> floats(const std::string& name, std::vector<std::int64_t> shape) const override {
    const TensorBytes& t = find(name);
    bool matches = shape.size() == t.info.shape.size();
    for (std::size_t i = 0; matches && i < shape.size(); ++i) matches = shape[i] == -1 || shape[i] == t.info.shape[i];
    if (!matches)
      throw Error(path_, 0,
                  "tensor '" + name + "': expected shape " + shape_text(shape) + ", found " + shape_text(t.info.shape));
    const std::size_t n = t.bytes.size() / dtype_size(t.info.dtype);
    if (t.info.dtype == DType::f32 && reinterpret_cast<std::uintptr_t>(t.bytes.data()) % alignof(float) == 0)
      return {reinterpret_cast<const float*>(t.bytes.data()), n};
    if (t.info.dtype != DType::f32 && t.info.dtype != DType::f16 && t.info.dtype != DType::bf16 &&
        t.info.dtype != DType::f64)
      throw Error(path_, 0,
                  "tensor '" + name + "': expected a floating-point tensor, found dtype " + dtype_name(t.info.dtype));

    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] = converted_.try_emplace(name);
    if (inserted) {
      std::vector<float>& out = it->second;
      out.resize(n);
      const std::byte* p = t.bytes.data();
      for (std::size_t i = 0; i < n; ++i) {
        switch (t.info.dtype) {
          case DType::f32:
            std::memcpy(&out[i], p + 4 * i, 4);
            break;
          case DType::f64: {
            double v;
            std::memcpy(&v, p + 8 * i, 8);
            out[i] = static_cast<float>(v);
            break;
          }
          case DType::f16:
          case DType::bf16: {
            std::uint16_t h;
            std::memcpy(&h, p + 2 * i, 2);
            out[i] = t.info.dtype == DType::f16 ? half_to_float(h)
                                                : std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16);
            break;
          }
          default:
            break;
        }
      }
    }
    return {it->second.data(), it->second.size()};
  }

  std::optional<nlohmann::json> entry(const std::string& key) const override {
    if (torch_) return torch_->entry(key);
    if (key == "__metadata__" && safetensors_ && !safetensors_->metadata().is_null()) return safetensors_->metadata();
    return std::nullopt;
  }

 private:
  const TensorBytes& find(const std::string& name) const {
    const auto it = by_name_.find(name);
    if (it == by_name_.end()) throw Error(path_, 0, "no tensor '" + name + "'");
    return it->second;
  }

  std::string path_;
  std::unique_ptr<MappedFile> file_;
  std::unique_ptr<TorchCheckpoint> torch_;
  std::unique_ptr<SafetensorsFile> safetensors_;
  std::map<std::string, TensorBytes> by_name_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::vector<float>> converted_;  // node-based: spans stay valid
};

}  // namespace

std::shared_ptr<const WeightStore> WeightStore::open(const std::string& path) {
  auto file = std::make_unique<MappedFile>(path);
  return std::make_shared<LoadedWeightStore>(std::move(file), path);
}

}  // namespace trenchcoat::neural
