#pragma once
// `reproduce attribution` as a library call: summaries labelled by people as attributable to their
// article or not (io/attribution_data.hpp: SEAHORSE-style rows or the QAGS set) are scored by the given
// scorers, and each scorer's agreement with the labels is measured (meta/binary_label_study.hpp: ROC
// AUC, Pearson, cross-fitted balanced accuracy, with paired bootstrap intervals), beside the length and
// majority-class baselines and, for SEAHORSE attribution data, the published leaderboard rows.
//
// Items: the summary is the candidate; the article is the source, the prompt and the one reference, so
// every scorer reads the article where it looks for its input: string metrics and ROUGE compare the
// summary with the article as reference, an LLM judge sees the article as {prompt} (and {reference}) and
// the summary as {response}, a reward model scores the summary as the response to the article, COMET
// and `cmd` programs get the article as source. Scores are oriented by the scorer's direction (a
// lower-is-better score is negated) before the statistics. An item a scorer could not score (a judge's
// unparseable answer) is an error, or with drop_unscored the item is left out for every scorer (so
// the comparison stays paired) and counted.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/io/attribution_data.hpp"
#include "trenchcoat/meta/binary_label_study.hpp"
#include "trenchcoat/registry/scorer_spec.hpp"
#include "trenchcoat/runs/progress.hpp"

namespace trenchcoat::runs {

struct AttributionRequest {
  std::string data;
  std::optional<io::AttributionFormat> format;  // nullopt: detected
  io::AttributionFields fields;
  std::vector<registry::ScorerSpec> scorers;  // may be empty: the baselines alone
  // Scorer column -> family shown in the table; unset: from the scorer's name (see scorer_family).
  std::map<std::string, std::string> families;
  bool length_baseline = true;    // length (characters) of the summary, unless a scorer is named length
  bool majority_baseline = true;  // a constant score
  bool drop_unscored = false;
  meta::BinaryLabelOptions options;  // reference: ignored, set to the first given scorer
};

struct AttributionScorer {
  std::string name;    // the column (spec's as=, else its name)
  std::string spec;    // as given (format_scorer_spec), empty for the majority baseline
  std::string family;  // dedicated metric, NLI, judge, lexical, baseline
  std::string signature;
  bool lower_is_better = false;
  meta::ScorerLabelAgreement agreement;
  // QAGS data: Pearson's r of the (oriented) score with the summary's human score, the share of its
  // sentences judged faithful, as the QAGS paper correlates metrics (a point value, no interval);
  // nullopt for other data or constant scores.
  std::optional<double> pearson_with_human_score;
};

// A published result, shown as a reference row (not computed here).
struct PublishedAttributionRow {
  std::string name, family;
  std::optional<double> pearson, auc;
};

struct AttributionResult {
  io::AttributionData data;  // examples' texts cleared; counts, fields and the label rule kept
  std::size_t unscored_dropped = 0;
  std::size_t items = 0, positives = 0;
  meta::BinaryLabelOptions options;
  std::optional<std::string> reference;  // the scorer the AUC differences are taken against
  std::vector<AttributionScorer> scorers;
  std::vector<PublishedAttributionRow> published;
  std::string published_note;  // where the published rows come from and what they are
};

// The family of a scorer by registry name: judge -> judge; bleu, sentbleu, chrf, chrf++, ter, rouge ->
// lexical; length -> baseline; comet, cometkiwi, rm, cmd and anything else -> dedicated metric.
std::string scorer_family(const std::string& name);

// The SEAHORSE leaderboard's Q4 (attribution) rows, test set.
std::vector<PublishedAttributionRow> seahorse_published_rows();

// Throws RequestError for an unusable request (no items, a family for an unknown column) and
// trenchcoat::Error for bad data or a scorer's failure.
AttributionResult run_attribution(const AttributionRequest& request, Progress& progress = no_progress());

}  // namespace trenchcoat::runs
