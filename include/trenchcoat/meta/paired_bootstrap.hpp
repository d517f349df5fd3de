#pragma once
// Bootstrap confidence intervals for grouped correlations and the paired bootstrap test of two
// metrics over items (BOOT-INPUTS, Deutsch et al. 2021). mt-metrics-eval has no bootstrap; this
// resamples items with replacement as Deutsch et al. describe (no reference vectors).
//
// Behaviour, per call:
//   1. The item columns of the system-major tables are resampled with replacement: each of B
//      resamples draws num_items item indices, and resampled item c is the original item drawn
//      c-th, for every system at once (so systems stay paired, and in the paired test both
//      metrics and gold see the same draw). Missing gold stays missing.
//   2. Each resample is scored with average_correlation (grouped_correlation.hpp) under the given
//      grouping, statistic and options. Under Grouping::item the groups are the items, so this
//      resamples the groups; under sys and none it resamples the columns within them (an item drawn
//      twice appears twice in every system's group).
//   3. The point estimate is the statistic of the original data. The confidence interval at level
//      L is the percentile interval [Q((1 - L) / 2), Q((1 + L) / 2)] of the B resampled values,
//      with Q = empirical_quantile below (numpy.percentile's default "linear" rule).
//   4. Paired: delta = Corr(m2) - Corr(m1) (H1: metric 2 correlates better), its percentile
//      interval over the resampled delta*, and p = #{delta* <= 0} / B (no +1 correction).
//
// Random draws: std::mt19937_64 seeded with `seed`; resample b takes num_items consecutive index
// draws. An index in [0, n) is a 64-bit draw x taken modulo n after rejecting the draws
// x < 2^64 mod n (so every index is equally likely), which keeps results identical across standard
// libraries (std::uniform_int_distribution is not specified bit for bit).
//
// average_correlation never yields NaN (a resample with no usable group scores 0, its convention),
// so every resample counts. Cost: B + 1 (single) or 2 (B + 1) (paired) calls of average_correlation.
//
// Throws trenchcoat::Error if the vectors differ in length or the length is not
// num_systems * num_items; if num_items < 2 (system level has one item: there is nothing to
// resample, use a test over systems instead); if resamples is 0; if confidence_level is not in
// (0, 1); or for the option errors of average_correlation.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/resample_progress.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

struct BootstrapOptions {
  std::size_t resamples = 1000;    // B
  double confidence_level = 0.95;  // L, in (0, 1)
  std::uint64_t seed = 0;
  AverageOptions average;     // passed to average_correlation for every resample
  bool keep_draws = false;    // fill the `draws` vectors below with the B resampled values
  ResampleProgress progress;  // when set: told the resamples done
};

struct ConfidenceInterval {
  double lower = 0.0;
  double upper = 0.0;
};

// One statistic: its value on the original data and its percentile interval.
struct BootstrapEstimate {
  double value = 0.0;
  ConfidenceInterval interval;
  std::vector<double> draws;  // with keep_draws: the B resampled values, in resample order
};

struct BootstrapCorrelation {
  BootstrapEstimate correlation;
  std::size_t resamples = 0;
  double confidence_level = 0.0;
  std::uint64_t seed = 0;
};

struct PairedBootstrap {
  BootstrapEstimate metric1;
  BootstrapEstimate metric2;
  BootstrapEstimate delta;  // Corr(m2) - Corr(m1)
  double p_value = 0.0;     // #{delta* <= 0} / B
  std::size_t resamples = 0;
  double confidence_level = 0.0;
  std::uint64_t seed = 0;
};

// Confidence interval of one grouped correlation (steps 1-3).
BootstrapCorrelation bootstrap_correlation(std::span<const double> gold, std::span<const double> metric,
                                           std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                           Statistic statistic, const BootstrapOptions& options = {});
BootstrapCorrelation bootstrap_correlation(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                                           Statistic statistic, const BootstrapOptions& options = {});

// Paired bootstrap of metric 2 against metric 1 on the same gold (steps 1-4).
PairedBootstrap paired_bootstrap(std::span<const double> gold, std::span<const double> metric1,
                                 std::span<const double> metric2, std::size_t num_systems, std::size_t num_items,
                                 Grouping grouping, Statistic statistic, const BootstrapOptions& options = {});
PairedBootstrap paired_bootstrap(const ScoreTable& gold, const ScoreTable& metric1, const ScoreTable& metric2,
                                 Grouping grouping, Statistic statistic, const BootstrapOptions& options = {});

// The q-quantile (0 <= q <= 1) of values already sorted ascending, by numpy.percentile's default
// "linear" rule (Hyndman & Fan type 7): h = (n - 1) q, i = floor(h), g = h - i, and
// x[i] + g (x[i+1] - x[i]) when g < 0.5, x[i+1] - (1 - g) (x[i+1] - x[i]) otherwise (numpy's
// arrangement, so the result matches it bit for bit); q = 1 gives the last value.
// Throws trenchcoat::Error if values is empty or q is not in [0, 1].
double empirical_quantile(std::span<const double> sorted_values, double q);

}  // namespace trenchcoat::meta
