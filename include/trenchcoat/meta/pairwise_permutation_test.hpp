#pragma once
// Pairwise permutation test for (tie-calibrated) Kendall-type agreement, mt-metrics-eval's
// PairwisePermutationSigDiff: instead of swapping metric scores, each draw swaps the two metrics'
// per-pair outcomes (concordant / discordant / tied), so two metrics with different tie thresholds are
// compared without re-calibrating on every draw. H1: metric2 agrees better with gold than metric1.
//
// Behaviour:
//   1. Each metric's epsilon is the given one, or (when absent) the one calibrate_ties picks on the
//      unfiltered vectors with `calibration` (tie_calibration.hpp), as the reference's
//      KendallWithTiesOpt does. Only tau23 / acc23 can be calibrated.
//   2. Groups are formed as in grouped_correlation.hpp and the missing-gold positions dropped; groups
//      left empty disappear. The metric scores are used as they are (no z-scoring).
//   3. Within a group every pair i < j is classified for each metric (gold ties: exact equality;
//      metric ties: |m_j - m_i| <= epsilon of that metric; otherwise concordant or discordant).
//      A group's statistic comes from its counts: acc23 = (C + T_hm) / N, tau23 = (C + T_hm - D - T_h
//      - T_m) / N, b = (C - D) / sqrt(N - T_m - T_hm) / sqrt(N - T_h - T_hm) (NaN if either square
//      root is of 0); a group with no pair (one element) is NaN. Corr = the numpy mean of the group
//      values, NaN groups dropped (or counted as 0 with replace_nans_with_zeros); no group gives 0.
//      delta = Corr(metric2) - Corr(metric1).
//   4. Each draw gives every pair of every group an independent Bernoulli(1/2) bit (the reference's
//      symmetric pair mask): with the bit set, hybrid 1 takes metric1's outcome on that pair and hybrid 2
//      metric2's; otherwise the reverse. A draw counts when Corr(h2) - Corr(h1) >= delta.
//   5. Early stopping, p = count / draws done as in permutation_test.hpp, except where it is checked:
//      EarlyStopping::reference (default) reproduces the reference, whose block-boundary check runs
//      only on draws that counted (it sits inside the reference's `if c2 - c1 >= delta`);
//      EarlyStopping::every_block checks at every block boundary, as PermutationSigDiff does.
//
// Cost: pairs on which both metrics have the same outcome never change anything, so they are dropped
// up front. The rest are bucketed per group by how swapping them changes the counts, and a draw only
// needs, per bucket, the number of set bits among that many fresh random bits (a popcount): one 64-bit
// random word per 64 differing pairs. Corr is then computed from integer counts with the same
// floating-point operations as delta, so ties at delta are decided exactly.
//
// Random numbers: one std::mt19937_64 seeded with options.seed; bits are consumed in order (groups in
// order, buckets in order). Cannot reproduce numpy's stream: p-values agree with the reference only
// statistically.
//
// Errors (trenchcoat::Error): variant c; an absent epsilon with variant b; a negative or NaN epsilon;
// lengths that disagree with num_systems * num_items; a NaN or infinite metric value where gold is
// present; block_size 0; and whatever calibrate_ties rejects. resamples = 0 returns p = 0, no draws.
// Memory: O(P) for the P differing pairs during set-up (O(n^2) pairs for Grouping::none).
#include <cstddef>
#include <optional>
#include <span>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"
#include "trenchcoat/meta/permutation_test.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"

namespace trenchcoat::meta {

struct PairwisePermutationMeasure {
  enum class EarlyStopping {
    reference,    // check only on draws whose difference counted (the reference's indentation)
    every_block,  // check at every block boundary
  };
  TiesKendallVariant variant = TiesKendallVariant::acc23;  // b, tau23 or acc23; not c
  Grouping grouping = Grouping::none;
  std::optional<double> epsilon1, epsilon2;  // absent: calibrated with calibrate_ties
  TieCalibrationOptions calibration;         // sample_rate / seed of that calibration
  bool replace_nans_with_zeros = false;
  EarlyStopping early_stopping = EarlyStopping::reference;
};

struct PairwisePermutationResult : PermutationResult {
  double epsilon1 = 0.0, epsilon2 = 0.0;  // the thresholds used (given or calibrated)
};

PairwisePermutationResult pairwise_permutation_test(std::span<const double> gold, std::span<const double> metric1,
                                                    std::span<const double> metric2, std::size_t num_systems,
                                                    std::size_t num_items, const PairwisePermutationMeasure& measure,
                                                    const PermutationOptions& options);

}  // namespace trenchcoat::meta
