#include "neural/safetensors_file.hpp"

#include <algorithm>
#include <string_view>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

namespace {

constexpr std::uint64_t kMaxHeader = 100'000'000;

std::optional<DType> safetensors_dtype(std::string_view s) {
  if (s == "F32") return DType::f32;
  if (s == "F16") return DType::f16;
  if (s == "BF16") return DType::bf16;
  if (s == "F64") return DType::f64;
  if (s == "I64") return DType::i64;
  if (s == "I32") return DType::i32;
  if (s == "I16") return DType::i16;
  if (s == "I8") return DType::i8;
  if (s == "U8") return DType::u8;
  if (s == "BOOL") return DType::boolean;
  return std::nullopt;
}

bool non_negative_int(const nlohmann::json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

}  // namespace

SafetensorsFile::SafetensorsFile(std::span<const std::byte> bytes, const std::string& path) {
  auto fail = [&](const std::string& what) -> Error { return Error(path, 0, "safetensors: " + what); };
  if (bytes.size() < 8) throw fail("file too short for the header length (" + std::to_string(bytes.size()) + " bytes)");
  std::uint64_t header_size = 0;
  for (std::size_t i = 8; i-- > 0;) header_size = (header_size << 8) | std::to_integer<std::uint64_t>(bytes[i]);
  if (header_size > kMaxHeader) throw fail("header length " + std::to_string(header_size) + " exceeds 100 MB");
  if (header_size > bytes.size() - 8)
    throw fail("header length " + std::to_string(header_size) + " runs past the end of the file (" +
               std::to_string(bytes.size()) + " bytes; truncated?)");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data() + 8), header_size);
  nlohmann::json header = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded()) throw fail("header is not valid JSON");
  if (!header.is_object()) throw fail("header is not a JSON object");
  const auto data = bytes.subspan(8 + header_size);

  struct Range {
    std::uint64_t begin, end;
    std::string name;
  };
  std::vector<Range> ranges;
  for (const auto& item : header.items()) {
    const std::string& name = item.key();
    const nlohmann::json& spec = item.value();
    if (name == "__metadata__") {
      if (!spec.is_object()) throw fail("__metadata__ is not an object");
      for (const auto& [k, v] : spec.items())
        if (!v.is_string()) throw fail("__metadata__ value '" + k + "' is not a string");
      metadata_ = spec;
      continue;
    }
    auto tfail = [&](const std::string& what) -> Error { return Error(path, 0, "tensor '" + name + "': " + what); };
    if (!spec.is_object() || !spec.contains("dtype") || !spec.contains("shape") || !spec.contains("data_offsets"))
      throw tfail("header entry lacks dtype, shape or data_offsets");
    const auto& dt = spec["dtype"];
    if (!dt.is_string()) throw tfail("dtype is not a string");
    const auto dtype = safetensors_dtype(dt.get<std::string>());
    if (!dtype) throw tfail("unsupported dtype " + dt.get<std::string>());
    const auto& shape = spec["shape"];
    const auto& offsets = spec["data_offsets"];
    if (!shape.is_array()) throw tfail("shape is not an array");
    if (!offsets.is_array() || offsets.size() != 2 || !non_negative_int(offsets[0]) || !non_negative_int(offsets[1]))
      throw tfail("data_offsets is not [begin, end]");
    TensorBytes t;
    t.info.name = name;
    t.info.dtype = *dtype;
    std::uint64_t numel = 1;
    for (const auto& d : shape) {
      if (!non_negative_int(d)) throw tfail("shape holds something other than a non-negative integer");
      const std::uint64_t n = d.get<std::uint64_t>();
      if (n > static_cast<std::uint64_t>(INT64_MAX) || __builtin_mul_overflow(numel, n, &numel))
        throw tfail("shape overflows");
      t.info.shape.push_back(static_cast<std::int64_t>(n));
    }
    const std::uint64_t begin = offsets[0].get<std::uint64_t>(), end = offsets[1].get<std::uint64_t>();
    std::uint64_t expected = 0;
    if (__builtin_mul_overflow(numel, dtype_size(*dtype), &expected)) throw tfail("shape overflows");
    if (end < begin || end - begin != expected)
      throw tfail("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "] do not hold " +
                  std::to_string(numel) + " " + dtype_name(*dtype) + " elements");
    if (end > data.size())
      throw tfail("data_offsets end " + std::to_string(end) + " is past the end of the data (" +
                  std::to_string(data.size()) + " bytes; truncated?)");
    t.bytes = data.subspan(begin, end - begin);
    if (end > begin) ranges.push_back({begin, end, name});
    tensors_.push_back(std::move(t));
  }
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].begin < ranges[i - 1].end)
      throw fail("tensors '" + ranges[i - 1].name + "' and '" + ranges[i].name + "' overlap in the data");
}

}  // namespace trenchcoat::neural
