// format-only: the same sentences as markdown, a header line then one bullet per sentence (see probe.hpp).
#include <string>

#include "probe_factories.hpp"
#include "probe_text.hpp"

namespace trenchcoat::probes::detail {
namespace {

std::string_view header_for(const std::string& code) {
  if (code == "en") return "## Answer";
  if (code == "de") return "## Antwort";
  if (code == "zh") return "## 回答";
  return {};
}

class FormatOnlyProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t /*seed*/) const override {
    const std::vector<std::string_view> sentences = split_sentences(input.candidate);
    if (sentences.empty()) return skip("no sentence");
    std::string variant(header_for(language_code(input.language)));
    for (const std::string_view sentence : sentences) {
      if (!variant.empty()) variant += '\n';
      variant += "- ";
      variant += sentence;
    }
    return make_variant(std::move(variant));
  }

 private:
  ProbeInfo info_{
      "format-only", "the same sentences as markdown: a header (en, de, zh) and one bullet per sentence", {}, false};
};

}  // namespace

std::unique_ptr<Probe> make_format_only_probe() { return std::make_unique<FormatOnlyProbe>(); }

}  // namespace trenchcoat::probes::detail
