// empty: an empty or whitespace-only answer (see probe.hpp).
#include <array>
#include <string>

#include "probe_factories.hpp"
#include "probe_random.hpp"

namespace trenchcoat::probes::detail {
namespace {

constexpr std::array<std::string_view, 4> kEmptyAnswers{"", " ", "\n", " \n\t"};

class EmptyProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  // Whitespace-only originals are skipped before this (probe_registry.cpp), so the variant differs.
  ProbeOutcome apply(const ProbeInput& /*input*/, std::uint64_t seed) const override {
    ProbeRandom random(seed);
    return make_variant(std::string(kEmptyAnswers[random.below(kEmptyAnswers.size())]));
  }

 private:
  ProbeInfo info_{"empty", "an empty or whitespace-only answer", {}, false};
};

}  // namespace

std::unique_ptr<Probe> make_empty_probe() { return std::make_unique<EmptyProbe>(); }

}  // namespace trenchcoat::probes::detail
