#pragma once
// Percentile bootstrap intervals of preference accuracies (the plain scheme of preference_benchmark.hpp):
// the accuracy over all examples, and that of each subset. An example's credit is
// best_of_n_result(scores, policy, margin, gold_tie) (preference_result.hpp); the calibrated policy's
// margin is the one calibrated on all the data, held fixed across resamples. Each interval resamples
// its own examples (all of them, or one subset's) with bootstrap_mean_intervals (bootstrap_mean.hpp),
// seeded with `seed` each time, so a subset's interval does not depend on the other subsets.
// The accuracies equal those of evaluate_preferences (same sums in the same order).
// Errors (trenchcoat::Error): no examples, resamples = 0, a confidence level outside (0, 1).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trenchcoat/meta/paired_bootstrap.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"

namespace trenchcoat::meta {

struct AccuracyInterval {
  std::string subset;  // empty for all examples
  double accuracy = 0;
  ConfidenceInterval interval;
  std::size_t examples = 0;
};

struct PreferenceAccuracyIntervals {
  std::size_t resamples = 0;
  double confidence = 0;
  std::uint64_t seed = 0;
  AccuracyInterval overall;
  std::vector<AccuracyInterval> subsets;  // by subset name
};

PreferenceAccuracyIntervals preference_accuracy_intervals(const std::vector<PreferenceExample>& examples,
                                                          TiePolicy policy, double margin, std::size_t resamples,
                                                          double confidence, std::uint64_t seed);

}  // namespace trenchcoat::meta
