#pragma once
// `reproduce translation` as a library call: M-RewardBench's translation experiment (Gureja et al.
// 2025, section 3 and Table 4) on any rated system outputs, and the comparison of metrics, reward
// models and judges on it, with nothing computed here that the other commands do not compute:
//   1. pairs: rated outputs (io/rated_translations.hpp: an error-level MQM TSV, an mt-metrics-eval
//      directory, MAPLE rows) -> EASY and HARD pairs per direction (meta/translation_pairs.hpp);
//      M-RewardBench's own rows (io/m_rewardbench_translation.hpp) are taken as they are;
//   2. the pairs as preference rows (JSON Lines: id, subset translation-DIFFICULTY-XX-YY, prompt,
//      source, reference, chosen, rejected, and the systems and human scores beside them), scored by
//      runs::score_dataset (what `trenchcoat score` runs) with every scorer and the length baseline;
//   3. per scorer, runs::run_pairs (`meta pairs --scheme plain`, with --direction lower for a
//      lower-is-better scorer): accuracy overall and per subset with percentile bootstrap intervals;
//      runs::run_calib on meta::calibration_pairs_from_preferences (`meta calib --scorer NAME`): ECE and
//      Brier before and after cross-fitted recalibration;
//   4. paired significance between every two scorers: the mean over the pairs of the difference of
//      their per-pair credits (meta::best_of_n_result under the tie policy) with a paired percentile
//      bootstrap interval (meta/bootstrap_mean.hpp: the same draws for both scorers); a difference is
//      significant when its interval excludes 0.
// The scored rows are the file `meta pairs` and `meta calib` read, so running those commands on it (or on
// `trenchcoat score` of it) gives the same numbers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/io/rated_translations.hpp"
#include "trenchcoat/meta/cross_fitted_calibration.hpp"
#include "trenchcoat/meta/paired_bootstrap.hpp"
#include "trenchcoat/meta/preference_result.hpp"
#include "trenchcoat/meta/translation_pairs.hpp"
#include "trenchcoat/runs/score_dataset.hpp"

namespace trenchcoat::runs {

enum class TranslationInputKind { mqm_tsv, mtme, maple, m_rewardbench };
std::string translation_input_kind_name(TranslationInputKind kind);  // "mqm", "mtme", "maple", "m-rewardbench"

struct TranslationInput {
  TranslationInputKind kind = TranslationInputKind::mqm_tsv;
  std::string path;
  std::string direction;  // e.g. "en-de"; MAPLE: may be empty when rows name theirs; M-RewardBench: unused
};

// The instruction given to reward models and judges as the prompt of a pair built from rated outputs;
// {source_language}, {target_language} (English names of the direction's codes) and {source} are filled.
inline constexpr const char* kDefaultTranslationPrompt =
    "Translate the following {source_language} text into {target_language}.\n\n{source}";

struct ReproduceTranslationRequest {
  std::vector<TranslationInput> inputs;
  io::RatedTranslationOptions rated;
  meta::TranslationPairOptions pairs;
  std::string prompt_template = kDefaultTranslationPrompt;
  std::vector<ScorerRequest> scorers;             // the length baseline (column "length") is added when absent
  meta::TiePolicy tie = meta::TiePolicy::strict;  // `meta pairs`' default for plain data
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  std::size_t bootstrap = 1000;  // resamples of every interval (0: none, and no significance)
  double confidence = 0.95;
  std::uint64_t seed = 0;  // of the bootstrap draws (the pairs have their own, pairs.seed)
  meta::CalibrationStudyOptions calibration;
  std::size_t batch_size = 256;
  std::string pairs_out;  // the scored pairs (JSON Lines); empty: a temporary file, removed
  bool overwrite = false;
};

// What one direction contributed.
struct TranslationDirection {
  std::string direction;
  TranslationInputKind kind = TranslationInputKind::mqm_tsv;
  std::string origin;
  std::string reference_system;  // empty: none
  std::vector<std::string> human_systems_left_out, candidates;
  std::size_t segments = 0, segments_without_reference = 0, too_few_outputs = 0;
  std::size_t easy_eligible = 0, hard_eligible = 0;  // built from ratings: segments that gave a pair
  std::size_t easy = 0, hard = 0;                    // pairs kept
  bool source_from_prompt = false;                   // M-RewardBench rows without a source field
};

struct TranslationAccuracy {
  std::string subset;     // "" overall, else translation-DIFFICULTY-XX-YY
  std::string direction;  // "" overall
  std::string difficulty;
  double accuracy = 0;
  std::optional<meta::ConfidenceInterval> interval;
  std::size_t pairs = 0;
  std::size_t ties = 0;  // pairs the scorer scored equally
};

struct TranslationCalibration {
  meta::RecalibrationMethod method = meta::RecalibrationMethod::raw;
  bool measured = false;
  std::string reason;  // not measured: why
  double ece = 0, brier = 0;
  std::optional<double> auc;
  std::optional<double> temperature;  // temperature scaling fitted on all pairs
};

struct TranslationScorerResult {
  std::string column;  // the scored rows' column (NAME.chosen / NAME.rejected or NAME.preference)
  std::string name;    // registry name
  std::string signature;
  bool lower_is_better = false;
  bool length_baseline = false;
  std::vector<TranslationAccuracy> subsets;  // in the result's subset order
  TranslationAccuracy overall;
  double cell_mean = 0;                             // the mean of the subsets' accuracies (M-RewardBench's "Avg")
  std::vector<TranslationCalibration> calibration;  // per method, in the request's order
};

// Scorer b against scorer a on the same pairs: delta = accuracy(b) - accuracy(a).
struct TranslationComparison {
  std::string a, b;
  double delta = 0;
  meta::ConfidenceInterval interval;
  bool significant = false;  // the interval excludes 0
  double p_value = 1;        // two-sided bootstrap p: twice the smaller share of resampled deltas on a side of 0
  std::size_t pairs = 0;
};

// One row of M-RewardBench's Table 4/10 (accuracy in %).
struct PublishedTranslationRow {
  const char* model;
  double avg;
  double easy[4];  // de-en, en-de, zh-en, en-zh
  double hard[4];
};
// The published rows, in the table's order.
std::vector<PublishedTranslationRow> published_m_rewardbench_translation_rows();
// The directions of those columns, in order: de-en, en-de, zh-en, en-zh.
std::vector<std::string> published_m_rewardbench_directions();

struct ReproduceTranslationResult {
  meta::TranslationPairOptions pairs;
  meta::TiePolicy tie = meta::TiePolicy::strict;
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  std::size_t bootstrap = 0;
  double confidence = 0;
  std::uint64_t seed = 0;
  meta::CalibrationStudyOptions calibration;
  std::string prompt_template;
  std::vector<TranslationDirection> directions;
  std::vector<std::string> subsets;  // translation-easy-XX-YY, translation-hard-XX-YY per direction, in input order
  std::vector<TranslationScorerResult> scorers;    // in the request's order, the length baseline last if added
  std::vector<TranslationComparison> comparisons;  // every two scorers (a before b in the scorer order)
  bool m_rewardbench_data = false;                 // every input is M-RewardBench's rows: the published rows apply
  std::string pairs_out;                           // where the scored pairs are ("" when not kept)
};

// Errors: RequestError for what the caller must correct (no input, a confidence outside (0, 1), a
// direction given twice, a reference-based scorer on pairs without references, a column written
// twice); trenchcoat::Error naming the file and line for what the inputs, scorers and the analysis
// reject, and for an existing --pairs-out without overwrite.
ReproduceTranslationResult reproduce_translation(const ReproduceTranslationRequest& request,
                                                 const ScoreRunCallbacks& callbacks = {});

}  // namespace trenchcoat::runs
