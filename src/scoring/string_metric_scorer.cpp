#include "trenchcoat/scoring/string_metric_scorer.hpp"

#include <algorithm>

#include "trenchcoat/error.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"

namespace trenchcoat::scoring {

StringMetricScorer::StringMetricScorer(ScorerInfo info, std::shared_ptr<const metrics::StringMetric> corpus_metric,
                                       std::shared_ptr<const metrics::StringMetric> item_metric,
                                       std::vector<metrics::SignatureField> extra_signature_fields)
    : info_(std::move(info)),
      corpus_metric_(std::move(corpus_metric)),
      item_metric_(std::move(item_metric)),
      extra_fields_(std::move(extra_signature_fields)),
      aggregate_(metric_aggregate(corpus_metric_)) {}

ScoreResult StringMetricScorer::score(std::span<const Item> items) const {
  std::vector<std::string_view> hyps;
  metrics::SegmentReferences refs;
  hyps.reserve(items.size());
  refs.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].references.empty())
      throw Error("item " + std::to_string(i + 1) + (items[i].id.empty() ? "" : " (id " + items[i].id + ")") + ": " +
                  info_.name + " needs at least one reference");
    hyps.push_back(items[i].candidate);
    refs.emplace_back(items[i].references.begin(), items[i].references.end());
  }
  ScoreResult result;
  if (items.empty()) return result;
  auto stats = metrics::segment_stats(*corpus_metric_, {hyps}, refs);
  const std::size_t width = corpus_metric_->stats_size();
  result.item_scores.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    result.item_scores.push_back(
        item_metric_->score_from_stats(std::span<const double>(stats[0].data() + i * width, width)).score);
  result.corpus_score = corpus_metric_->score_from_stats(metrics::sum_stats(stats[0], width)).score;
  result.item_stats = std::move(stats[0]);
  std::size_t fewest = refs.front().size(), most = fewest;
  for (const auto& r : refs) {
    fewest = std::min(fewest, r.size());
    most = std::max(most, r.size());
  }
  {
    std::lock_guard lock(references_mutex_);
    fewest_references_ = fewest_references_ == 0 ? fewest : std::min(fewest_references_, fewest);
    most_references_ = std::max(most_references_, most);
  }
  return result;
}

std::string StringMetricScorer::signature() const {
  std::string nrefs = "1";
  {
    std::lock_guard lock(references_mutex_);
    if (most_references_ > 0)
      nrefs = fewest_references_ == most_references_ ? std::to_string(most_references_) : std::string("var");
  }
  metrics::Signature sig;
  sig.add("nrefs", "#", nrefs);
  for (const auto& f : corpus_metric_->signature_fields()) sig.add(f.key, f.short_key, f.value);
  for (const auto& f : extra_fields_) sig.add(f.key, f.short_key, f.value);
  return corpus_metric_->name() + "|" + sig.format(false);
}

// Option names as sacreBLEU's command line spells them (hyphenated), defaults as sacreBLEU 2.6.0's.
namespace {

OptionInfo tokenize_option() {
  // sacreBLEU's tokenizers that trenchcoat implements (not ja-mecab and ko-mecab, which need MeCab).
  return OptionInfo::choice("tokenize", "13a",
                            {"13a", "intl", "zh", "char", "none", "flores101", "flores200", "spm", "spBLEU-1K"},
                            "the tokenizer");
}

}  // namespace

std::vector<OptionInfo> bleu_option_info() {
  return {tokenize_option(),
          OptionInfo::choice("smooth-method", "exp", {"exp", "floor", "add-k", "none"}, "the smoothing method"),
          OptionInfo::number("smooth-value", "", "the smoothing value of floor and add-k")
              .when_unset("the method's: floor 0.1, add-k 1"),
          OptionInfo::boolean("lowercase", "false", "case-insensitive"),
          OptionInfo::boolean("effective-order", "false", "effective order for the corpus score (items always use it)"),
          OptionInfo::integer("max-ngram-order", "4", "largest n-gram order").at_least(1)};
}

std::vector<OptionInfo> sentbleu_option_info() { return {tokenize_option()}; }

std::vector<OptionInfo> chrf_option_info(int default_word_order) {
  return {OptionInfo::integer("char-order", "6", "character n-gram order").at_least(0),
          OptionInfo::integer("word-order", std::to_string(default_word_order), "word n-gram order (2: chrF++)")
              .at_least(0),
          OptionInfo::integer("beta", "2", "recall weight").at_least(0),
          OptionInfo::boolean("lowercase", "false", "case-insensitive"),
          OptionInfo::boolean("whitespace", "false", "keep whitespace in character n-grams"),
          OptionInfo::boolean("eps-smoothing", "false", "epsilon smoothing instead of effective order")};
}

std::vector<OptionInfo> ter_option_info() {
  return {OptionInfo::boolean("normalized", "false", "basic normalisation and tokenization"),
          OptionInfo::boolean("no-punct", "false", "remove punctuation"),
          OptionInfo::boolean("asian-support", "false", "special treatment of Asian characters"),
          OptionInfo::boolean("case-sensitive", "false", "case-sensitive")};
}

std::unique_ptr<Scorer> make_bleu_scorer(const metrics::BleuOptions& options) {
  ScorerInfo info{"bleu",
                  "BLEU (sacreBLEU 2.6.0); items: sentence BLEU with effective order; corpus: corpus BLEU",
                  {"candidate", "references"},
                  Direction::higher_is_better,
                  bleu_option_info()};
  auto item_options = options;
  item_options.effective_order = true;
  return std::make_unique<StringMetricScorer>(
      std::move(info), std::make_shared<metrics::Bleu>(options), std::make_shared<metrics::Bleu>(item_options),
      std::vector<metrics::SignatureField>{{"order", "o", std::to_string(options.max_ngram_order)},
                                           {"item-eff", "ie", "yes"}});
}

std::unique_ptr<Scorer> make_chrf_scorer(const metrics::ChrfOptions& options) {
  ScorerInfo info{"chrf",
                  "chrF / chrF++ (sacreBLEU 2.6.0); items: sentence chrF; corpus: corpus chrF",
                  {"candidate", "references"},
                  Direction::higher_is_better,
                  chrf_option_info(options.word_order == 2 ? 2 : 0)};
  auto metric = std::make_shared<metrics::Chrf>(options);
  return std::make_unique<StringMetricScorer>(
      std::move(info), metric, metric,
      std::vector<metrics::SignatureField>{{"beta", "b", std::to_string(options.beta)}});
}

std::unique_ptr<Scorer> make_ter_scorer(const metrics::TerOptions& options) {
  ScorerInfo info{"ter",
                  "TER (sacreBLEU 2.6.0, tercom-compatible); lower is better",
                  {"candidate", "references"},
                  Direction::lower_is_better,
                  ter_option_info()};
  auto metric = std::make_shared<metrics::Ter>(options);
  return std::make_unique<StringMetricScorer>(std::move(info), metric, metric);
}

}  // namespace trenchcoat::scoring
