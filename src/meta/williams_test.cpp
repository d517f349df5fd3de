// Williams test (mt-metrics-eval stats.WilliamsTest). The statistic is formed with the reference's
// operations in the reference's order (squares and the cube through pow, as numpy does), so that
// only the t tail (distributions.hpp) can differ from scipy, in the last digits.
#include "trenchcoat/meta/williams_test.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/distributions.hpp"

namespace trenchcoat::meta {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_same_table_shape(const ScoreTable& gold, const ScoreTable& metric, const char* which) {
  if (gold.systems() != metric.systems() || gold.num_items() != metric.num_items()) {
    throw Error(std::string("williams_sig_diff: the ") + which +
                " table must list the same systems in the same order and the same number of items as gold (gold: " +
                std::to_string(gold.num_systems()) + " systems x " + std::to_string(gold.num_items()) + " items, " +
                which + ": " + std::to_string(metric.num_systems()) + " x " + std::to_string(metric.num_items()) + ")");
  }
}

}  // namespace

double williams_test(double r12, double r13, double r23, double n, bool one_sided) {
  if (std::isnan(r12) || std::isnan(r13) || std::isnan(r23) || std::isnan(n) || !(n > 3.0)) return kNaN;
  const double k = 1.0 - std::pow(r12, 2.0) - std::pow(r13, 2.0) - std::pow(r23, 2.0) + 2.0 * r12 * r23 * r13;
  const double r_bar = (r12 + r13) / 2.0;
  const double numerator = (r12 - r13) * std::sqrt((n - 1.0) * (1.0 + r23));
  const double under_root = 2.0 * (n - 1.0) / (n - 3.0) * k + std::pow(r_bar, 2.0) * std::pow(1.0 - r23, 3.0);
  if (under_root < 0.0) return kNaN;
  const double t = numerator / std::sqrt(under_root);
  const double p = student_t_survival(std::fabs(t), n - 3.0);
  return one_sided ? p : 2.0 * p;
}

WilliamsResult williams_sig_diff(std::span<const double> gold, std::span<const double> metric1,
                                 std::span<const double> metric2, std::size_t num_systems, std::size_t num_items,
                                 Grouping grouping, Statistic statistic, const AverageOptions& options,
                                 bool one_sided) {
  if (gold.size() != metric1.size() || gold.size() != metric2.size()) {
    throw Error("williams_sig_diff: gold, metric 1 and metric 2 have " + std::to_string(gold.size()) + ", " +
                std::to_string(metric1.size()) + " and " + std::to_string(metric2.size()) +
                " values; they must have the same length");
  }
  WilliamsResult result;
  result.r1 = average_correlation(gold, metric1, num_systems, num_items, grouping, statistic, options).value;
  result.r2 = average_correlation(gold, metric2, num_systems, num_items, grouping, statistic, options).value;
  // Metric 1 stands where gold stood: only its own missing values are filtered.
  result.r12 = average_correlation(metric1, metric2, num_systems, num_items, grouping, statistic, options).value;
  result.n = static_cast<double>(gold.size());
  result.p_value = williams_test(result.r1, result.r2, result.r12, result.n, one_sided);
  return result;
}

WilliamsResult williams_sig_diff(const ScoreTable& gold, const ScoreTable& metric1, const ScoreTable& metric2,
                                 Grouping grouping, Statistic statistic, const AverageOptions& options,
                                 bool one_sided) {
  check_same_table_shape(gold, metric1, "metric 1");
  check_same_table_shape(gold, metric2, "metric 2");
  return williams_sig_diff(gold.values(), metric1.values(), metric2.values(), gold.num_systems(), gold.num_items(),
                           grouping, statistic, options, one_sided);
}

}  // namespace trenchcoat::meta
