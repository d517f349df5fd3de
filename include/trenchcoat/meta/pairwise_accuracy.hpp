#pragma once
// System-level pairwise accuracy (Kocmi et al. 2021; mt-metrics-eval Agreement and the global accuracy
// of CompareMetricsWithGlobalAccuracy).
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace trenchcoat::meta {

struct AgreementCounts {
  std::int64_t agree = 0;      // pairs where sign(g_i - g_j) == sign(m_i - m_j)
  std::int64_t num_pairs = 0;  // pairs i < j with both gold values present
};

// Over the pairs i < j whose gold values are both present (not NaN): a pair agrees when gold and
// metric order it the same way, where a tie on both sides agrees and a tie on one side only does not.
// Throws trenchcoat::Error if the lengths differ or a metric value is NaN where gold is present.
AgreementCounts agreement(std::span<const double> gold, std::span<const double> metric);

struct PooledAccuracy {
  std::int64_t agree = 0;
  std::int64_t num_pairs = 0;
  double accuracy = 0.0;  // agree / num_pairs; NaN when there is no pair
};

// Accuracy pooled over several language pairs, each a (gold, metric) pair of system-level vectors:
// pairs are formed only within a language pair, and the accuracy is sum(agree) / sum(pairs).
PooledAccuracy pooled_pairwise_accuracy(
    const std::vector<std::pair<std::span<const double>, std::span<const double>>>& language_pairs);

}  // namespace trenchcoat::meta
