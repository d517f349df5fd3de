// Bootstrap over items for grouped correlations (BOOT-INPUTS of Deutsch et al. 2021).
#include "trenchcoat/meta/paired_bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "trenchcoat/error.hpp"
#include "uniform_index.hpp"

namespace trenchcoat::meta {
namespace {

void check_inputs(std::size_t gold_size, std::size_t metric1_size, std::size_t metric2_size, std::size_t num_systems,
                  std::size_t num_items, const BootstrapOptions& options, const char* function) {
  const std::string name(function);
  if (gold_size != metric1_size || gold_size != metric2_size)
    throw Error(name + ": gold and metric vectors differ in length (" + std::to_string(gold_size) + " vs " +
                std::to_string(metric1_size == gold_size ? metric2_size : metric1_size) + ")");
  if (gold_size != num_systems * num_items)
    throw Error(name + ": expected " + std::to_string(num_systems) + " systems x " + std::to_string(num_items) +
                " items = " + std::to_string(num_systems * num_items) + " values, got " + std::to_string(gold_size));
  if (num_items < 2)
    throw Error(name + ": needs at least 2 items to resample, got " + std::to_string(num_items) +
                " (system-level scores have a single item; there is nothing to bootstrap over)");
  if (options.resamples == 0) throw Error(name + ": the number of resamples must be at least 1");
  if (!(options.confidence_level > 0.0 && options.confidence_level < 1.0))
    throw Error(name + ": the confidence level must be in (0, 1), got " + std::to_string(options.confidence_level));
}

void check_same_table_shape(const ScoreTable& gold, const ScoreTable& metric, const char* function) {
  if (gold.systems() != metric.systems() || gold.num_items() != metric.num_items())
    throw Error(std::string(function) +
                ": gold and metric tables must list the same systems in the same order and have the same number "
                "of items (gold: " +
                std::to_string(gold.num_systems()) + " x " + std::to_string(gold.num_items()) +
                ", metric: " + std::to_string(metric.num_systems()) + " x " + std::to_string(metric.num_items()) + ")");
}

// Draws the item indices of one resample.
void draw_items(std::mt19937_64& generator, std::size_t num_items, std::vector<std::size_t>& items) {
  items.resize(num_items);
  for (std::size_t& item : items) item = uniform_index(generator, num_items);
}

// The system-major table whose column c is column items[c] of the original.
void resample_columns(std::span<const double> table, std::size_t num_systems, std::size_t num_items,
                      const std::vector<std::size_t>& items, std::vector<double>& out) {
  out.resize(table.size());
  for (std::size_t s = 0; s < num_systems; ++s)
    for (std::size_t c = 0; c < num_items; ++c) out[s * num_items + c] = table[s * num_items + items[c]];
}

// Fills the interval of an estimate from its B draws (sorted on a copy).
void set_interval(BootstrapEstimate& estimate, const std::vector<double>& draws, double level, bool keep_draws) {
  std::vector<double> sorted = draws;
  if (std::any_of(sorted.begin(), sorted.end(), [](double v) { return std::isnan(v); }))
    throw Error("bootstrap: a resampled statistic is NaN");  // not produced by average_correlation
  std::sort(sorted.begin(), sorted.end());
  estimate.interval.lower = empirical_quantile(sorted, (1.0 - level) / 2.0);
  estimate.interval.upper = empirical_quantile(sorted, (1.0 + level) / 2.0);
  if (keep_draws) estimate.draws = draws;
}

}  // namespace

double empirical_quantile(std::span<const double> sorted_values, double q) {
  if (sorted_values.empty()) throw Error("empirical_quantile: no values");
  if (!(q >= 0.0 && q <= 1.0)) throw Error("empirical_quantile: q must be in [0, 1], got " + std::to_string(q));
  const std::size_t n = sorted_values.size();
  const double position = static_cast<double>(n - 1) * q;
  const double below = std::floor(position);
  const double gamma = position - below;
  const std::size_t lower = std::min(static_cast<std::size_t>(below), n - 1);
  const std::size_t upper = std::min(lower + 1, n - 1);
  const double a = sorted_values[lower], b = sorted_values[upper];
  const double difference = b - a;
  return gamma >= 0.5 ? b - difference * (1.0 - gamma) : a + difference * gamma;
}

BootstrapCorrelation bootstrap_correlation(std::span<const double> gold, std::span<const double> metric,
                                           std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                           Statistic statistic, const BootstrapOptions& options) {
  check_inputs(gold.size(), metric.size(), metric.size(), num_systems, num_items, options, "bootstrap_correlation");
  BootstrapCorrelation result;
  result.resamples = options.resamples;
  result.confidence_level = options.confidence_level;
  result.seed = options.seed;
  result.correlation.value =
      average_correlation(gold, metric, num_systems, num_items, grouping, statistic, options.average).value;
  std::mt19937_64 generator(options.seed);
  std::vector<std::size_t> items;
  std::vector<double> gold_sample, metric_sample, draws;
  draws.reserve(options.resamples);
  for (std::size_t b = 0; b < options.resamples; ++b) {
    draw_items(generator, num_items, items);
    resample_columns(gold, num_systems, num_items, items, gold_sample);
    resample_columns(metric, num_systems, num_items, items, metric_sample);
    draws.push_back(
        average_correlation(gold_sample, metric_sample, num_systems, num_items, grouping, statistic, options.average)
            .value);
    if (options.progress) options.progress(b + 1, options.resamples);
  }
  set_interval(result.correlation, draws, options.confidence_level, options.keep_draws);
  return result;
}

BootstrapCorrelation bootstrap_correlation(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                                           Statistic statistic, const BootstrapOptions& options) {
  check_same_table_shape(gold, metric, "bootstrap_correlation");
  return bootstrap_correlation(gold.values(), metric.values(), gold.num_systems(), gold.num_items(), grouping,
                               statistic, options);
}

PairedBootstrap paired_bootstrap(std::span<const double> gold, std::span<const double> metric1,
                                 std::span<const double> metric2, std::size_t num_systems, std::size_t num_items,
                                 Grouping grouping, Statistic statistic, const BootstrapOptions& options) {
  check_inputs(gold.size(), metric1.size(), metric2.size(), num_systems, num_items, options, "paired_bootstrap");
  PairedBootstrap result;
  result.resamples = options.resamples;
  result.confidence_level = options.confidence_level;
  result.seed = options.seed;
  result.metric1.value =
      average_correlation(gold, metric1, num_systems, num_items, grouping, statistic, options.average).value;
  result.metric2.value =
      average_correlation(gold, metric2, num_systems, num_items, grouping, statistic, options.average).value;
  result.delta.value = result.metric2.value - result.metric1.value;

  std::mt19937_64 generator(options.seed);
  std::vector<std::size_t> items;
  std::vector<double> gold_sample, metric1_sample, metric2_sample;
  std::vector<double> draws1, draws2, delta_draws;
  draws1.reserve(options.resamples);
  draws2.reserve(options.resamples);
  delta_draws.reserve(options.resamples);
  std::size_t not_better = 0;
  for (std::size_t b = 0; b < options.resamples; ++b) {
    draw_items(generator, num_items, items);
    resample_columns(gold, num_systems, num_items, items, gold_sample);
    resample_columns(metric1, num_systems, num_items, items, metric1_sample);
    resample_columns(metric2, num_systems, num_items, items, metric2_sample);
    const double c1 =
        average_correlation(gold_sample, metric1_sample, num_systems, num_items, grouping, statistic, options.average)
            .value;
    const double c2 =
        average_correlation(gold_sample, metric2_sample, num_systems, num_items, grouping, statistic, options.average)
            .value;
    draws1.push_back(c1);
    draws2.push_back(c2);
    delta_draws.push_back(c2 - c1);
    if (c2 - c1 <= 0.0) ++not_better;
    if (options.progress) options.progress(b + 1, options.resamples);
  }
  set_interval(result.metric1, draws1, options.confidence_level, options.keep_draws);
  set_interval(result.metric2, draws2, options.confidence_level, options.keep_draws);
  set_interval(result.delta, delta_draws, options.confidence_level, options.keep_draws);
  result.p_value = static_cast<double>(not_better) / static_cast<double>(options.resamples);
  return result;
}

PairedBootstrap paired_bootstrap(const ScoreTable& gold, const ScoreTable& metric1, const ScoreTable& metric2,
                                 Grouping grouping, Statistic statistic, const BootstrapOptions& options) {
  check_same_table_shape(gold, metric1, "paired_bootstrap");
  check_same_table_shape(gold, metric2, "paired_bootstrap");
  return paired_bootstrap(gold.values(), metric1.values(), metric2.values(), gold.num_systems(), gold.num_items(),
                          grouping, statistic, options);
}

}  // namespace trenchcoat::meta
