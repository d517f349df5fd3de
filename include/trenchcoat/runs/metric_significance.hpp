#pragma once
// Significance clusters of metrics scored on the same gold table: mt-metrics-eval's CompareMetrics +
// AssignRanks (meta::compare_metrics) run over score tables, with the resampling progress reported.
// `meta corr --perm` and every task of `mtme eval --perm` use it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/score_table.hpp"
#include "trenchcoat/runs/progress.hpp"

namespace trenchcoat::runs {

struct SignificanceSettings {
  std::size_t resamples = 0;      // permutation resamples per pair of metrics
  std::size_t block_size = 1000;  // early-stopping check every block_size resamples
  double early_min = 0.02, early_max = 0.5;
  double alpha = 0.05;  // a p-value at or below it separates two clusters
  std::uint64_t seed = 0;
};

// metrics[m] is named names[m]; every table has gold's shape. Progress: one stage "permutations" of
// (pairs x resamples) units. Throws trenchcoat::Error as meta::compare_metrics does.
meta::MetricComparison compare_metric_tables(const meta::ScoreTable& gold, const std::vector<std::string>& names,
                                             const std::vector<const meta::ScoreTable*>& metrics,
                                             const meta::SignificanceSetup& setup, const SignificanceSettings& settings,
                                             Progress& progress);

}  // namespace trenchcoat::runs
