// truncation: the text cut after floor(n/2) of its n >= 2 word units (see probe.hpp).
#include <string>

#include "probe_factories.hpp"
#include "probe_text.hpp"

namespace trenchcoat::probes::detail {
namespace {

class TruncationProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t /*seed*/) const override {
    const std::string_view text = input.candidate;
    const WordUnits words = word_units(text, input.language);
    if (words.units.size() < 2) return skip(words.spaceless ? "fewer than 2 characters" : "fewer than 2 words");
    const std::string_view last = words.units[words.units.size() / 2 - 1];
    // The prefix ends where the last kept unit ends, so trailing whitespace is never kept.
    return make_variant(std::string(text.substr(0, static_cast<std::size_t>(last.data() + last.size() - text.data()))));
  }

 private:
  ProbeInfo info_{
      "truncation", "the text cut after the first half of its words (characters without spaces)", {}, false};
};

}  // namespace

std::unique_ptr<Probe> make_truncation_probe() { return std::make_unique<TruncationProbe>(); }

}  // namespace trenchcoat::probes::detail
