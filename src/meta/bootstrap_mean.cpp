#include "trenchcoat/meta/bootstrap_mean.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "trenchcoat/error.hpp"
#include "uniform_index.hpp"

namespace trenchcoat::meta {

std::vector<MeanInterval> bootstrap_mean_intervals(const std::vector<std::vector<double>>& series,
                                                   std::size_t resamples, double confidence_level, std::uint64_t seed,
                                                   const ResampleProgress& progress) {
  if (series.empty()) throw Error("bootstrap: no series");
  const std::size_t n = series.front().size();
  for (const auto& s : series) {
    if (s.size() != n) throw Error("bootstrap: the series differ in length");
    for (double v : s)
      if (!std::isfinite(v)) throw Error("bootstrap: a value is not a finite number");
  }
  if (n == 0) throw Error("bootstrap: no items");
  if (resamples == 0) throw Error("bootstrap: the number of resamples must be at least 1");
  if (!(confidence_level > 0.0 && confidence_level < 1.0))
    throw Error("bootstrap: the confidence level must lie in (0, 1)");
  std::vector<MeanInterval> out(series.size());
  std::vector<std::vector<double>> means(series.size(), std::vector<double>(resamples));
  for (std::size_t k = 0; k < series.size(); ++k) {
    double sum = 0.0;
    for (double v : series[k]) sum += v;
    out[k].mean = sum / static_cast<double>(n);
  }
  std::mt19937_64 generator(seed);
  std::vector<std::size_t> items(n);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (std::size_t& item : items) item = uniform_index(generator, n);
    for (std::size_t k = 0; k < series.size(); ++k) {
      double sum = 0.0;
      for (std::size_t item : items) sum += series[k][item];
      means[k][b] = sum / static_cast<double>(n);
    }
    if (progress) progress(b + 1, resamples);
  }
  for (std::size_t k = 0; k < series.size(); ++k) {
    std::sort(means[k].begin(), means[k].end());
    out[k].interval.lower = empirical_quantile(means[k], (1.0 - confidence_level) / 2.0);
    out[k].interval.upper = empirical_quantile(means[k], (1.0 + confidence_level) / 2.0);
    const auto zero_begin = std::lower_bound(means[k].begin(), means[k].end(), 0.0);
    const auto zero_end = std::upper_bound(means[k].begin(), means[k].end(), 0.0);
    out[k].share_at_most_zero = static_cast<double>(zero_end - means[k].begin()) / static_cast<double>(resamples);
    out[k].share_at_least_zero = static_cast<double>(means[k].end() - zero_begin) / static_cast<double>(resamples);
  }
  return out;
}

}  // namespace trenchcoat::meta
