#pragma once
// Soft pairwise accuracy (SPA, Thompson et al. 2024) = 1 - pairwise confidence error (PCE), the
// system-level statistic that mt-metrics-eval computes from segment-level scores
// (stats.PairwiseConfidenceError, pce.compute_pairwise_p_values / compute_one_minus_pce).
// Expected values: the SPA.* vectors of tests/fixtures/corr_vectors.json.
//
// Behaviour, per call:
//   1. Segment columns (items) where ANY system lacks a gold score are dropped, on both sides (the
//      reference's filter_nones filters the flat vector before reshaping it, which misaligns rows
//      when systems miss different segments). L = the number of items left.
//   2. For every system pair i < j, in the order (0,1), (0,2), ..., (0,S-1), (1,2), ..., and for the
//      human (gold) and the metric scores alike: a one-sided paired permutation test of "system i is
//      better than system j". With d_k = s_ik - s_jk and T = sum_k d_k, the null statistic is
//      T* = sum_k sigma_k d_k for sign vectors sigma in {+1, -1}^L, and p_ij = #{T* >= T} / #sigma
//      (no +1 correction; the identity sign vector counts).
//   3. SPA = 1 - mean over pairs of |p_human_ij - p_metric_ij|.
//
// Sign vectors, by method:
//   * exact: all 2^L sign vectors (the limit of infinitely many permutations). L <= 24, else
//     trenchcoat::Error. p is an exact multiple of 2^-L, so SPA is reproducible bit for bit.
//     Cost O(S^2 2^(L/2) L) (meet in the middle: T* >= T iff the flipped d_k sum to <= 0).
//   * monte_carlo: K sign vectors drawn from std::mt19937_64 seeded with `seed`; sign vector k takes
//     ceil(L / 64) consecutive 64-bit draws, segment l reading bit (l mod 64) of draw l / 64
//     (1 -> +1, 0 -> -1). The same K sign vectors serve every system pair and both the human and
//     the metric side, as in the reference. Cost O(K S L + K S^2): per sign vector, one signed row
//     sum R_i = sum_k sigma_k s_ik per system, then T*_ij = R_i - R_j.
//   * automatic: exact when L <= 24, monte_carlo otherwise.
// The reference draws its signs from numpy (default_rng(4)) and sums in float32; its Monte Carlo
// values cannot be reproduced, only approached statistically. Here sums are in double.
//
// Ties: "T* >= T" is decided with a tolerance, T* - T >= -tol_ij with
// tol_ij = 4 L eps (sum_k |s_ik| + sum_k |s_jk|), eps = 2^-52, which bounds the rounding of the
// sums. Sign vectors whose T* equals T mathematically (the identity, flips of segments with
// d_k = 0, cancelling decimal scores) therefore always count, whatever the summation order.
//
// Edge cases: fewer than 2 systems (no pair) or no item left after step 1 give value NaN (with NaN
// p-values for the pairs in the second case). Throws trenchcoat::Error if the vectors differ in length,
// the length is not num_systems * num_items, a metric score is missing or infinite (or a gold score
// infinite) in a kept column, permutations is 0 for monte_carlo, or exact is asked for with L > 24.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

enum class SpaMethod { automatic, exact, monte_carlo };

inline constexpr std::size_t kSpaMaxExactItems = 24;

struct SoftPairwiseAccuracyOptions {
  SpaMethod method = SpaMethod::automatic;
  std::size_t permutations = 1000;  // K for monte_carlo (the reference's num_permutations)
  std::uint64_t seed = 4;           // monte_carlo seed (4 is the reference's seed, but not its stream)
};

struct SoftPairwiseAccuracy {
  double value = 0.0;              // 1 - PCE; NaN for fewer than 2 systems or no item left
  std::vector<double> p_human;     // p_ij from gold, pairs i < j in upper-triangle order (01, 02, ..., 12, ...)
  std::vector<double> p_metric;    // p_ij from the metric, same order
  std::size_t num_items_used = 0;  // L: items with a gold score for every system
  std::size_t items_dropped = 0;   // num_items - L
  std::uint64_t permutations = 0;  // sign vectors used: 2^L when exact, K for monte_carlo
  std::uint64_t seed = 0;          // the seed used (monte_carlo); 0 when exact
  bool exact = false;              // true when every sign vector was enumerated
};

// SPA over flat system-major vectors of num_systems * num_items segment scores (gold NaN = missing).
SoftPairwiseAccuracy soft_pairwise_accuracy(std::span<const double> gold, std::span<const double> metric,
                                            std::size_t num_systems, std::size_t num_items,
                                            const SoftPairwiseAccuracyOptions& options = {});

// The same on score tables. Throws trenchcoat::Error unless both tables list the same systems in the
// same order and have the same number of items.
SoftPairwiseAccuracy soft_pairwise_accuracy(const ScoreTable& gold, const ScoreTable& metric,
                                            const SoftPairwiseAccuracyOptions& options = {});

}  // namespace trenchcoat::meta
