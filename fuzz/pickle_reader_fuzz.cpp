// libFuzzer target: the restricted unpickler over arbitrary bytes, then the JSON conversion of the
// result. Any exception other than trenchcoat::Error, any sanitizer report, timeout or out-of-memory is
// a bug. See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <span>

#include "neural/pickle_reader.hpp"
#include "trenchcoat/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trenchcoat::neural::pickle;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    const Document doc = Document::parse(bytes, "fuzz.pkl", "data.pkl");
    (void)doc.dict_get(doc.root(), "state_dict");
    const auto json = doc.to_json(doc.root());
    (void)json.dump();
  } catch (const trenchcoat::Error&) {}
  return 0;
}
