// sentence-repetition: one sentence (seeded choice) repeated right after itself (see probe.hpp).
#include <string>

#include "probe_factories.hpp"
#include "probe_random.hpp"
#include "probe_text.hpp"

namespace trenchcoat::probes::detail {
namespace {

class SentenceRepetitionProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const std::string_view text = input.candidate;
    const std::vector<std::string_view> sentences = split_sentences(text);
    if (sentences.empty()) return skip("no sentence");
    ProbeRandom random(seed);
    const std::string_view sentence = sentences[random.below(sentences.size())];
    const std::string code = language_code(input.language);
    const std::string_view separator = (code == "zh" || code == "ja") ? "" : " ";
    const auto end = static_cast<std::size_t>(sentence.data() + sentence.size() - text.data());
    std::string variant(text.substr(0, end));
    variant += separator;
    variant += sentence;
    variant += text.substr(end);
    return make_variant(std::move(variant));
  }

 private:
  ProbeInfo info_{"sentence-repetition",
                  "a sentence repeated right after itself (the whole text when it is one sentence)",
                  {},
                  false};
};

}  // namespace

std::unique_ptr<Probe> make_sentence_repetition_probe() { return std::make_unique<SentenceRepetitionProbe>(); }

}  // namespace trenchcoat::probes::detail
