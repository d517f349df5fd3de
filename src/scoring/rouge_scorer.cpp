#include "trenchcoat/scoring/rouge_scorer.hpp"

#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/rouge.hpp"
#include "trenchcoat/metrics/signature.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::scoring {
namespace {

enum class RougeMeasure { f, p, r };

RougeMeasure measure_of(const std::string& value) {
  return value == "p" ? RougeMeasure::p : value == "r" ? RougeMeasure::r : RougeMeasure::f;
}

const char* measure_name(RougeMeasure m) {
  switch (m) {
    case RougeMeasure::f:
      return "f";
    case RougeMeasure::p:
      return "p";
    case RougeMeasure::r:
      return "r";
  }
  return "f";
}

std::string item_label(std::size_t i, const Item& item) {
  return "item " + std::to_string(i + 1) + (item.id.empty() ? "" : " (id " + item.id + ")");
}

class RougeScorer : public Scorer {
 public:
  RougeScorer(metrics::RougeType type, bool stem, RougeMeasure measure) : type_(type), stem_(stem), measure_(measure) {
    info_.name = "rouge";
    info_.description = "ROUGE as Google's rouge-score (with NLTK's Porter stemmer); items: " + type_.name() + " " +
                        (measure_ == RougeMeasure::f   ? "F1"
                         : measure_ == RougeMeasure::p ? "precision"
                                                       : "recall") +
                        ", best reference by F1; corpus: mean of items";
    info_.required_fields = {"candidate", "references"};
    info_.direction = Direction::higher_is_better;
    info_.options = rouge_option_info();
    info_.kind = ScorerKind::pointwise;
  }
  const ScorerInfo& info() const override { return info_; }

  ScoreResult score(std::span<const Item> items) const override {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Item& item = items[i];
      if (item.references.empty()) throw Error(item_label(i, item) + ": rouge needs at least one reference");
      if (text::find_invalid_utf8(item.candidate))
        throw Error(item_label(i, item) + ": the candidate is not valid UTF-8");
      for (const std::string& r : item.references)
        if (text::find_invalid_utf8(r)) throw Error(item_label(i, item) + ": a reference is not valid UTF-8");
    }
    ScoreResult result;
    result.item_scores.reserve(items.size());
    metrics::Rouge rouge({type_}, stem_);
    double sum = 0.0;
    for (const Item& item : items) {
      const metrics::RougeScore s = item.references.size() == 1
                                        ? rouge.score(item.references.front(), item.candidate).front()
                                        : rouge.score_multi(item.references, item.candidate).front();
      const double v = measure_ == RougeMeasure::f ? s.fmeasure : measure_ == RougeMeasure::p ? s.precision : s.recall;
      result.item_scores.push_back(v);
      sum += v;
    }
    if (!items.empty()) result.corpus_score = sum / static_cast<double>(items.size());
    return result;
  }

  std::string signature() const override {
    metrics::Signature sig;
    sig.add("type", "t", type_.name());
    sig.add("stem", "s", metrics::yes_no(stem_));
    sig.add("measure", "m", measure_name(measure_));
    return "ROUGE|" + sig.format(false);
  }

  std::shared_ptr<const CorpusAggregate> corpus_aggregate() const override { return mean_aggregate(); }

 private:
  metrics::RougeType type_;
  bool stem_;
  RougeMeasure measure_;
  ScorerInfo info_;
};

}  // namespace

std::vector<OptionInfo> rouge_option_info() {
  return {
      OptionInfo::choice("type", "rougeL",
                         {"rouge1", "rouge2", "rouge3", "rouge4", "rouge5", "rouge6", "rouge7", "rouge8", "rouge9",
                          "rougeL", "rougeLsum"},
                         "the ROUGE type (rougeLsum: sentences = lines)"),
      OptionInfo::boolean("stem", "false", "Porter stemming of words longer than 3 characters (NLTK, as rouge-score)"),
      OptionInfo::choice("measure", "f", {"f", "p", "r"}, "f (F1), p (precision) or r (recall)")
          .alias("fmeasure", "f")
          .alias("f1", "f")
          .alias("precision", "p")
          .alias("recall", "r")};
}

std::unique_ptr<Scorer> make_rouge_scorer(const ScorerOptions& options) {
  const OptionValues v = validate_options("rouge", rouge_option_info(), options);
  return std::make_unique<RougeScorer>(metrics::RougeType::parse(v.text("type")), v.boolean("stem"),
                                       measure_of(v.text("measure")));
}

}  // namespace trenchcoat::scoring
