#pragma once
// Williams test for the difference between two dependent correlations that share one variable (gold
// with metric 1 against gold with metric 2), as mt-metrics-eval's WilliamsTest and WilliamsSigDiff
// compute it (Graham & Baldwin 2014). Expected values: the WILL* vectors of
// tests/fixtures/corr_vectors.json.
//
// The test assumes Pearson correlations over n complete pairs. The reference, and this port, also
// accept any grouped statistic with missing gold, but then the result has no clear interpretation
// (the reference's own warning); it is offered for compatibility.
#include <cstddef>
#include <span>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

// p-value of Williams' t for H1: r12 != r13 in the direction of the larger one (the test is
// symmetric in the two metrics; the one-sided p looks at |t|). With r12 = corr(gold, m1),
// r13 = corr(gold, m2), r23 = corr(m1, m2):
//   K = 1 - r12^2 - r13^2 - r23^2 + 2 r12 r13 r23,  rbar = (r12 + r13) / 2,
//   t = (r12 - r13) sqrt((n - 1)(1 + r23)) / sqrt(2 (n - 1) / (n - 3) K + rbar^2 (1 - r23)^3),
//   p = P(T_{n-3} >= |t|) (scipy.stats.t.sf), doubled when two-sided.
// Never throws. NaN if any argument is NaN, if n <= 3 (no degrees of freedom left), or if the
// quantity under the second root is negative (inconsistent correlations, e.g. not from one sample).
// r12 == r13 gives t = 0 and p = 0.5 (one-sided) or 1 (two-sided).
double williams_test(double r12, double r13, double r23, double n, bool one_sided = true);

struct WilliamsResult {
  double p_value = 0.0;  // williams_test(r1, r2, r12, n, one_sided)
  double r1 = 0.0;       // corr(gold, metric 1)
  double r2 = 0.0;       // corr(gold, metric 2)
  double r12 = 0.0;      // corr(metric 1, metric 2): the r23 argument of williams_test
  double n = 0.0;        // num_systems * num_items, missing gold entries included (as the reference)
};

// WilliamsSigDiff over flat system-major vectors of num_systems * num_items values (gold NaN =
// missing). Each correlation is average_correlation with the given grouping, statistic and options
// (grouped_correlation.hpp), the way the reference passes one AverageCorrelation wrapper three times:
//   r1  = average_correlation(gold, metric1),
//   r2  = average_correlation(gold, metric2),
//   r12 = average_correlation(metric1, metric2): metric 1 takes the place of gold, so only positions
//         where metric 1 is missing are dropped; positions where only gold is missing still count.
//   n   = the length of the gold vector, missing entries included (the reference's len(gold)).
// A correlation with nothing to average is 0 (average_correlation's convention), not NaN.
// Throws trenchcoat::Error if the three vectors differ in length or the length is not
// num_systems * num_items, or for the option errors of average_correlation.
WilliamsResult williams_sig_diff(std::span<const double> gold, std::span<const double> metric1,
                                 std::span<const double> metric2, std::size_t num_systems, std::size_t num_items,
                                 Grouping grouping = Grouping::none, Statistic statistic = Statistic::pearson,
                                 const AverageOptions& options = {}, bool one_sided = true);

// The same on score tables. Throws trenchcoat::Error unless the three tables list the same systems
// in the same order and have the same number of items.
WilliamsResult williams_sig_diff(const ScoreTable& gold, const ScoreTable& metric1, const ScoreTable& metric2,
                                 Grouping grouping = Grouping::none, Statistic statistic = Statistic::pearson,
                                 const AverageOptions& options = {}, bool one_sided = true);

}  // namespace trenchcoat::meta
