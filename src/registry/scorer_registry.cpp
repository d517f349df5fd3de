#include "trenchcoat/registry/scorer_registry.hpp"

#include <algorithm>

#include "trenchcoat/build_options.hpp"
#include "trenchcoat/error.hpp"
#if TRENCHCOAT_WITH_JUDGES
#include "trenchcoat/judges/command_scorer.hpp"
#include "trenchcoat/judges/llm_judge.hpp"
#endif
#if TRENCHCOAT_WITH_NEURAL
#include "trenchcoat/registry/neural_scorers.hpp"
#endif
#include "trenchcoat/scoring/rouge_scorer.hpp"
#include "trenchcoat/scoring/length_scorer.hpp"
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/scoring/string_metric_scorer.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::registry {

// The registry builds scoring's scorers: its names are used unqualified here.
using namespace scoring;

namespace {

using text::ascii_lower;
using text::join;

// The string metrics read their options from their tables (string_metric_scorer.hpp), validated and
// converted by validate_options.
std::unique_ptr<Scorer> make_bleu(const ScorerOptions& options) {
  const OptionValues v = validate_options("bleu", bleu_option_info(), options);
  metrics::BleuOptions o;
  o.tokenize = v.text("tokenize");
  o.smooth_method = metrics::parse_bleu_smoothing(v.text("smooth-method"));
  if (v.has("smooth-value")) o.smooth_value = v.number("smooth-value");
  o.lowercase = v.boolean("lowercase");
  o.effective_order = v.boolean("effective-order");
  o.max_ngram_order = static_cast<int>(v.integer("max-ngram-order"));
  return make_bleu_scorer(o);
}

// A scorer whose aggregates are means of item scores: the inner scorer's corpus score and statistics
// are replaced by the mean.
class ItemOnlyScorer : public Scorer {
 public:
  explicit ItemOnlyScorer(std::unique_ptr<Scorer> inner) : inner_(std::move(inner)) {}
  const ScorerInfo& info() const override { return inner_->info(); }
  ScoreResult score(std::span<const Item> items) const override {
    ScoreResult r = inner_->score(items);
    r.item_stats.clear();
    r.corpus_score.reset();
    return r;
  }
  std::string signature() const override { return inner_->signature(); }
  std::shared_ptr<const CorpusAggregate> corpus_aggregate() const override { return mean_aggregate(); }

 private:
  std::unique_ptr<Scorer> inner_;
};

// WMT's sentBLEU baseline: sentence BLEU with exp smoothing and without effective order
// (as in the WMT21 metrics task; effective_order=True gives different values); no corpus score.
std::unique_ptr<Scorer> make_sentbleu(const ScorerOptions& options) {
  const OptionValues v = validate_options("sentbleu", sentbleu_option_info(), options);
  metrics::BleuOptions o;
  o.tokenize = v.text("tokenize");
  ScorerInfo info{"sentbleu",
                  "sentence BLEU as WMT's sentBLEU (sacreBLEU sentence BLEU, exp smoothing, no effective order); "
                  "no corpus score",
                  {"candidate", "references"},
                  Direction::higher_is_better,
                  sentbleu_option_info()};
  auto metric = std::make_shared<metrics::Bleu>(o);
  return std::make_unique<ItemOnlyScorer>(std::make_unique<StringMetricScorer>(
      std::move(info), metric, metric,
      std::vector<metrics::SignatureField>{{"order", "o", std::to_string(o.max_ngram_order)},
                                           {"item-eff", "ie", "no"}}));
}

metrics::ChrfOptions chrf_options(const std::string& scorer, const ScorerOptions& options, int default_word_order) {
  const OptionValues v = validate_options(scorer, chrf_option_info(default_word_order), options);
  metrics::ChrfOptions o;
  o.char_order = static_cast<int>(v.integer("char-order"));
  o.word_order = static_cast<int>(v.integer("word-order"));
  if (o.char_order + o.word_order == 0)
    throw Error("scorer '" + scorer + "': options 'char-order' and 'word-order' cannot both be 0");
  o.beta = static_cast<int>(v.integer("beta"));
  o.lowercase = v.boolean("lowercase");
  o.whitespace = v.boolean("whitespace");
  o.eps_smoothing = v.boolean("eps-smoothing");
  return o;
}

std::unique_ptr<Scorer> make_chrf(const ScorerOptions& options) {
  return make_chrf_scorer(chrf_options("chrf", options, 0));
}

std::unique_ptr<Scorer> make_chrf_plus_plus(const ScorerOptions& options) {
  return make_chrf_scorer(chrf_options("chrf++", options, 2));
}

std::unique_ptr<Scorer> make_ter(const ScorerOptions& options) {
  const OptionValues v = validate_options("ter", ter_option_info(), options);
  metrics::TerOptions o;
  o.normalized = v.boolean("normalized");
  o.no_punct = v.boolean("no-punct");
  o.asian_support = v.boolean("asian-support");
  o.case_sensitive = v.boolean("case-sensitive");
  return make_ter_scorer(o);
}

}  // namespace

const std::vector<ScorerEntry>& scorer_registry() {
  // The rows in --help order; the judge and neural rows only where the build has those layers.
  static const std::vector<ScorerEntry> entries = [] {
    std::vector<ScorerEntry> e = {
        {"bleu", "BLEU", "BLEU (sacreBLEU defaults); items: sentence BLEU; corpus: corpus BLEU", bleu_option_info(),
         make_bleu},
        {"sentbleu", "sentBLEU", "WMT's sentBLEU: sentence BLEU without effective order; aggregates: mean of sentences",
         sentbleu_option_info(), make_sentbleu},
        {"chrf", "chrF", "chrF2 (sacreBLEU defaults); items: sentence chrF; corpus: corpus chrF", chrf_option_info(0),
         make_chrf},
        {"chrf++", "chrF++", "chrF2++ (word order 2); items: sentence chrF++; corpus: corpus chrF++",
         chrf_option_info(2), make_chrf_plus_plus},
        {"ter", "TER", "TER (sacreBLEU defaults); lower is better", ter_option_info(), make_ter},
    };
#if TRENCHCOAT_WITH_JUDGES
    e.push_back({"judge", "judge",
                 "LLM judge over an OpenAI-compatible endpoint: pointwise 1-10 rating of prompt + candidate, or "
                 "mode=pairwise preference (+ alternative)",
                 judges::judge_option_info(), judges::make_judge_scorer});
#endif
    e.push_back({"rouge", "ROUGE",
                 "ROUGE (rouge-score, NLTK Porter stemmer): type=rouge1..9|rougeL|rougeLsum, stem, measure=f|p|r; "
                 "best reference by F1",
                 rouge_option_info(), make_rouge_scorer});
    e.push_back({"length", "length", "length of the candidate (unit=chars|bytes|words): the spurious-feature baseline",
                 length_option_info(), make_length_scorer});
#if TRENCHCOAT_WITH_JUDGES
    e.push_back({"cmd", "cmd", "your own program: items as JSON Lines on stdin, one score per line on stdout",
                 judges::command_scorer_option_info(), judges::make_command_scorer});
#endif
#if TRENCHCOAT_WITH_NEURAL
    e.push_back({"comet", "COMET",
                 "COMET regression metric (e.g. wmt22-comet-da) from its released checkpoint: path=DIR",
                 neural_option_info(), make_comet_scorer});
    e.push_back({"cometkiwi", "CometKiwi",
                 "reference-free COMET (e.g. wmt22-cometkiwi-da) from its released checkpoint: path=DIR",
                 neural_option_info(), make_cometkiwi_scorer});
    e.push_back({"rm", "RM", "encoder reward model (DeBERTa-v2/v3 or XLM-R sequence classifier, HF layout): path=DIR",
                 neural_option_info(), make_reward_model_scorer});
#endif
    // (new scorers: one row each, above this line)
    return e;
  }();
  return entries;
}

const std::vector<LeftOutScorer>& left_out_scorers() {
  static const std::vector<LeftOutScorer> left_out = [] {
    std::vector<LeftOutScorer> out;
    if (!TRENCHCOAT_WITH_JUDGES)
      for (const char* name : {"judge", "cmd"}) out.push_back({name, "TRENCHCOAT_WITH_JUDGES"});
    if (!TRENCHCOAT_WITH_NEURAL)
      for (const char* name : {"comet", "cometkiwi", "rm"}) out.push_back({name, "TRENCHCOAT_WITH_NEURAL"});
    return out;
  }();
  return left_out;
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
  for (const auto& l : left_out_scorers())
    if (l.name == key)
      throw Error("scorer '" + l.name + "' is not in this build: trenchcoat was configured with -D" + l.option +
                  "=OFF (configure with -D" + l.option + "=ON to build it)");
  throw Error("unknown scorer '" + std::string(name) + "' (known: " + join(scorer_names()) + ")");
}

std::vector<std::string> option_names(const ScorerEntry& entry) {
  std::vector<std::string> names;
  for (const auto& o : entry.options) names.push_back(o.name);
  return names;
}

bool takes_option(const ScorerEntry& entry, std::string_view option) {
  return std::any_of(entry.options.begin(), entry.options.end(), [&](const OptionInfo& o) { return o.name == option; });
}

std::unique_ptr<Scorer> make_scorer(std::string_view name, const ScorerOptions& options) {
  // Each family checks `options` against its table (validate_options) before it reads them.
  return find_scorer(name).make(options);
}

}  // namespace trenchcoat::registry
