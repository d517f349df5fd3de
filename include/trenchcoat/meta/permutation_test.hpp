#pragma once
// PERM-BOTH permutation significance test (Deutsch et al. 2021), as mt-metrics-eval's
// PermutationSigDiff runs it: is metric2's correlation with gold significantly better than metric1's?
// Expected values: vectors P1-P5 in tests/fixtures/perm_vectors.json.
//
// Behaviour (the steps of the reference's PermutationSigDiff):
//   1. The flat system-major vectors are cut into groups (Grouping, as in grouped_correlation.hpp);
//      in each group the positions with missing gold are dropped. Groups left empty disappear; the
//      rest are concatenated into flat "filtered" vectors of n elements.
//   2. Each metric's filtered vector is z-scored (mean and population standard deviation, summed the
//      way numpy sums). For tie_calibrated the unfiltered full vectors are z-scored instead and the
//      n elements are all num_systems * num_items positions, as the reference does.
//   3. Corr = the per-group statistic averaged over groups: groups whose statistic is NaN are dropped
//      (or count as 0 with replace_nans_with_zeros), the rest averaged with numpy's pairwise sum
//      (macro) or weighted by group length (macro = false, an extension: the reference always takes
//      the plain mean); no group at all gives 0. delta = Corr(z2) - Corr(z1).
//      Pearson and Spearman are NaN on a constant group. A group of one element has NaN statistic
//      (the reference crashes for Pearson there and gets NaN for the Kendall family).
//      Note metric_epsilon of tau23 / acc23 applies to the z-scored values, as in the reference.
//   4. Each draw swaps every element independently with probability 1/2 between the two metrics and
//      counts the draw when Corr(m2') - Corr(m1') >= delta. After every block_size draws, with
//      p = count / draws so far, it stops if p < early_min or p > early_max.
//   5. p = count / draws done (no +1 correction, so p may be 0).
//
// Random numbers: one xoshiro256++ generator whose four state words are the first four outputs of
// splitmix64 started at options.seed; draw k takes the next ceil(n / 64) words, and bit (e mod 64) of
// word (e / 64) is element e's mask bit (1 = keep, 0 = swap). Deterministic for a seed; it cannot
// reproduce numpy's stream, so Monte-Carlo p-values agree with the reference only statistically
// (perm_vectors.json: the reference's k = 20000 values are within 0.01 of the exact p).
//
// Fast path (Pearson, any grouping): with a binary mask, the hybrid vectors' sums, sums of squares
// and products with the centred gold differ from the originals only by masked sums of (z1 - z2),
// (z1^2 - z2^2) and gold * (z1 - z2) (after shifting each group to its own centre), so a draw costs
// three masked sums instead of two Pearson computations. Such a value differs from the reference's
// two-pass Pearson by rounding only. Ties are decided robustly: a draw whose fast Corr(m2') - Corr(m1')
// lies within 1e-7 of delta, or with a group whose hybrid variance is below 1e-3 of its raw second
// moment (near-constant, where the sums lose precision), is recomputed exactly as delta was (two-pass
// Pearson per group, NaN on constant groups, numpy pairwise mean), and that exact value decides. So
// the identity mask always counts (its exact difference equals delta bit for bit) and exact ties
// (e.g. the +-1 Pearsons of two-element groups) are decided as the reference decides them. Draws
// kept with keep_draws carry the fast values (within ~1e-12 of exact) unless recomputed.
// Other statistics recompute the hybrid vectors' correlations every draw (Kendall with its asymptotic
// p-value path, which leaves the statistic unchanged); tie_calibrated runs calibrate_ties (sample
// rate 1) on both hybrids every draw, as slow as the reference's.
//
// Errors (trenchcoat::Error): lengths that disagree with num_systems * num_items; a metric value that
// is NaN or infinite where it is used (a present-gold position, or anywhere with tie_calibrated);
// tie_calibrated with a statistic other than tau23 / acc23, or with a nonzero metric_epsilon;
// metric_epsilon nonzero or negative for other statistics as average_correlation rejects it;
// block_size 0. A constant metric (standard deviation 0) z-scores to all zeros (the reference gets NaN
// everywhere); resamples = 0 returns p = 0 with no draws.
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/resample_progress.hpp"

namespace trenchcoat::meta {

// What is compared: the grouped statistic of PermutationSigDiff's corr_fcn.
struct CorrelationMeasure {
  Statistic statistic = Statistic::pearson;  // with tie_calibrated: tau23 or acc23
  Grouping grouping = Grouping::none;
  AverageOptions options;       // replace_nans_with_zeros, macro, metric_epsilon
  bool tie_calibrated = false;  // KendallWithTiesOpt: epsilon re-optimised on every draw (slow)
};

struct PermutationOptions {
  std::size_t resamples = 1000;   // k
  std::size_t block_size = 1000;  // early-stopping check every block_size draws (>= resamples: none)
  double early_min = 0.02, early_max = 0.5;
  std::uint64_t seed = 0;     // every draw comes from a generator seeded with this; reported back
  bool keep_draws = false;    // fill PermutationResult::draws
  ResampleProgress progress;  // when set: told the draws done (compare_metrics: over all pairs)
};

struct PermutationResult {
  double p_value = 0;  // count / resamples_done, no +1 correction
  double delta = 0;    // Corr(metric2) - Corr(metric1)
  std::size_t resamples_done = 0;
  std::uint64_t seed = 0;
  std::vector<std::pair<double, double>> draws;  // (Corr(m2'), Corr(m1')) per draw, with keep_draws
};

// PERM-BOTH; H1: metric2 correlates better than metric1. Flat system-major vectors, gold NaN = missing.
PermutationResult permutation_test(std::span<const double> gold, std::span<const double> metric1,
                                   std::span<const double> metric2, std::size_t num_systems, std::size_t num_items,
                                   const CorrelationMeasure& measure, const PermutationOptions& options);

// The resamples -> infinity limit: every one of the 2^n swap masks of the n elements (step 2) once,
// mask m keeping element e unswapped iff bit e of m is set. p = count / 2^n, resamples_done = 2^n,
// seed 0, no draws kept. Throws trenchcoat::Error if n > 24, besides the errors above.
PermutationResult exact_permutation_test(std::span<const double> gold, std::span<const double> metric1,
                                         std::span<const double> metric2, std::size_t num_systems,
                                         std::size_t num_items, const CorrelationMeasure& measure);

}  // namespace trenchcoat::meta
