#pragma once
// How well scores separate binary human labels (a summary attributable to its article or not, a
// response acceptable or not): ROC AUC, Pearson's r between score and label, and balanced accuracy at
// a cross-fitted threshold, each with a seeded percentile bootstrap interval, for several scorers on
// the same items (paired: every scorer sees the same resamples).
//
// Scores are oriented so that higher means "label 1 more likely" (negate a lower-is-better score
// before); labels are 0 or 1. The statistics:
//   ROC AUC            the Mann-Whitney probability that a positive scores above a negative, ties 1/2
//                      (calibration.hpp's roc_auc, applied to the scores' ranks scaled into [0, 1]: the
//                      AUC only compares scores, so any order-preserving map gives the same value).
//                      0.5 is chance; below 0.5 the score ranks the labels the wrong way round.
//   Pearson            scipy's pearsonr of the scores against the 0/1 labels (the point-biserial r).
//                      Undefined (reported with a reason, never NaN) for constant scores.
//   balanced accuracy  (TPR + TNR) / 2 of the prediction [score >= t], t chosen out of sample: the items
//                      are dealt into `folds` folds stratified by label (each label's items shuffled by
//                      std::mt19937_64 seeded with `seed`, then dealt round-robin), and each fold's
//                      predictions use the threshold that maximises balanced accuracy on the other
//                      folds. Candidate thresholds are -inf (everything positive), the midpoints between
//                      consecutive distinct training scores and +inf (nothing positive); among equally
//                      good ones the lowest wins. The threshold reported is the one fitted on all items
//                      (what a user would apply to new data); the accuracy is the cross-fitted one, so
//                      choosing the threshold never inflates it. A constant score gives 0.5.
// Intervals: `resamples` draws of n item indices with replacement (std::mt19937_64 seeded with `seed`,
// indices by rejection as bootstrap_mean does), the same draws for every scorer; each statistic is
// recomputed on each draw (balanced accuracy from the fixed cross-fitted predictions, so the interval
// leaves out the threshold fit's own variance), and the interval at level L is
// [Q((1 - L) / 2), Q((1 + L) / 2)] of the draws where the statistic is defined (empirical_quantile,
// numpy.percentile's linear rule). Draws where it is not (one class only, constant scores) are left out
// and counted. The paired AUC difference of each scorer against a reference scorer (AUC_s - AUC_ref)
// gets the interval of its draws and p = #{delta* <= 0} / B, paired_bootstrap.hpp's convention.
//
// Errors (trenchcoat::Error): no scorer, a score series whose length differs from the labels', a label
// other than 0 or 1, a non-finite score, fewer than two items, resamples = 0, L not in (0, 1), folds < 2,
// a reference index out of range.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/meta/paired_bootstrap.hpp"

namespace trenchcoat::meta {

struct BinaryLabelOptions {
  std::size_t resamples = 1000;
  double confidence_level = 0.95;
  std::uint64_t seed = 0;
  std::size_t folds = 5;
  std::optional<std::size_t> reference;  // scorer index the paired AUC differences are taken against
};

// A statistic with its interval; value nullopt (with `reason`) where it is undefined on the items.
struct LabelStatistic {
  std::optional<double> value;
  std::optional<ConfidenceInterval> interval;  // nullopt when no draw defines the statistic
  std::size_t undefined_draws = 0;             // resamples left out of the interval
  std::string reason;                          // why value is nullopt
};

struct PairedDifference {
  double value = 0.0;  // AUC of the scorer minus the reference's, on the items
  ConfidenceInterval interval;
  double p_value = 0.0;  // #{delta* <= 0} / B, over the draws where both AUCs are defined
};

struct ScorerLabelAgreement {
  LabelStatistic auc, pearson, balanced_accuracy;
  double threshold = 0.0;                          // fitted on all items (oriented score): predict 1 when score >= it
  std::vector<double> fold_thresholds;             // the threshold each fold's predictions used
  std::optional<PairedDifference> auc_difference;  // against options.reference (absent for the reference itself)
};

struct BinaryLabelStudy {
  std::size_t items = 0, positives = 0;
  BinaryLabelOptions options;
  std::vector<ScorerLabelAgreement> scorers;  // in the order of the score series
};

BinaryLabelStudy study_binary_labels(const std::vector<std::vector<double>>& scores, std::span<const double> labels,
                                     const BinaryLabelOptions& options = {});

// The pieces, for tests and other callers.

// ROC AUC of arbitrary real scores against 0/1 labels (see above); nullopt with a single class.
std::optional<double> scores_roc_auc(std::span<const double> scores, std::span<const double> labels);

// (TPR + TNR) / 2 of 0/1 predictions; nullopt when a class is absent from the labels.
std::optional<double> balanced_accuracy(std::span<const double> predictions, std::span<const double> labels);

// The threshold maximising the balanced accuracy of [score >= t] (see above); -inf and +inf are
// possible. Needs both classes (else the lowest candidate, -inf, is returned).
double best_balanced_threshold(std::span<const double> scores, std::span<const double> labels);

// Fold of each item (0 .. folds - 1), stratified by label and seeded (see above).
std::vector<std::size_t> stratified_folds(std::span<const double> labels, std::size_t folds, std::uint64_t seed);

}  // namespace trenchcoat::meta
