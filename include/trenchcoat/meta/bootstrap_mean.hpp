#pragma once
// Percentile bootstrap intervals of the means of paired per-item series (e.g. per probed item: did
// the scorer fail, and by how much did its score move). Each of B resamples draws n item indices
// with replacement, shared by every series so that they stay paired; the interval at level L is
// [Q((1 - L) / 2), Q((1 + L) / 2)] of the B resampled means, Q = empirical_quantile
// (paired_bootstrap.hpp; numpy.percentile's linear rule). Draws: std::mt19937_64 seeded with `seed`,
// indices by rejection (identical on every standard library), resample b taking n consecutive draws.
// Means are plain left-to-right sums divided by n.
//
// n = 1 gives the degenerate interval [v, v]. Errors (trenchcoat::Error): no series, series of
// different lengths, no items, a non-finite value, resamples = 0, L not in (0, 1).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trenchcoat/meta/paired_bootstrap.hpp"

namespace trenchcoat::meta {

struct MeanInterval {
  double mean = 0.0;            // of the original series
  ConfidenceInterval interval;  // percentile interval of the resampled means
  // The shares of the resampled means at most 0 and at least 0: the bootstrap p-value of "the mean is
  // above 0" is the first, of "below 0" the second; two-sided, twice the smaller (at most 1).
  double share_at_most_zero = 0.0;
  double share_at_least_zero = 0.0;
};

std::vector<MeanInterval> bootstrap_mean_intervals(const std::vector<std::vector<double>>& series,
                                                   std::size_t resamples, double confidence_level, std::uint64_t seed,
                                                   const ResampleProgress& progress = {});

}  // namespace trenchcoat::meta
