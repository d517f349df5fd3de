#pragma once
// Kendall-style agreement between gold (human) scores and metric scores when ties matter: the pair
// counts and the four variants tau-b, tau-c, tau_23 and acc_23 of Deutsch, Foster & Freitag (2023,
// "Ties Matter"), as mt-metrics-eval's KendallVariants defines them.
//
// Arguments are always (gold, metric), in that order: with a metric tie threshold epsilon > 0 the
// counts are not symmetric in the two vectors. Neither vector may hold NaN (missing gold values are
// dropped by the caller first, as AverageCorrelation does); the functions do not check for it.
#include <cstddef>
#include <cstdint>
#include <span>

namespace trenchcoat::meta {

// How the n(n-1)/2 pairs i < j of one group are classified. Every pair falls in exactly one class.
// * gold tie: gold_i == gold_j, exact equality (epsilon never applies to gold).
// * metric tie: |metric_i - metric_j| <= epsilon (epsilon = 0: exact equality).
struct KendallPairCounts {
  std::int64_t concordant = 0;        // no tie on either side, and the two differences have the same sign
  std::int64_t discordant = 0;        // no tie on either side, and the signs differ
  std::int64_t ties_gold_only = 0;    // T_h: tied in gold, not in metric
  std::int64_t ties_metric_only = 0;  // T_m: tied in metric, not in gold
  std::int64_t ties_both = 0;         // T_hm: tied on both sides

  // N = C + D + T_h + T_m + T_hm = n(n-1)/2.
  std::int64_t total() const { return concordant + discordant + ties_gold_only + ties_metric_only + ties_both; }
};

// Classifies every pair directly, O(n^2) time and O(1) memory. (The reference switches to a Fenwick
// tree for epsilon = 0; the counts are the same, only the cost differs. Fast enough for the group
// sizes of segment- and system-level meta-evaluation; an O(n log n) path is later work.)
// Throws trenchcoat::Error if gold and metric differ in length or epsilon is negative or NaN.
KendallPairCounts count_kendall_pairs(std::span<const double> gold, std::span<const double> metric,
                                      double metric_epsilon = 0.0);

// The variants of KendallVariants(variant=...). Named to stay apart from KendallVariant in
// correlation.hpp, which selects scipy's tau-b / tau-c.
enum class TiesKendallVariant {
  b,      // (C - D) / sqrt((N - T_h - T_hm)(N - T_m - T_hm)); NaN if every pair is gold-tied or metric-tied
  c,      // Stuart's tau-c: 2(C - D) / (n^2 (m - 1) / m), m = min(#distinct gold, #distinct metric); epsilon must be 0
  tau23,  // tau_eq: (C + T_hm - D - T_h - T_m) / N, a tie counts as agreement only when both sides tie
  acc23,  // pairwise accuracy: (C + T_hm) / N
};

// One variant from already counted pairs. num_distinct_min (m above) and n are needed only for c.
// NaN when the denominator is zero (N = 0 for tau23 / acc23, i.e. fewer than two elements).
double tau_b_from_counts(const KendallPairCounts& counts);
double tau_c_from_counts(const KendallPairCounts& counts, std::size_t n, std::size_t num_distinct_min);
double tau23_from_counts(const KendallPairCounts& counts);
double acc23_from_counts(const KendallPairCounts& counts);

// KendallVariants(gold, metric, variant, epsilon): counts the pairs and applies one variant.
// Throws trenchcoat::Error for variant c with epsilon > 0 (the reference rejects it too), and for
// the misuse count_kendall_pairs rejects. These variants carry no p-value.
double kendall_variant(std::span<const double> gold, std::span<const double> metric, TiesKendallVariant variant,
                       double metric_epsilon = 0.0);

}  // namespace trenchcoat::meta
