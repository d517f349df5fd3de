// source-copy: the source in place of the translation (see probe.hpp).
#include <string>

#include "probe_factories.hpp"

namespace trenchcoat::probes::detail {
namespace {

class SourceCopyProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t /*seed*/) const override {
    if (input.source.empty()) return skip("no source");
    if (input.source == input.candidate) return skip("the source equals the candidate");
    return make_variant(input.source);
  }

 private:
  ProbeInfo info_{"source-copy", "the source copied in place of the translation", {}, true};
};

}  // namespace

std::unique_ptr<Probe> make_source_copy_probe() { return std::make_unique<SourceCopyProbe>(); }

}  // namespace trenchcoat::probes::detail
