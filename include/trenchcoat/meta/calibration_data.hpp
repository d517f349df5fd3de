#pragma once
// The samples a calibration study reads: a score per sample that a recalibration map turns into a
// probability, a label in [0, 1], the group that cross-fitting keeps together, and a subset name.
//
// Two readings of a scorer:
//   * pairwise (Bradley-Terry): a sample is a pair (a, b) of outputs for the same input; its score is
//     the difference s_a - s_b, read at temperature T as P(a better than b) = sigma((s_a - s_b) / T);
//     its label is 1 when the human prefers a, 0 when b, and 1/2 for a human tie (TieHandling::half,
//     the Bradley-Terry reading of a tie: both orders equally likely) unless ties are dropped. The
//     orientation of a pair is arbitrary, so the study symmetrises pairs (each pair also counts as
//     (b, a) with score -d and label 1 - y; spec section 4: the symmetrised positive-class reading).
//   * pointwise: a sample is one output; its score is read as a probability of a binary label (a
//     human "faithful / correct / acceptable" flag, or a numeric human score thresholded).
#include <cstddef>
#include <string>
#include <vector>

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

enum class CalibrationReading { pairwise, pointwise };
enum class TieHandling { half, drop };

struct CalibrationData {
  CalibrationReading reading = CalibrationReading::pairwise;
  std::vector<double> scores;        // pairwise: s_a - s_b; pointwise: the score
  std::vector<double> labels;        // in [0, 1]
  std::vector<std::size_t> groups;   // cross-fitting never splits a group between folds
  std::vector<std::string> subsets;  // per sample ("" when the data has no subsets)
  std::size_t ties = 0;              // pairwise: human ties (kept with label 1/2, or dropped)
  std::size_t dropped_ties = 0;
  std::size_t missing = 0;  // score-table pairs skipped for a missing (None) human score
  // Pairs with a missing scorer score (NaN: null in rows, None in a metric file), handled by the
  // policy: error (an Error naming the line or item and the --missing flag), drop (left out) or tie
  // (the scorer is read as having no preference: score difference 0, i.e. P = 1/2 at any temperature).
  MissingPolicy missing_policy = MissingPolicy::error;
  std::size_t missing_scores = 0;  // pairs the policy dropped or tied
};

// Pairs of preference rows (chosen first): score = s_chosen - s_rejected (negated when the scorer is
// lower-is-better), label 1, or 1/2 for a row the gold calls a tie; one group per row. Rows with more
// than two scores (best-of-n lists) are an Error naming the line: calibration reads pairs.
CalibrationData calibration_pairs_from_preferences(const std::vector<PreferenceExample>& examples, TieHandling ties,
                                                   bool lower_is_better, MissingPolicy missing = MissingPolicy::error);

// Pairs of systems on the same item from mt-metrics-eval tables (e.g. segment-level MQM and a
// metric's segment scores, same systems and items): for every item and every pair of systems i < j
// (table order) with both human scores present, score = m_i - m_j, label 1 if h_i > h_j, 0 if
// h_i < h_j, a tie if equal. The group is the item (all pairs of a segment share a fold), the subset
// `subset_of_item[item]` when given (e.g. the domain), else "". The tables must hold the same
// systems in the same order and the same number of items (an Error otherwise); a missing metric
// score follows `missing` (above), a missing human score skips the pair (counted in `missing`).
CalibrationData calibration_pairs_from_tables(const ScoreTable& metric, const ScoreTable& human, TieHandling ties,
                                              const std::vector<std::string>& subset_of_item = {},
                                              MissingPolicy missing = MissingPolicy::error);

}  // namespace trenchcoat::meta
