#pragma once
// `meta pairs` as a library call: preference accuracy (plain, RewardBench v1 / 2, M-RewardBench) of
// every scorer of a scored JSON Lines file, under one scheme and an explicit tie policy, with
// bootstrap intervals (plain), LLMBar's both-orders statistics and the length-bias analysis.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/runs/preference_rows.hpp"
#include "trenchcoat/meta/length_bias.hpp"
#include "trenchcoat/meta/positional_agreement.hpp"
#include "trenchcoat/meta/preference_accuracy_intervals.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"

namespace trenchcoat::runs {

struct PairsRequest {
  std::string data;                  // JSON Lines (.gz allowed; - for standard input)
  runs::PreferenceFields fields;     // fields.missing: the missing-score policy
  std::vector<std::string> scorers;  // empty: every scorer of the first row
  runs::PreferenceLengthFields length_fields;
  std::optional<meta::PreferenceScheme> scheme;  // nullopt: chosen from the subsets
  std::optional<meta::TiePolicy> tie;            // nullopt: the scheme's default
  std::size_t bootstrap = 1000;                  // plain: resamples of the intervals (0: none)
  double confidence = 0.95;
  std::uint64_t seed = 0;
  // Every scorer read is lower-is-better (e.g. TER): its scores are negated once read, so that the
  // chosen completion must score lower; everything after (ties, intervals, length bias) sees the negation.
  bool lower_is_better = false;
};

// The length-bias analysis beside a scorer's result (meta/length_bias.hpp), on the same pairs and tie
// policy.
struct LengthBiasReport {
  runs::PreferenceLengths lengths;
  meta::LengthBias bias;
  std::optional<double> length_margin;  // calibrated policy: the margin calibrated on the lengths
  double length_baseline_score = 0;     // the scheme's score with the lengths as the scores
  bool scheme_scores_a_subset = false;  // some subset counts in the scheme's score (else the score is 0 for both)
  std::size_t left_out = 0;             // ties made by --missing tie: not the scorer's scores, left out here
  struct Subset {
    std::string name;
    double scorer = 0;
    std::optional<double> length_baseline;
    std::size_t examples = 0;
  };
  std::vector<Subset> subsets;
};

// One scorer's result with everything shown beside it.
struct ScorerPairsResult {
  runs::PreferenceRows rows;
  meta::PreferenceReport report;
  std::optional<meta::PreferenceAccuracyIntervals> intervals;  // plain scheme, bootstrap > 0
  std::optional<meta::PositionalReport> positional;            // both orders' verdicts present
  LengthBiasReport bias;
};

struct PairsResult {
  std::string scheme_choice;  // how the scheme was chosen, e.g. "as named by --scheme"
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  bool lower_is_better = false;            // the scores were negated (PairsRequest::lower_is_better)
  std::vector<ScorerPairsResult> scorers;  // in the order read
};

// The analysis of one scorer's examples and lengths.
LengthBiasReport length_bias_report(const std::vector<meta::PreferenceExample>& all_examples,
                                    runs::PreferenceLengths lengths, const meta::PreferenceReport& report);

// Reads request.data and evaluates every scorer. Throws RequestError for a confidence outside (0, 1);
// trenchcoat::Error naming the file (and line) for a scorer whose every row has a missing score, a
// named scheme none of whose subsets is in the data, a gold tie without the calibrated policy, and
// whatever reading the rows rejects.
PairsResult run_pairs(const PairsRequest& request);

}  // namespace trenchcoat::runs
