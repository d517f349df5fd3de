#include "trenchcoat/scoring/scorer_registry.hpp"

#include <algorithm>

#include "trenchcoat/error.hpp"
#include "trenchcoat/scoring/string_metric_scorer.hpp"

namespace trenchcoat::scoring {
namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::unique_ptr<Scorer> make_bleu(const ScorerOptions& options) {
  metrics::BleuOptions o;
  if (const auto it = options.find("tokenize"); it != options.end() && !it->second.empty()) o.tokenize = it->second;
  return make_bleu_scorer(o);
}

// A scorer with item scores only: the inner scorer's corpus score is dropped, so that aggregates are
// means of item scores.
class ItemOnlyScorer : public Scorer {
 public:
  explicit ItemOnlyScorer(std::unique_ptr<Scorer> inner) : inner_(std::move(inner)) {}
  const ScorerInfo& info() const override { return inner_->info(); }
  ScoreResult score(std::span<const Item> items) const override {
    ScoreResult r = inner_->score(items);
    r.corpus_score.reset();
    return r;
  }
  std::string signature() const override { return inner_->signature(); }

 private:
  std::unique_ptr<Scorer> inner_;
};

// WMT's sentBLEU baseline: sentence BLEU with exp smoothing and without effective order
// (spec/metaeval.md data README 6D: effective_order=True gives different values); no corpus score.
std::unique_ptr<Scorer> make_sentbleu(const ScorerOptions& options) {
  metrics::BleuOptions o;
  if (const auto it = options.find("tokenize"); it != options.end() && !it->second.empty()) o.tokenize = it->second;
  ScorerInfo info{"sentbleu",
                  "sentence BLEU as WMT's sentBLEU (sacreBLEU sentence BLEU, exp smoothing, no effective order); "
                  "no corpus score",
                  {"candidate", "references"},
                  Direction::higher_is_better,
                  {{"tokenize", "13a", "13a, intl, zh, char, none, flores101, flores200, spm, spBLEU-1K"}}};
  auto metric = std::make_shared<metrics::Bleu>(o);
  return std::make_unique<ItemOnlyScorer>(std::make_unique<StringMetricScorer>(
      std::move(info), metric, metric,
      std::vector<metrics::SignatureField>{{"order", "o", std::to_string(o.max_ngram_order)}, {"item-eff", "ie", "no"}}));
}

std::unique_ptr<Scorer> make_chrf(const ScorerOptions&) { return make_chrf_scorer({}); }

std::unique_ptr<Scorer> make_chrf_plus_plus(const ScorerOptions&) {
  metrics::ChrfOptions o;
  o.word_order = 2;
  return make_chrf_scorer(o);
}

std::unique_ptr<Scorer> make_ter(const ScorerOptions&) { return make_ter_scorer({}); }

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

const std::vector<ScorerEntry>& scorer_registry() {
  static const std::vector<ScorerEntry> entries = {
      {"bleu", "BLEU", "BLEU (sacreBLEU defaults); items: sentence BLEU; corpus: corpus BLEU", {"tokenize"}, make_bleu},
      {"sentbleu", "sentBLEU", "WMT's sentBLEU: sentence BLEU without effective order; aggregates: mean of sentences",
       {"tokenize"}, make_sentbleu},
      {"chrf", "chrF", "chrF2 (sacreBLEU defaults); items: sentence chrF; corpus: corpus chrF", {}, make_chrf},
      {"chrf++", "chrF++", "chrF2++ (word order 2); items: sentence chrF++; corpus: corpus chrF++", {}, make_chrf_plus_plus},
      {"ter", "TER", "TER (sacreBLEU defaults); lower is better", {}, make_ter},
      // (new scorers: one row each, above this line)
  };
  return entries;
}

std::vector<std::string> scorer_names() {
  std::vector<std::string> names;
  for (const auto& e : scorer_registry()) names.push_back(e.name);
  return names;
}

const ScorerEntry& find_scorer(std::string_view name) {
  const std::string key = ascii_lower(name);
  for (const auto& e : scorer_registry())
    if (e.name == key) return e;
  throw Error("unknown scorer '" + std::string(name) + "' (known: " + join(scorer_names()) + ")");
}

std::unique_ptr<Scorer> make_scorer(std::string_view name, const ScorerOptions& options) {
  const ScorerEntry& entry = find_scorer(name);
  for (const auto& [key, value] : options)
    if (std::find(entry.options.begin(), entry.options.end(), key) == entry.options.end())
      throw Error("scorer '" + entry.name + "' takes no option '" + key + "' (" +
                  (entry.options.empty() ? std::string("it takes none") : "it takes: " + join(entry.options)) + ")");
  return entry.make(options);
}

}  // namespace trenchcoat::scoring
