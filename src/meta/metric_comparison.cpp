#include "trenchcoat/meta/metric_comparison.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <thread>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/pairwise_permutation_test.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"

namespace trenchcoat::meta {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t pair_seed(std::uint64_t seed, std::size_t i, std::size_t j) {
  return splitmix64(splitmix64(splitmix64(seed) ^ static_cast<std::uint64_t>(i)) ^ static_cast<std::uint64_t>(j));
}

TiesKendallVariant pairs_variant(const CorrelationMeasure& measure) {
  switch (measure.statistic) {
    case Statistic::tau23:
      return TiesKendallVariant::tau23;
    case Statistic::acc23:
      return TiesKendallVariant::acc23;
    case Statistic::kendall_b:
      if (!measure.tie_calibrated) return TiesKendallVariant::b;
      break;
    default:
      break;
  }
  throw Error("compare metrics: the pairs test needs tau23, acc23 or (not tie-calibrated) kendall_b");
}

}  // namespace

std::vector<int> assign_ranks(const std::vector<std::vector<double>>& p_values, double alpha) {
  const std::size_t n = p_values.size();
  for (const auto& row : p_values) {
    if (row.size() != n) throw Error("assign ranks: the p-value matrix must be square");
  }
  std::vector<int> ranks(n, 0);
  int rank = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = start; k < i; ++k) {
      if (p_values[k][i] <= alpha) {
        ++rank;
        start = i;
        break;
      }
    }
    ranks[i] = rank;
  }
  return ranks;
}

MetricComparison compare_metrics(std::span<const double> gold, const std::vector<std::span<const double>>& metrics,
                                 const std::vector<std::string>& names, std::size_t num_systems, std::size_t num_items,
                                 const CorrelationMeasure& measure, SignificanceTest test,
                                 const PermutationOptions& options, double alpha) {
  if (metrics.empty()) throw Error("compare metrics: no metrics to compare");
  if (metrics.size() != names.size()) {
    throw Error("compare metrics: " + std::to_string(metrics.size()) + " metrics but " + std::to_string(names.size()) +
                " names");
  }
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    if (metrics[m].size() != gold.size()) {
      throw Error("compare metrics: metric '" + names[m] + "' has " + std::to_string(metrics[m].size()) +
                  " values but gold has " + std::to_string(gold.size()));
    }
  }
  std::optional<TiesKendallVariant> variant;
  if (test == SignificanceTest::pairs) variant = pairs_variant(measure);

  // Step 1: each metric's value (and, for the pairs test with calibration, its epsilon).
  const std::size_t n = metrics.size();
  std::vector<double> values(n), epsilons(n, measure.options.metric_epsilon);
  for (std::size_t m = 0; m < n; ++m) {
    if (measure.tie_calibrated) {
      const auto tie_variant =
          measure.statistic == Statistic::tau23 ? TiesKendallVariant::tau23 : TiesKendallVariant::acc23;
      if (measure.statistic != Statistic::tau23 && measure.statistic != Statistic::acc23) {
        throw Error("compare metrics: tie calibration applies only to tau23 and acc23");
      }
      const TieCalibration best =
          calibrate_ties(gold, metrics[m], num_systems, num_items, measure.grouping, tie_variant);
      values[m] = best.value;
      epsilons[m] = best.epsilon;
    } else {
      values[m] = average_correlation(gold, metrics[m], num_systems, num_items, measure.grouping, measure.statistic,
                                      measure.options)
                      .value;
    }
  }

  // Step 2: decreasing value, name second, NaN last.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool nan_a = std::isnan(values[a]), nan_b = std::isnan(values[b]);
    if (nan_a != nan_b) return nan_b;
    if (!nan_a && values[a] != values[b]) return values[a] > values[b];
    return names[a] < names[b];
  });

  MetricComparison result;
  result.seed = options.seed;
  for (std::size_t k : order) {
    result.names.push_back(names[k]);
    result.values.push_back(values[k]);
  }
  result.p_values.assign(n, std::vector<double>(n, 0.0));
  result.resamples_done.assign(n, std::vector<std::size_t>(n, 0));
  if (options.resamples == 0) {
    result.ranks.assign(n, 1);
    return result;
  }

  // Step 3-4: every pair i < j of the sorted order, spread over worker threads.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) pairs.emplace_back(i, j);
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  // Progress over all pairs: the draws of every pair, each pair counted in full once it ends (early
  // stopping skips the rest of its draws); the callers' callback is called under a lock.
  std::mutex progress_mutex;
  std::size_t progress_done = 0;
  const std::size_t progress_total = pairs.size() * options.resamples;
  auto advance = [&](std::size_t draws) {
    const std::lock_guard<std::mutex> lock(progress_mutex);
    progress_done += draws;
    options.progress(progress_done, progress_total);
  };
  auto worker = [&]() {
    for (std::size_t k = next++; k < pairs.size(); k = next++) {
      const auto [i, j] = pairs[k];
      PermutationOptions pair_options = options;
      pair_options.seed = pair_seed(options.seed, i, j);
      pair_options.keep_draws = false;
      std::size_t reported = 0;  // this pair's draws told so far
      if (options.progress)
        pair_options.progress = [&](std::size_t done, std::size_t) {
          advance(done - reported);
          reported = done;
        };
      else pair_options.progress = nullptr;
      try {
        // "metric i better than metric j": metric j is metric1, metric i is metric2.
        const std::span<const double> better = metrics[order[i]], worse = metrics[order[j]];
        PermutationResult pair_result;
        if (test == SignificanceTest::scores) {
          pair_result = permutation_test(gold, worse, better, num_systems, num_items, measure, pair_options);
        } else {
          PairwisePermutationMeasure pairwise;
          pairwise.variant = *variant;
          pairwise.grouping = measure.grouping;
          pairwise.epsilon1 = epsilons[order[j]];
          pairwise.epsilon2 = epsilons[order[i]];
          pairwise.replace_nans_with_zeros = measure.options.replace_nans_with_zeros;
          pair_result = pairwise_permutation_test(gold, worse, better, num_systems, num_items, pairwise, pair_options);
        }
        result.p_values[i][j] = pair_result.p_value;
        result.resamples_done[i][j] = pair_result.resamples_done;
        if (options.progress && reported < options.resamples) advance(options.resamples - reported);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = pairs.size();
      }
    }
  };
  const std::size_t workers =
      std::max<std::size_t>(1, std::min<std::size_t>(std::thread::hardware_concurrency(), pairs.size()));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);

  result.ranks = assign_ranks(result.p_values, alpha);
  return result;
}

}  // namespace trenchcoat::meta
