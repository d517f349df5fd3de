// word-shuffle: the word units in a seeded random different order (see probe.hpp).
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "probe_factories.hpp"
#include "probe_random.hpp"
#include "probe_text.hpp"

namespace trenchcoat::probes::detail {
namespace {

constexpr int kShuffleTries = 10;

class WordShuffleProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const WordUnits words = word_units(input.candidate, input.language);
    const std::vector<std::string_view>& units = words.units;
    if (std::set<std::string_view>(units.begin(), units.end()).size() < 2)
      return skip(words.spaceless ? "fewer than 2 distinct characters" : "fewer than 2 distinct words");
    const std::size_t n = units.size();
    ProbeRandom random(seed);
    std::vector<std::size_t> order(n);
    auto unchanged = [&] {
      for (std::size_t i = 0; i < n; ++i)
        if (units[order[i]] != units[i]) return false;
      return true;
    };
    bool shuffled = false;
    for (int attempt = 0; attempt < kShuffleTries && !shuffled; ++attempt) {
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[random.below(i + 1)]);  // Fisher-Yates
      shuffled = !unchanged();
    }
    if (!shuffled) {
      // A rotation by one differs from the original whenever there are 2 distinct units.
      for (std::size_t i = 0; i < n; ++i) order[i] = (i + 1) % n;
    }
    std::string variant;
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0 && !words.spaceless) variant += ' ';
      variant += units[order[i]];
    }
    return make_variant(std::move(variant));
  }

 private:
  ProbeInfo info_{"word-shuffle", "the words (characters without spaces) in a random different order", {}, false};
};

}  // namespace

std::unique_ptr<Probe> make_word_shuffle_probe() { return std::make_unique<WordShuffleProbe>(); }

}  // namespace trenchcoat::probes::detail
