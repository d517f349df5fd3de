#include "trenchcoat/scoring/length_scorer.hpp"

#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/signature.hpp"
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::scoring {
namespace {

std::string unit_name(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::chars:
      return "chars";
    case LengthUnit::bytes:
      return "bytes";
    case LengthUnit::words:
      return "words";
  }
  return "chars";
}

class LengthScorer : public Scorer {
 public:
  explicit LengthScorer(LengthUnit unit) : unit_(unit) {
    info_.name = "length";
    info_.description = "length of the candidate (the spurious-feature baseline): characters, bytes or words";
    info_.required_fields = {"candidate"};
    info_.direction = Direction::higher_is_better;
    info_.options = length_option_info();
    info_.kind = ScorerKind::pointwise;
  }
  const ScorerInfo& info() const override { return info_; }

  ScoreResult score(std::span<const Item> items) const override {
    ScoreResult result;
    result.item_scores.reserve(items.size());
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& s = items[i].candidate;
      if (unit_ != LengthUnit::bytes && text::find_invalid_utf8(s))
        throw Error("item " + std::to_string(i + 1) + (items[i].id.empty() ? "" : " (id " + items[i].id + ")") +
                    ": the candidate is not valid UTF-8");
      double n = 0;
      switch (unit_) {
        case LengthUnit::chars:
          n = static_cast<double>(text::code_point_count(s));
          break;
        case LengthUnit::bytes:
          n = static_cast<double>(s.size());
          break;
        case LengthUnit::words:
          words.clear();
          text::split_whitespace(s, words);
          n = static_cast<double>(words.size());
          break;
      }
      result.item_scores.push_back(n);
    }
    result.corpus_score = batch_corpus_score(*mean_aggregate(), result);
    return result;
  }

  std::string signature() const override {
    metrics::Signature sig;
    sig.add("unit", "u", unit_name(unit_));
    return "length|" + sig.format(false);
  }

  std::shared_ptr<const CorpusAggregate> corpus_aggregate() const override { return mean_aggregate(); }

 private:
  LengthUnit unit_;
  ScorerInfo info_;
};

}  // namespace

std::vector<OptionInfo> length_option_info() {
  return {OptionInfo::choice("unit", "chars", {"chars", "bytes", "words"},
                             "chars (Unicode code points), bytes (UTF-8) or words (Python str.split())")
              .alias("characters", "chars")
              .alias("tokens", "words")};
}

LengthUnit parse_length_unit(const std::string& name) {
  const std::string unit = parse_option_value("length", length_option_info().front(), name).text;
  return unit == "bytes" ? LengthUnit::bytes : unit == "words" ? LengthUnit::words : LengthUnit::chars;
}

std::unique_ptr<Scorer> make_length_scorer(const ScorerOptions& options) {
  const OptionValues v = validate_options("length", length_option_info(), options);
  return std::make_unique<LengthScorer>(parse_length_unit(v.text("unit")));
}

}  // namespace trenchcoat::scoring
