#include "trenchcoat/meta/kendall_like.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

KendallLikeResult kendall_like(std::span<const double> gold, std::span<const double> metric, double thresh) {
  if (gold.size() != metric.size()) {
    throw Error("KendallLike: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  }
  if (std::isnan(thresh)) throw Error("KendallLike: the gold threshold must not be NaN");
  KendallLikeResult r;
  const std::size_t n = gold.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (is_missing(gold[i])) continue;
    if (is_missing(metric[i])) throw Error("KendallLike: metric value missing where gold is present");
    for (std::size_t j = i + 1; j < n; ++j) {
      if (is_missing(gold[j])) continue;
      if (is_missing(metric[j])) throw Error("KendallLike: metric value missing where gold is present");
      const double dh = gold[i] - gold[j];
      if (!(std::fabs(dh) >= thresh)) continue;
      const bool concordant = (dh > 0 && metric[i] > metric[j]) || (dh < 0 && metric[i] < metric[j]);
      if (concordant) {
        ++r.concordant;
      } else {
        ++r.discordant;
      }
    }
  }
  r.num_pairs = r.concordant + r.discordant;
  r.tau = r.num_pairs == 0 ? 0.0 : static_cast<double>(r.concordant - r.discordant) / static_cast<double>(r.num_pairs);
  return r;
}

GroupedCorrelation average_kendall_like(std::span<const double> gold, std::span<const double> metric,
                                        std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                        double thresh) {
  if (gold.size() != metric.size()) {
    throw Error("KendallLike: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  }
  if (gold.size() != num_systems * num_items) {
    throw Error("KendallLike: expected " + std::to_string(num_systems) + " x " + std::to_string(num_items) +
                " values, got " + std::to_string(gold.size()));
  }
  std::size_t num_groups = 0, group_size = 0;
  switch (grouping) {
    case Grouping::none:
      num_groups = 1;
      group_size = gold.size();
      break;
    case Grouping::item:
      num_groups = num_items;
      group_size = num_systems;
      break;
    case Grouping::sys:
      num_groups = num_systems;
      group_size = num_items;
      break;
  }
  GroupedCorrelation out;
  double total = 0.0, weight = 0.0;
  std::vector<double> g_vals, m_vals;
  for (std::size_t g = 0; g < num_groups; ++g) {
    g_vals.clear();
    m_vals.clear();
    for (std::size_t k = 0; k < group_size; ++k) {
      std::size_t idx = 0;
      switch (grouping) {
        case Grouping::none:
          idx = k;
          break;
        case Grouping::item:
          idx = k * num_items + g;
          break;
        case Grouping::sys:
          idx = g * num_items + k;
          break;
      }
      if (is_missing(gold[idx])) continue;  // spec 1.1 step 1: filter on gold only
      g_vals.push_back(gold[idx]);
      m_vals.push_back(metric[idx]);
    }
    if (g_vals.size() < 2) continue;  // step 2
    const KendallLikeResult r = kendall_like(g_vals, m_vals, thresh);
    const double k = static_cast<double>(r.num_pairs);  // step 4, micro: weight = #pairs
    total += k * r.tau;
    weight += k;
    ++out.num_groups;
  }
  out.total_weight = weight;
  out.p_value = 0.0;
  out.value = weight == 0.0 ? 0.0 : total / weight;
  return out;
}

GroupedCorrelation average_kendall_like(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                                        double thresh) {
  if (gold.systems() != metric.systems() || gold.num_items() != metric.num_items()) {
    throw Error("KendallLike: gold and metric tables differ in systems or items");
  }
  return average_kendall_like(gold.values(), metric.values(), gold.num_systems(), gold.num_items(), grouping, thresh);
}

}  // namespace trenchcoat::meta
