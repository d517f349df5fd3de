#include "trenchcoat/runs/metric_significance.hpp"

#include <span>

namespace trenchcoat::runs {

meta::MetricComparison compare_metric_tables(const meta::ScoreTable& gold, const std::vector<std::string>& names,
                                             const std::vector<const meta::ScoreTable*>& metrics,
                                             const meta::SignificanceSetup& setup, const SignificanceSettings& settings,
                                             Progress& progress) {
  std::vector<std::span<const double>> spans;
  for (const meta::ScoreTable* m : metrics) spans.emplace_back(m->values());
  meta::PermutationOptions permutation;
  permutation.resamples = settings.resamples;
  permutation.block_size = settings.block_size;
  permutation.early_min = settings.early_min;
  permutation.early_max = settings.early_max;
  permutation.seed = settings.seed;
  permutation.progress = [&progress](std::size_t done, std::size_t) { progress.set(done); };
  progress.start("permutations", metrics.size() * (metrics.size() - 1) / 2 * settings.resamples, "resamples");
  meta::MetricComparison comparison =
      meta::compare_metrics(gold.values(), spans, names, gold.num_systems(), gold.num_items(), setup.measure,
                            setup.test, permutation, settings.alpha);
  progress.finish();
  return comparison;
}

}  // namespace trenchcoat::runs
