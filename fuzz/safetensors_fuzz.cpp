// libFuzzer target: the safetensors reader (header length, JSON header, offsets) over arbitrary bytes.
// Any exception other than trenchcoat::Error, any sanitizer report, timeout or out-of-memory is a bug.
// See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <span>

#include "neural/safetensors_file.hpp"
#include "trenchcoat/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    trenchcoat::neural::SafetensorsFile file(bytes, "fuzz.safetensors");
    for (const auto& t : file.tensors()) {
      volatile std::byte sink{};
      if (!t.bytes.empty()) sink = t.bytes.front() ^ t.bytes.back();
      (void)sink;
    }
  } catch (const trenchcoat::Error&) {}
  return 0;
}
