#pragma once
// Correlations between gold and metric score tables, computed per group and averaged, as
// mt-metrics-eval's Correlation / AverageCorrelation do ("average_by" none / item / sys), plus
// Pearson over pooled within-group pairwise differences (pdp).
// The per-group statistics are scipy's (correlation.hpp) and mt-metrics-eval's KendallVariants
// (tau_23, acc_23; kendall_variants.hpp).
#include <cstddef>
#include <span>

#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

// How the systems x items table is cut into groups before correlating (mt-metrics-eval's stats._Reshape).
enum class Grouping {
  none,  // one group: the whole table, system-major (the only meaningful choice at system level)
  item,  // one group per item: every system's score on that item, in system order
  sys,   // one group per system: that system's scores on every item, in item order
};

// The per-group statistic.
enum class Statistic {
  pearson,       // scipy pearsonr (correlation.hpp); NaN for a constant group (as AverageCorrelation forces)
  spearman,      // scipy spearmanr (correlation.hpp); NaN for a constant group (as AverageCorrelation forces)
  kendall_b,     // scipy kendalltau, variant b, with its p-value (correlation.hpp; the reference's Kendall())
  kendall_c,     // scipy kendalltau, variant c, with its p-value
  tau23,         // KendallVariants tau_23 with AverageOptions::metric_epsilon (kendall_variants.hpp); no p-value
  acc23,         // KendallVariants acc_23 with AverageOptions::metric_epsilon; no p-value
  weighted_tau,  // scipy weightedtau with its defaults (rank=True, hyperbolic weigher, additive;
                 // correlation.hpp); NaN for a constant group; no p-value (scipy's is always NaN)
};

// The arguments of mt-metrics-eval's stats.AverageCorrelation that change the result. Missing gold values are
// always filtered (the reference's filter_nones=True).
struct AverageOptions {
  // Count a group whose statistic is NaN as a 0 in the average (it still adds its weight).
  // Groups with fewer than two non-missing elements are skipped even then.
  bool replace_nans_with_zeros = false;
  // true: every group weighs 1. false ("micro"): a group weighs its number of non-missing elements.
  bool macro = true;
  // Metric tie threshold of tau23 / acc23: |m_i - m_j| <= metric_epsilon is a metric tie. Must be 0
  // for the other statistics.
  double metric_epsilon = 0.0;
};

struct GroupedCorrelation {
  double value = 0.0;          // weighted mean of the per-group statistics; 0 when nothing was averaged
  double p_value = 0.0;        // weighted mean of the per-group p-values (no statistical meaning;
                               // kept for compatibility); NaN for tau23 / acc23, which have no
                               // p-value; 0 when nothing was averaged
  double total_weight = 0.0;   // the reference's third return value n: the sum of the weights used
  std::size_t num_groups = 0;  // groups that went into the denominator (= total_weight when macro)
};

// AverageCorrelation over flat system-major vectors of num_systems * num_items values
// (gold NaN = missing), in the reference's steps:
//   1. drop the positions where gold is missing, and the metric values there;
//   2. skip a group with fewer than 2 remaining elements (it does not count at all);
//   3. compute the statistic; Pearson and Spearman of a constant gold or metric group are NaN;
//   4. weight 1 (macro) or the group's remaining length (micro);
//   5. a non-NaN statistic adds weight * statistic, weight * p-value and weight; a NaN statistic adds
//      only its weight, and only with replace_nans_with_zeros;
//   6. divide by the total weight, or return all zeros when it is 0.
// Throws trenchcoat::Error if the vectors differ in length, the length is not num_systems * num_items,
// or metric_epsilon is negative, NaN, or nonzero for a statistic other than tau23 / acc23.
GroupedCorrelation average_correlation(std::span<const double> gold, std::span<const double> metric,
                                       std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                       Statistic statistic, const AverageOptions& options = {});

// The same on score tables. Throws trenchcoat::Error unless both tables list the same systems in the
// same order and have the same number of items.
GroupedCorrelation average_correlation(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                                       Statistic statistic, const AverageOptions& options = {});

// mt-metrics-eval's Pearson(average_by, pdp=True): within each group (before missing values are dropped)
// every ordered difference v_j - v_i over all (i, j), i = j and both orders included, on gold and on
// metric alike; a difference involving a missing gold value is missing. The differences of all
// groups are pooled into one vector and treated as a single group by steps 1-6 above, so the result
// is one Pearson (num_groups 1), or all zeros when fewer than 2 differences remain or it is NaN.
// For Grouping::none this is the plain Pearson. O(group size^2) memory per group.
GroupedCorrelation pairwise_difference_pearson(std::span<const double> gold, std::span<const double> metric,
                                               std::size_t num_systems, std::size_t num_items, Grouping grouping);
GroupedCorrelation pairwise_difference_pearson(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping);

}  // namespace trenchcoat::meta
