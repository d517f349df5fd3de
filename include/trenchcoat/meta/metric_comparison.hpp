#pragma once
// Ranking metrics with significance clusters, mt-metrics-eval's CompareMetrics + AssignRanks: every
// metric's correlation with gold, the metrics sorted by it, a permutation p-value for every ordered
// pair, and greedy cluster ranks.
// Expected values: the AssignRanks vectors RANKS / RANKS2 of tests/fixtures/corr_vectors.json.
//
// compare_metrics:
//   1. values[m]: the metric's correlation: average_correlation(statistic, grouping, options), or for
//      tie_calibrated the best value of calibrate_ties (sample rate 1).
//   2. Metrics are sorted by decreasing value, the name breaking ties (ascending); a NaN value sorts
//      last.
//   3. p_values[i][j] for j > i (sorted order) is the p-value of "metric i is better than metric j":
//      the test run with metric j as metric1 and metric i as metric2. SignificanceTest::scores runs
//      permutation_test (PERM-BOTH) with the measure; SignificanceTest::pairs runs
//      pairwise_permutation_test with the statistic's variant (tau23, acc23, or kendall_b as b), its
//      epsilons calibrated per metric (once, then passed to every test) when tie_calibrated, otherwise
//      both fixed at options.metric_epsilon. Every other entry is 0; resamples_done likewise.
//   4. Pair (i, j) draws from a generator seeded with a mix (splitmix64) of (seed, i, j), so the
//      result does not depend on how the pairs are spread over threads; they run on
//      std::thread::hardware_concurrency() workers.
//   5. ranks = assign_ranks(p_values, alpha).
//   resamples = 0 skips the tests: all-zero matrices and every rank 1 (no test, so no cluster
//   boundary; the reference's CompareMetrics with k = 0 runs AssignRanks on its all-zero matrix,
//   which gives 1, 2, 3, ...).
//
// Errors (trenchcoat::Error): no metrics; names and metrics of different counts; a metric whose
// length differs from gold's; SignificanceTest::pairs with a statistic other than tau23 / acc23 /
// kendall_b (or kendall_b with tie_calibrated); plus whatever the tests themselves reject.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/meta/permutation_test.hpp"

namespace trenchcoat::meta {

enum class SignificanceTest {
  scores,  // PERM-BOTH (permutation_test)
  pairs,   // pairwise permutation of per-pair outcomes (pairwise_permutation_test), tie-calibrated variants
};

struct MetricComparison {
  std::vector<std::string> names;             // sorted by decreasing value, name as secondary key
  std::vector<double> values;                 // each metric's correlation (tie-calibrated: the best value)
  std::vector<std::vector<double>> p_values;  // p[i][j], j > i: p of "metric i better than metric j"; 0 elsewhere
  std::vector<std::vector<std::size_t>> resamples_done;
  std::vector<int> ranks;  // assign_ranks(p_values, alpha)
  std::uint64_t seed = 0;
};

// AssignRanks: rank = 1, start = 0; for i = 0..n-1, if any p_values[k][i] <= alpha for start <= k < i,
// then rank += 1 and start = i; metric i gets rank. Only the upper triangle is read.
// Throws trenchcoat::Error if the matrix is not square.
std::vector<int> assign_ranks(const std::vector<std::vector<double>>& p_values, double alpha);

MetricComparison compare_metrics(std::span<const double> gold, const std::vector<std::span<const double>>& metrics,
                                 const std::vector<std::string>& names, std::size_t num_systems, std::size_t num_items,
                                 const CorrelationMeasure& measure, SignificanceTest test,
                                 const PermutationOptions& options, double alpha = 0.05);

}  // namespace trenchcoat::meta
