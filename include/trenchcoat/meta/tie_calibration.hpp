#pragma once
// Tie calibration of tau_23 / acc_23 ("KendallWithTiesOpt" in mt-metrics-eval): choose the metric tie
// threshold epsilon that maximises the grouped statistic, and report that maximum.
//
// Behaviour, per call:
//   1. The flat system-major vectors are cut into groups as in grouped_correlation.hpp (Grouping).
//      Within each group, every position where gold OR metric is missing (NaN) is dropped; this is
//      stricter than average_correlation, which looks at gold only.
//   2. All pairs i < j of each group are enumerated (with sample_rate < 1, each pair is kept
//      independently with probability sample_rate). A group with at least one pair is "active".
//   3. Candidate thresholds are 0 plus every distinct value of abs(m_i - m_j) over the enumerated
//      pairs, computed in double exactly like that, sorted ascending. Mathematically equal
//      differences that round differently are separate candidates, as in the reference.
//   4. For each candidate epsilon the score is the unweighted mean over active groups of that group's
//      tau_23 or acc_23 with metric tie threshold epsilon (gold ties are exact equality).
//   5. The best candidate is the argmax; among equal scores the smallest epsilon wins. "Equal" allows
//      for rounding: a larger epsilon replaces the best only if its score exceeds it by more than 1e-13.
//   6. Reported beside the value: how many enumerated pairs the chosen epsilon turns into metric ties
//      (|m_i - m_j| <= epsilon) and how many are gold ties. The largest candidate ties every pair, so
//      when most gold pairs are ties (e.g. MQM segments without errors) "predict a tie everywhere" can
//      win: that is the reference's behaviour, kept, and made visible by these counts.
//
// Cost: O(P log P) time and O(P) memory for P enumerated pairs (all groups together). Pairs are sorted
// once by abs(m_i - m_j) and the thresholds are swept in increasing order; each pair changes its
// group's count of "agreeing" pairs at most once. The running sum of the per-group values is kept
// with compensated (Neumaier) summation, so the scores are the rounded exact means up to a few ulps;
// the reference sums its own increments plainly, so its last digits may differ (e.g. TO.c in corr_vectors.json).
// Grouping::none over a whole segment-level table enumerates n(n-1)/2 pairs, as the reference does.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

struct TieCalibrationOptions {
  // In (0, 1]. 1 enumerates every pair (what WMT uses). Below 1, pairs are sampled with a
  // std::mt19937_64 seeded with `seed`: keep a pair iff (draw >> 11) * 2^-53 < sample_rate, one draw
  // per enumerated pair, groups in order, pairs (i, j) in lexicographic order. Deterministic for a
  // given seed, but it cannot reproduce the reference's numpy random stream, so sampled results only
  // agree with the reference statistically. (Note the reference's default is 0.1; ours is 1.)
  double sample_rate = 1.0;
  std::uint64_t seed = 0;
  // Fill TieCalibration::thresholds / values with the whole curve.
  bool keep_curve = false;
};

struct TieCalibration {
  double value = 0.0;                 // best score; NaN when no group is active
  double epsilon = 0.0;               // the threshold giving it (0 when no group is active)
  std::size_t num_groups = 0;         // active groups (the reference's third return value)
  std::size_t num_pairs = 0;          // enumerated (kept) pairs over all groups
  std::size_t metric_tied_pairs = 0;  // of those, pairs with |m_i - m_j| <= epsilon (predicted ties)
  std::size_t gold_tied_pairs = 0;    // of those, pairs whose gold scores are equal
  bool sampled = false;               // sample_rate < 1 was used
  std::uint64_t seed = 0;             // the seed used when sampled (reported so a run can be repeated)
  std::vector<double> thresholds;     // with keep_curve: every candidate, ascending (at least {0})
  std::vector<double> values;         // with keep_curve: the score at each candidate (NaN if no active group)
};

// Tie calibration over flat system-major vectors of num_systems * num_items values (NaN = missing).
// variant must be tau23 or acc23. Throws trenchcoat::Error if the vectors differ in length, the length
// is not num_systems * num_items, the variant is b or c, sample_rate is not in (0, 1], or a value
// present on both sides is infinite.
TieCalibration calibrate_ties(std::span<const double> gold, std::span<const double> metric, std::size_t num_systems,
                              std::size_t num_items, Grouping grouping, TiesKendallVariant variant,
                              const TieCalibrationOptions& options = {});

// The same on score tables. Throws trenchcoat::Error unless both tables list the same systems in the
// same order and have the same number of items.
TieCalibration calibrate_ties(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                              TiesKendallVariant variant, const TieCalibrationOptions& options = {});

}  // namespace trenchcoat::meta
