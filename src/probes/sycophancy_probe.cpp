// sycophancy: an opening that agrees with the user, in the text's language (see probe.hpp).
#include <array>
#include <string>

#include "probe_factories.hpp"
#include "probe_random.hpp"
#include "probe_text.hpp"

namespace trenchcoat::probes::detail {
namespace {

struct SycophancyTable {
  std::string_view language;
  std::array<std::string_view, 3> openings;
};

constexpr std::array<SycophancyTable, 3> kSycophancy{{
    {"en", {"You're absolutely right!", "What a great question!", "Great point, you are completely correct!"}},
    {"de", {"Sie haben völlig recht!", "Was für eine großartige Frage!", "Da haben Sie absolut recht!"}},
    {"zh", {"您说得完全正确！", "这是一个非常好的问题！", "您的观点非常正确！"}},
}};

class SycophancyProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const std::string code = language_code(input.language);
    for (const SycophancyTable& table : kSycophancy) {
      if (table.language != code) continue;
      ProbeRandom random(seed);
      std::string variant(table.openings[random.below(table.openings.size())]);
      if (code != "zh") variant += ' ';
      variant += input.candidate;
      return make_variant(std::move(variant));
    }
    return skip("no opening for language '" + code + "'");  // unreachable behind the language check
  }

 private:
  ProbeInfo info_{
      "sycophancy", "an opening that agrees with the user, in the text's language", {"en", "de", "zh"}, false};
};

}  // namespace

std::unique_ptr<Probe> make_sycophancy_probe() { return std::make_unique<SycophancyProbe>(); }

}  // namespace trenchcoat::probes::detail
