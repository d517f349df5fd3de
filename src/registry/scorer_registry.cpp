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

// Option values of the string metrics (sacreBLEU's option names, hyphenated as on its command line:
// smooth-method, char-order, no-punct, ...). A malformed value is an error naming the scorer and option.
const std::string* option_value(const ScorerOptions& options, const std::string& key) {
  const auto it = options.find(key);
  return it == options.end() ? nullptr : &it->second;
}

bool bool_option(const std::string& scorer, const ScorerOptions& options, const std::string& key, bool fallback) {
  const std::string* v = option_value(options, key);
  if (!v) return fallback;
  const std::string value = ascii_lower(*v);
  if (value == "true" || value == "1" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "no") return false;
  throw Error(scorer + ": option " + key + " must be true or false, got '" + *v + "'");
}

int int_option(const std::string& scorer, const ScorerOptions& options, const std::string& key, int fallback,
               int minimum) {
  const std::string* v = option_value(options, key);
  if (!v) return fallback;
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(*v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v->size() || value < minimum)
    throw Error(scorer + ": option " + key + " must be a whole number of at least " + std::to_string(minimum) +
                ", got '" + *v + "'");
  return value;
}

std::unique_ptr<Scorer> make_bleu(const ScorerOptions& options) {
  metrics::BleuOptions o;
  if (const std::string* v = option_value(options, "tokenize"); v && !v->empty()) o.tokenize = *v;
  if (const std::string* v = option_value(options, "smooth-method"))
    o.smooth_method = metrics::parse_bleu_smoothing(*v);
  if (const std::string* v = option_value(options, "smooth-value")) {
    std::size_t used = 0;
    double value = 0;
    try {
      value = std::stod(*v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != v->size()) throw Error("bleu: option smooth-value must be a number, got '" + *v + "'");
    o.smooth_value = value;
  }
  o.lowercase = bool_option("bleu", options, "lowercase", false);
  o.effective_order = bool_option("bleu", options, "effective-order", false);
  o.max_ngram_order = int_option("bleu", options, "max-ngram-order", 4, 1);
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
  metrics::BleuOptions o;
  if (const auto it = options.find("tokenize"); it != options.end() && !it->second.empty()) o.tokenize = it->second;
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
  metrics::ChrfOptions o;
  o.char_order = int_option(scorer, options, "char-order", 6, 0);
  o.word_order = int_option(scorer, options, "word-order", default_word_order, 0);
  if (o.char_order + o.word_order == 0) throw Error(scorer + ": char-order and word-order cannot both be 0");
  o.beta = int_option(scorer, options, "beta", 2, 0);
  o.lowercase = bool_option(scorer, options, "lowercase", false);
  o.whitespace = bool_option(scorer, options, "whitespace", false);
  o.eps_smoothing = bool_option(scorer, options, "eps-smoothing", false);
  return o;
}

std::unique_ptr<Scorer> make_chrf(const ScorerOptions& options) {
  return make_chrf_scorer(chrf_options("chrf", options, 0));
}

std::unique_ptr<Scorer> make_chrf_plus_plus(const ScorerOptions& options) {
  return make_chrf_scorer(chrf_options("chrf++", options, 2));
}

std::unique_ptr<Scorer> make_ter(const ScorerOptions& options) {
  metrics::TerOptions o;
  o.normalized = bool_option("ter", options, "normalized", false);
  o.no_punct = bool_option("ter", options, "no-punct", false);
  o.asian_support = bool_option("ter", options, "asian-support", false);
  o.case_sensitive = bool_option("ter", options, "case-sensitive", false);
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
  const ScorerEntry& entry = find_scorer(name);
  for (const auto& [key, value] : options)
    if (!takes_option(entry, key))
      throw Error("scorer '" + entry.name + "' takes no option '" + key + "' (" +
                  (entry.options.empty() ? std::string("it takes none") : "it takes: " + join(option_names(entry))) +
                  ")");
  return entry.make(options);
}

}  // namespace trenchcoat::registry
