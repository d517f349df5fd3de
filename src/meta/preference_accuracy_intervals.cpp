#include "trenchcoat/meta/preference_accuracy_intervals.hpp"

#include <map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/bootstrap_mean.hpp"

namespace trenchcoat::meta {
namespace {

AccuracyInterval interval_of(std::string subset, const std::vector<double>& credits, std::size_t resamples,
                             double confidence, std::uint64_t seed) {
  const auto m = bootstrap_mean_intervals({credits}, resamples, confidence, seed).front();
  return {std::move(subset), m.mean, m.interval, credits.size()};
}

}  // namespace

PreferenceAccuracyIntervals preference_accuracy_intervals(const std::vector<PreferenceExample>& examples,
                                                          TiePolicy policy, double margin, std::size_t resamples,
                                                          double confidence, std::uint64_t seed) {
  if (examples.empty()) throw Error("no examples to evaluate");
  PreferenceAccuracyIntervals out;
  out.resamples = resamples;
  out.confidence = confidence;
  out.seed = seed;
  std::vector<double> all;
  std::map<std::string, std::vector<double>> by_subset;
  all.reserve(examples.size());
  for (const auto& e : examples) {
    if (e.scores.size() < 2)
      throw Error("line " + std::to_string(e.line) + ": an example needs the chosen score and at least one other");
    const double credit = best_of_n_result(e.scores, policy, margin, e.gold_tie);
    all.push_back(credit);
    by_subset[e.subset].push_back(credit);
  }
  out.overall = interval_of("", all, resamples, confidence, seed);
  for (const auto& [name, credits] : by_subset)
    out.subsets.push_back(interval_of(name, credits, resamples, confidence, seed));
  return out;
}

}  // namespace trenchcoat::meta
