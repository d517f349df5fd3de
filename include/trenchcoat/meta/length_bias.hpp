#pragma once
// Length bias of a preference scorer: how far its pairwise results could be
// explained by preferring the longer completion. For pairs (chosen, rejected) with the scorer's scores
// and the two completions' lengths:
//   - the accuracy of the length baseline (prefer the longer completion), with the same tie policy as
//     the scorer's result (equal lengths are a tie: 0 under strict, 1/2 under half and shared, and
//     under calibrated right only on a gold tie when the lengths differ by at most length_margin);
//   - the scorer's accuracy on the pairs whose chosen completion is shorter, longer, or as long as the
//     rejected one (the count of each; an empty group has no accuracy, never NaN);
//   - the correlation of the scorer's scores with length over all completions (both of every pair,
//     pooled): Pearson r and Kendall tau-b from correlation.hpp (scipy's pearsonr and kendalltau);
//     fewer than two completions, constant scores or constant lengths give no statistic and the reason;
//   - the mean length of the chosen and of the rejected completions.
// A pair's credit is best_of_n_result({chosen, rejected}, policy, margin, gold_tie) (preference_result.hpp).
// Lengths are whatever unit the caller measured (code points, words, ...); they must be finite.
// Empty input is valid: zero examples, no accuracies, no means, undefined correlations.
// A NaN or infinite score or length is a trenchcoat::Error naming the pair (1-based).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/meta/preference_result.hpp"

namespace trenchcoat::meta {

struct LengthPair {
  double chosen_score = 0;
  double rejected_score = 0;
  double chosen_length = 0;
  double rejected_length = 0;
  bool gold_tie = false;  // the gold calls the two completions equally good (calibrated policy only)
};

// Mean credit over a group of pairs; no accuracy when the group is empty.
struct GroupAccuracy {
  std::size_t examples = 0;
  std::optional<double> accuracy;
};

// A correlation with length: the statistic and its two-sided p-value, or none and the reason.
struct LengthCorrelation {
  std::optional<double> statistic;
  std::optional<double> p_value;  // none also where scipy's p-value is undefined (NaN)
  std::string undefined_reason;   // empty when statistic is set
};

struct LengthBias {
  std::size_t examples = 0;
  GroupAccuracy scorer;                      // the scorer over all pairs (the plain mean of the pair credits)
  GroupAccuracy length_baseline;             // prefer the longer completion, over all pairs
  GroupAccuracy chosen_shorter;              // the scorer on pairs with chosen_length < rejected_length
  GroupAccuracy chosen_longer;               // ... chosen_length > rejected_length
  GroupAccuracy equal_length;                // ... chosen_length == rejected_length
  std::optional<double> mean_chosen_length;  // none when there is no pair
  std::optional<double> mean_rejected_length;
  std::size_t completions = 0;  // 2 * examples: the pooled values the correlations use
  LengthCorrelation pearson;
  LengthCorrelation kendall_tau_b;
};

// The length baseline's credit for one pair under the policy (see above).
double length_baseline_result(const LengthPair& pair, TiePolicy policy, double length_margin = 0.0);

// The length baseline's accuracy over the pairs (empty: 0 examples, no accuracy).
GroupAccuracy length_baseline_accuracy(std::span<const LengthPair> pairs, TiePolicy policy, double length_margin = 0.0);

// Everything above. scorer_margin is the calibrated policy's margin for the scores (the scorer's
// report), length_margin the one for the lengths; both are ignored by the other policies.
LengthBias length_bias(std::span<const LengthPair> pairs, TiePolicy policy, double scorer_margin = 0.0,
                       double length_margin = 0.0);

}  // namespace trenchcoat::meta
