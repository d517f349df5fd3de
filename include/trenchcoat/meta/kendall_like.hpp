#pragma once
// The "Kendall-like tau" of the WMT17-21 DARR segment-level evaluations (mt-metrics-eval KendallLike).
#include <cstddef>
#include <cstdint>
#include <span>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

struct KendallLikeResult {
  double tau = 0.0;            // (concordant - discordant) / num_pairs; 0 when there is no pair
  std::int64_t num_pairs = 0;  // concordant + discordant
  std::int64_t concordant = 0;
  std::int64_t discordant = 0;
};

// Over the pairs i < j whose two gold values are both present (not NaN) and differ by at least
// `thresh` (|g_i - g_j| >= thresh). A pair is concordant when the metric orders it strictly the same
// way as gold; every other counted pair is discordant - a metric tie included, and with thresh <= 0 a
// gold tie too. O(n^2). Throws trenchcoat::Error if the lengths differ, thresh is NaN, or a metric
// value is NaN where gold is present.
KendallLikeResult kendall_like(std::span<const double> gold, std::span<const double> metric, double thresh = 25.0);

// Correlation.KendallLike: kendall_like per group (Grouping as in grouped_correlation.hpp; the
// reference's default is item), averaged with weight = the group's number of pairs ("micro", as
// AverageCorrelation with macro=False): groups with fewer than 2 gold values are skipped;
// value = sum(pairs * tau) / sum(pairs), or 0 when no pair was counted. p_value is always 0,
// total_weight is the total number of pairs and num_groups the number of groups that were not skipped.
GroupedCorrelation average_kendall_like(std::span<const double> gold, std::span<const double> metric,
                                        std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                        double thresh = 25.0);
GroupedCorrelation average_kendall_like(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                                        double thresh = 25.0);

}  // namespace trenchcoat::meta
