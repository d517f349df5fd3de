#include "trenchcoat/meta/grouped_correlation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/correlation.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"

namespace trenchcoat::meta {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One group of paired values, still holding missing gold entries.
struct Group {
  std::vector<double> gold;
  std::vector<double> metric;
};

void check_flat_shape(std::span<const double> gold, std::span<const double> metric, std::size_t num_systems,
                      std::size_t num_items) {
  if (gold.size() != metric.size()) {
    throw Error("grouped correlation: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  }
  if (gold.size() != num_systems * num_items) {
    throw Error("grouped correlation: expected " + std::to_string(num_systems) + " systems x " +
                std::to_string(num_items) + " items = " + std::to_string(num_systems * num_items) + " values, got " +
                std::to_string(gold.size()));
  }
}

void check_same_shape(const ScoreTable& gold, const ScoreTable& metric) {
  if (gold.systems() != metric.systems()) {
    throw Error("grouped correlation: gold and metric tables must list the same systems in the same order (gold has " +
                std::to_string(gold.num_systems()) + " systems, metric " + std::to_string(metric.num_systems()) + ")");
  }
  if (gold.num_items() != metric.num_items()) {
    throw Error("grouped correlation: gold has " + std::to_string(gold.num_items()) + " items but metric has " +
                std::to_string(metric.num_items()));
  }
}

// Spec 1.1, "_Reshape": the groups of a system-major vector (value(s, i) = flat[s * num_items + i]).
std::vector<Group> reshape(std::span<const double> gold, std::span<const double> metric, std::size_t num_systems,
                           std::size_t num_items, Grouping grouping) {
  std::vector<Group> groups;
  switch (grouping) {
    case Grouping::none:
      groups.push_back({{gold.begin(), gold.end()}, {metric.begin(), metric.end()}});
      break;
    case Grouping::sys:
      for (std::size_t s = 0; s < num_systems; ++s) {
        const auto begin = static_cast<std::ptrdiff_t>(s * num_items);
        const auto end = begin + static_cast<std::ptrdiff_t>(num_items);
        groups.push_back({{gold.begin() + begin, gold.begin() + end}, {metric.begin() + begin, metric.begin() + end}});
      }
      break;
    case Grouping::item:
      for (std::size_t i = 0; i < num_items; ++i) {
        Group group;
        for (std::size_t s = 0; s < num_systems; ++s) {
          group.gold.push_back(gold[s * num_items + i]);
          group.metric.push_back(metric[s * num_items + i]);
        }
        groups.push_back(std::move(group));
      }
      break;
  }
  return groups;
}

// Spec 1.1 step 1: keep only the positions with a gold value; the metric value goes with it.
Group drop_missing_gold(const Group& group) {
  Group kept;
  for (std::size_t k = 0; k < group.gold.size(); ++k) {
    if (is_missing(group.gold[k])) continue;
    kept.gold.push_back(group.gold[k]);
    kept.metric.push_back(group.metric[k]);
  }
  return kept;
}

bool is_constant(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
}

// Spec 1.1 step 3 for one filtered group of at least two elements.
Correlation group_statistic(const Group& group, Statistic statistic, double metric_epsilon) {
  const std::span<const double> gold(group.gold), metric(group.metric);
  switch (statistic) {
    case Statistic::pearson:
    case Statistic::spearman:
      // The reference forces NaN for a constant side rather than trusting the scipy version.
      if (is_constant(group.gold) || is_constant(group.metric)) return {kNaN, kNaN};
      return statistic == Statistic::pearson ? pearson(gold, metric) : spearman(gold, metric);
    case Statistic::kendall_b:
      return kendall_tau(gold, metric, KendallVariant::b);
    case Statistic::kendall_c:
      return kendall_tau(gold, metric, KendallVariant::c);
    case Statistic::tau23:
      return {kendall_variant(gold, metric, TiesKendallVariant::tau23, metric_epsilon), kNaN};
    case Statistic::acc23:
      return {kendall_variant(gold, metric, TiesKendallVariant::acc23, metric_epsilon), kNaN};
    case Statistic::weighted_tau:
      return {weighted_tau(gold, metric), kNaN};
  }
  return {kNaN, kNaN};
}

// Spec 1.1 steps 1-6 over already reshaped groups.
GroupedCorrelation average_over_groups(const std::vector<Group>& groups, Statistic statistic,
                                       const AverageOptions& options) {
  double weighted_statistic_sum = 0.0, weighted_p_sum = 0.0, total_weight = 0.0;
  std::size_t num_groups = 0;
  for (const Group& raw : groups) {
    const Group group = drop_missing_gold(raw);  // step 1
    if (group.gold.size() < 2) continue;         // step 2: skipped, not counted
    const Correlation result = group_statistic(group, statistic, options.metric_epsilon);  // step 3
    const double weight = options.macro ? 1.0 : static_cast<double>(group.gold.size());    // step 4
    if (!std::isnan(result.statistic)) {                                                   // step 5
      weighted_statistic_sum += weight * result.statistic;
      weighted_p_sum += weight * result.p_value;
      total_weight += weight;
      ++num_groups;
    } else if (options.replace_nans_with_zeros) {
      total_weight += weight;
      ++num_groups;
    }
  }
  if (total_weight == 0.0) return {};  // step 6: (0, 0, 0)
  return {weighted_statistic_sum / total_weight, weighted_p_sum / total_weight, total_weight, num_groups};
}

}  // namespace

GroupedCorrelation average_correlation(std::span<const double> gold, std::span<const double> metric,
                                       std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                       Statistic statistic, const AverageOptions& options) {
  check_flat_shape(gold, metric, num_systems, num_items);
  if (!(options.metric_epsilon >= 0.0)) throw Error("grouped correlation: the metric tie threshold must be >= 0");
  if (options.metric_epsilon != 0.0 && statistic != Statistic::tau23 && statistic != Statistic::acc23) {
    throw Error("grouped correlation: a metric tie threshold applies only to tau23 and acc23");
  }
  return average_over_groups(reshape(gold, metric, num_systems, num_items, grouping), statistic, options);
}

GroupedCorrelation average_correlation(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                                       Statistic statistic, const AverageOptions& options) {
  check_same_shape(gold, metric);
  return average_correlation(gold.values(), metric.values(), gold.num_systems(), gold.num_items(), grouping, statistic,
                             options);
}

GroupedCorrelation pairwise_difference_pearson(std::span<const double> gold, std::span<const double> metric,
                                               std::size_t num_systems, std::size_t num_items, Grouping grouping) {
  check_flat_shape(gold, metric, num_systems, num_items);
  // Spec 1.1 (pdp=True): every ordered difference v_j - v_i within a group, i outer and j inner,
  // i = j included; a missing gold value makes the gold difference missing (NaN - x is NaN).
  Group pooled;
  for (const Group& group : reshape(gold, metric, num_systems, num_items, grouping)) {
    const std::size_t n = group.gold.size();
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        const bool missing = is_missing(group.gold[i]) || is_missing(group.gold[j]);
        pooled.gold.push_back(missing ? kMissing : group.gold[j] - group.gold[i]);
        pooled.metric.push_back(group.metric[j] - group.metric[i]);
      }
    }
  }
  // The pooled differences form one group: missing entries dropped, a single Pearson.
  return average_over_groups({pooled}, Statistic::pearson, AverageOptions{});
}

GroupedCorrelation pairwise_difference_pearson(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping) {
  check_same_shape(gold, metric);
  return pairwise_difference_pearson(gold.values(), metric.values(), gold.num_systems(), gold.num_items(), grouping);
}

}  // namespace trenchcoat::meta
