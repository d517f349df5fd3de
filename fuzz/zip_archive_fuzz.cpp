// libFuzzer target: the zip reader and, over the same bytes, the whole torch checkpoint loader (zip ->
// data.pkl -> restricted unpickler -> tensor bounds checks -> JSON of the entries). Any exception other
// than trenchcoat::Error, any sanitizer report, timeout or out-of-memory is a bug. See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <span>

#include "neural/torch_checkpoint.hpp"
#include "neural/zip_archive.hpp"
#include "trenchcoat/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    trenchcoat::neural::ZipArchive zip(bytes, "fuzz.zip");
    for (const auto& entry : zip.entries()) {
      try {
        const auto d = zip.data(entry);
        volatile std::byte sink{};
        if (!d.empty()) sink = d.front() ^ d.back();  // touch both ends: ASan checks the span
        (void)sink;
      } catch (const trenchcoat::Error&) {}
    }
  } catch (const trenchcoat::Error&) {}
  try {
    trenchcoat::neural::TorchCheckpoint checkpoint(bytes, "fuzz.bin");
    for (const auto& t : checkpoint.tensors()) {
      volatile std::byte sink{};
      if (!t.bytes.empty()) sink = t.bytes.front() ^ t.bytes.back();
      (void)sink;
    }
    for (const char* key : {"state_dict", "hyper_parameters", "epoch"}) {
      try {
        (void)checkpoint.entry(key);
      } catch (const trenchcoat::Error&) {}
    }
  } catch (const trenchcoat::Error&) {}
  return 0;
}
