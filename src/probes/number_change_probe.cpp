// number-change: one digit of one ASCII digit run replaced by a different digit (see probe.hpp).
#include <string>
#include <vector>

#include "probe_factories.hpp"
#include "probe_random.hpp"

namespace trenchcoat::probes::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class NumberChangeProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const std::string& text = input.candidate;
    struct Run {
      std::size_t begin, end;
    };
    std::vector<Run> runs;
    for (std::size_t i = 0; i < text.size();) {
      if (!is_digit(text[i])) {
        ++i;
        continue;
      }
      const std::size_t begin = i;
      while (i < text.size() && is_digit(text[i])) ++i;
      runs.push_back({begin, i});
    }
    if (runs.empty()) return skip("no digit");
    ProbeRandom random(seed);
    const Run run = runs[random.below(runs.size())];
    const std::size_t at = run.begin + random.below(run.end - run.begin);
    // The first digit of a run of two or more never becomes 0 (no new leading zero).
    const char lowest = (at == run.begin && run.end - run.begin > 1) ? '1' : '0';
    std::string choices;
    for (char d = lowest; d <= '9'; ++d)
      if (d != text[at]) choices += d;
    std::string variant = text;
    variant[at] = choices[random.below(choices.size())];
    return make_variant(std::move(variant));
  }

 private:
  ProbeInfo info_{"number-change", "one digit of one number replaced by a different digit", {}, false};
};

}  // namespace

std::unique_ptr<Probe> make_number_change_probe() { return std::make_unique<NumberChangeProbe>(); }

}  // namespace trenchcoat::probes::detail
