#include "trenchcoat/meta/kendall_variants.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t count_distinct(std::span<const double> values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
}

}  // namespace

KendallPairCounts count_kendall_pairs(std::span<const double> gold, std::span<const double> metric,
                                      double metric_epsilon) {
  if (gold.size() != metric.size()) {
    throw Error("Kendall pair counts: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  }
  if (!(metric_epsilon >= 0.0)) throw Error("Kendall pair counts: the metric tie threshold must be >= 0");
  KendallPairCounts counts;
  const std::size_t n = gold.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      // Spec 1.3: gold ties are exact equality; metric ties use |difference| <= epsilon, so with
      // epsilon = 0 they are exact equality too.
      const bool gold_tie = gold[i] == gold[j];
      const bool metric_tie = std::fabs(metric[i] - metric[j]) <= metric_epsilon;
      if (gold_tie && metric_tie) {
        ++counts.ties_both;
      } else if (gold_tie) {
        ++counts.ties_gold_only;
      } else if (metric_tie) {
        ++counts.ties_metric_only;
      } else if ((gold[i] < gold[j]) == (metric[i] < metric[j])) {
        ++counts.concordant;
      } else {
        ++counts.discordant;
      }
    }
  }
  return counts;
}

// Spec 1.3, variant b. The pairs untied in gold are N - T_h - T_hm, those untied in metric
// N - T_m - T_hm; if either is zero the ratio is 0/0 or x/0 and the statistic is undefined (NaN).
double tau_b_from_counts(const KendallPairCounts& counts) {
  const std::int64_t n_pairs = counts.total();
  const std::int64_t gold_untied = n_pairs - counts.ties_gold_only - counts.ties_both;
  const std::int64_t metric_untied = n_pairs - counts.ties_metric_only - counts.ties_both;
  if (gold_untied == 0 || metric_untied == 0) return kNaN;
  const std::int64_t c_minus_d = counts.concordant - counts.discordant;
  return static_cast<double>(c_minus_d) /
         std::sqrt(static_cast<double>(gold_untied) * static_cast<double>(metric_untied));
}

// Spec 1.3, variant c (Stuart). m = 1 (a constant side) makes the denominator 0: NaN, like tau-b.
double tau_c_from_counts(const KendallPairCounts& counts, std::size_t n, std::size_t num_distinct_min) {
  if (num_distinct_min < 2) return kNaN;
  const auto size = static_cast<std::int64_t>(n);
  const auto classes = static_cast<std::int64_t>(num_distinct_min);
  const double denominator = static_cast<double>(size * size * (classes - 1)) / static_cast<double>(classes);
  return static_cast<double>(2 * (counts.concordant - counts.discordant)) / denominator;
}

// Spec 1.3, tau_23 (tau_eq): a pair counts +1 when both sides order it the same way or both tie it,
// -1 otherwise, averaged over all N pairs.
double tau23_from_counts(const KendallPairCounts& counts) {
  const std::int64_t n_pairs = counts.total();
  if (n_pairs == 0) return kNaN;
  const std::int64_t agree = counts.concordant + counts.ties_both;
  const std::int64_t disagree = counts.discordant + counts.ties_gold_only + counts.ties_metric_only;
  return static_cast<double>(agree - disagree) / static_cast<double>(n_pairs);
}

// Spec 1.3, acc_23: the fraction of pairs on which the two sides agree (same order, or both tied).
double acc23_from_counts(const KendallPairCounts& counts) {
  const std::int64_t n_pairs = counts.total();
  if (n_pairs == 0) return kNaN;
  return static_cast<double>(counts.concordant + counts.ties_both) / static_cast<double>(n_pairs);
}

double kendall_variant(std::span<const double> gold, std::span<const double> metric, TiesKendallVariant variant,
                       double metric_epsilon) {
  if (variant == TiesKendallVariant::c && metric_epsilon != 0.0) {
    throw Error("Kendall tau-c is not defined with a metric tie threshold (epsilon must be 0)");
  }
  const KendallPairCounts counts = count_kendall_pairs(gold, metric, metric_epsilon);
  switch (variant) {
    case TiesKendallVariant::b:
      return tau_b_from_counts(counts);
    case TiesKendallVariant::c:
      return tau_c_from_counts(counts, gold.size(), std::min(count_distinct(gold), count_distinct(metric)));
    case TiesKendallVariant::tau23:
      return tau23_from_counts(counts);
    case TiesKendallVariant::acc23:
      return acc23_from_counts(counts);
  }
  return kNaN;
}

}  // namespace trenchcoat::meta
