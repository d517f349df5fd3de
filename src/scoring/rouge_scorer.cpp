#include "trenchcoat/scoring/rouge_scorer.hpp"

#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/rouge.hpp"
#include "trenchcoat/metrics/signature.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::scoring {
namespace {

enum class RougeMeasure { f, p, r };

std::string option_or(const ScorerOptions& options, const std::string& key, const std::string& fallback) {
  const auto it = options.find(key);
  return it == options.end() || it->second.empty() ? fallback : it->second;
}

bool parse_bool(const std::string& value) {
  if (value == "true" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "no" || value == "0") return false;
  throw Error("rouge: stem must be true or false (got '" + value + "')");
}

RougeMeasure parse_measure(const std::string& value) {
  if (value == "f" || value == "fmeasure" || value == "f1") return RougeMeasure::f;
  if (value == "p" || value == "precision") return RougeMeasure::p;
  if (value == "r" || value == "recall") return RougeMeasure::r;
  throw Error("rouge: measure must be f, p or r (got '" + value + "')");
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
  return {{"type", "rougeL", "rouge1 ... rouge9, rougeL, rougeLsum (sentences = lines)"},
          {"stem", "false", "Porter stemming of words longer than 3 characters (NLTK, as rouge-score)"},
          {"measure", "f", "f (F1), p (precision) or r (recall)"}};
}

std::unique_ptr<Scorer> make_rouge_scorer(const ScorerOptions& options) {
  for (const auto& [key, value] : options)
    if (key != "type" && key != "stem" && key != "measure")
      throw Error("rouge takes no option '" + key + "' (it takes: type, stem, measure)");
  const std::string type_name = option_or(options, "type", "rougeL");
  metrics::RougeType type;
  try {
    type = metrics::RougeType::parse(type_name);
  } catch (const Error& e) {
    throw Error("rouge: " + e.message());
  }
  return std::make_unique<RougeScorer>(type, parse_bool(option_or(options, "stem", "false")),
                                       parse_measure(option_or(options, "measure", "f")));
}

}  // namespace trenchcoat::scoring
