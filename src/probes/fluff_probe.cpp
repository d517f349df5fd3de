// fluff: a content-free opening and closing around the text, in its language (see probe.hpp).
#include <array>
#include <string>

#include "probe_factories.hpp"
#include "probe_random.hpp"
#include "probe_text.hpp"

namespace trenchcoat::probes::detail {
namespace {

struct FluffTable {
  std::string_view language;
  std::array<std::string_view, 3> openings;
  std::array<std::string_view, 3> closings;
};

constexpr std::array<FluffTable, 3> kFluff{{
    {"en",
     {"It is worth noting that the following is the case.",
      "Before going further, it should be said that this is a topic.",
      "As is generally understood, there are things to say here."},
     {"All things considered, that is how it is.", "In the end, it is what it is.",
      "And that, in summary, is the matter as it stands."}},
    {"de",
     {"Es ist erwähnenswert, dass Folgendes der Fall ist.",
      "Zunächst sei gesagt, dass es sich hier um ein Thema handelt.",
      "Wie allgemein bekannt ist, gibt es hierzu etwas zu sagen."},
     {"Alles in allem ist es eben so.", "Letzten Endes ist es, wie es ist.",
      "Und das ist, zusammengefasst, der Stand der Dinge."}},
    {"zh",
     {"值得注意的是，以下情况属实。", "首先需要说明的是，这是一个话题。", "众所周知，这里有一些话要说。"},
     {"总而言之，事情就是这样。", "归根结底，事情就是如此。", "综上所述，这就是事情的现状。"}},
}};

class FluffProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const std::string code = language_code(input.language);
    for (const FluffTable& table : kFluff) {
      if (table.language != code) continue;
      ProbeRandom random(seed);
      const std::string_view opening = table.openings[random.below(table.openings.size())];
      const std::string_view closing = table.closings[random.below(table.closings.size())];
      const std::string_view separator = code == "zh" ? "" : " ";
      std::string variant(opening);
      variant += separator;
      variant += input.candidate;
      variant += separator;
      variant += closing;
      return make_variant(std::move(variant));
    }
    return skip("no filler for language '" + code + "'");  // unreachable behind the language check
  }

 private:
  ProbeInfo info_{
      "fluff", "a content-free opening and closing added in the text's language", {"en", "de", "zh"}, false};
};

}  // namespace

std::unique_ptr<Probe> make_fluff_probe() { return std::make_unique<FluffProbe>(); }

}  // namespace trenchcoat::probes::detail
