#pragma once
// Calibration metrics of binary probabilistic predictions: binned ECE / MCE / RMSCE with their
// reliability-diagram data, Brier score, log loss, and the top-label and symmetrised readings of
// reward-model preference probabilities.
//
// Notation: p_i in [0, 1] is the predicted probability of the positive event, y_i the label.
//
// Binning (BinningScheme), B bins:
//   * equal_width_right_closed (the primary convention, = sklearn calibration_curve
//     'uniform'): edges e_k = k / B (one division per edge); bin 0 = [0, e_1], bin k = (e_k, e_{k+1}].
//     Index = number of inner edges e_1..e_{B-1} strictly below p (searchsorted side='left').
//   * equal_width_left_closed: the left-closed variant, [e_k, e_{k+1}) with the last bin closed.
//     Index = number of inner edges <= p (searchsorted side='right').
//   * equal_mass: stable-sort by p, split into B contiguous chunks, the first n mod B of size
//     ceil(n / B), the rest floor(n / B) (numpy array_split). Equal p values may straddle chunks.
//     With n < B the last B - n chunks are empty.
//   * equal_mass_ties_together: the same chunks, then every chunk boundary that falls between two
//     equal p values moves forward past the last of them (boundaries processed in order, never
//     before the previous one), so a bin boundary never splits equal values. Bins may become empty
//     (all p equal: one bin). This is what `meta calib` reports: with array_split a constant
//     predictor's points land in all B bins and get an ECE that measures nothing.
//   The torchmetrics (phantom bin for p = 1) and Guo et al. (p = 0 in no bin) variants are not
//   offered: both drop or misplace boundary values.
//
// Per bin: n_b, acc_b = mean y, conf_b = mean p (each a numpy-style pairwise sum then one division,
// summed in input order for equal-width bins and in sorted order for equal-mass chunks, as numpy's
// boolean masks / array_split do). Over the non-empty bins only:
//   ECE = sum_b (n_b / n) |acc_b - conf_b|, MCE = max_b |acc_b - conf_b|,
//   RMSCE = sqrt(sum_b (n_b / n)(acc_b - conf_b)^2), summed in increasing bin order.
// These reproduce the reference values of tests/fixtures/calib_vectors.json bit for bit.
//
// Edge cases (each a trenchcoat::Error with one message; nothing returns NaN):
//   * empty input, p and y of different lengths, num_bins == 0;
//   * p NaN or outside [0, 1]; y outside [0, 1]. Soft labels are allowed everywhere except
//     top_label (which needs a class): in a bin, acc_b is then the mean label, the expected
//     frequency of the positive event (a human tie between two outputs is the label 1/2).
//   Single-class labels and constant p are valid and give ordinary results (e.g. all p equal: one
//   occupied equal-width bin, ECE = |mean y - p|). Empty bins carry count 0 and are listed in
//   ReliabilityDiagram::counts only; they contribute nothing and are never NaN.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace trenchcoat::meta {

enum class BinningScheme { equal_width_right_closed, equal_width_left_closed, equal_mass, equal_mass_ties_together };

// One occupied bin of a reliability diagram.
struct ReliabilityBin {
  std::size_t index = 0;    // 0 .. B-1
  std::size_t count = 0;    // n_b > 0
  double accuracy = 0.0;    // mean y in the bin
  double confidence = 0.0;  // mean p in the bin
  double lower = 0.0;       // equal width: the bin's edges e_k, e_{k+1};
  double upper = 0.0;       // equal mass: the smallest and largest p in the chunk
};

struct ReliabilityDiagram {
  std::size_t num_bins = 0;
  BinningScheme scheme = BinningScheme::equal_width_right_closed;
  std::vector<double> edges;         // equal width: B + 1 edges k / B; equal mass: empty
  std::vector<std::size_t> counts;   // all B bins, 0 for empty ones
  std::vector<ReliabilityBin> bins;  // the occupied bins, in increasing index
};

struct CalibrationError {
  double ece = 0.0;
  double mce = 0.0;
  double rmsce = 0.0;
  ReliabilityDiagram diagram;
};

// Bin index of every p_i under the scheme (see above). Validates p (not y).
std::vector<std::size_t> assign_calibration_bins(std::span<const double> p, std::size_t num_bins, BinningScheme scheme);

// Binned calibration error of positive-class probabilities p against labels y in [0, 1] (0 or 1, or
// soft).
CalibrationError calibration_error(std::span<const double> p, std::span<const double> y, std::size_t num_bins,
                                   BinningScheme scheme = BinningScheme::equal_width_right_closed);

// Top-label reading of binary predictions: confidence = max(p, 1 - p), correct = 1 when the
// predicted class (1 iff p > 0.5; p = 0.5 predicts class 0) equals y, else 0. y must be 0 or 1.
struct TopLabel {
  std::vector<double> confidence;
  std::vector<double> correct;
};
TopLabel top_label(std::span<const double> p, std::span<const double> y);

// Symmetrised data: p followed by 1 - p_i, y followed by 1 - y_i (2n points). ECE over it is the
// "symmetrised positive-class ECE" (fixture CAL.symmetrized.B5.right_closed). y in [0, 1] (soft allowed).
struct SymmetrizedData {
  std::vector<double> p;
  std::vector<double> y;
};
SymmetrizedData symmetrize(std::span<const double> p, std::span<const double> y);

// Brier score: mean (p_i - y_i)^2 (numpy pairwise mean). Soft labels in [0, 1] allowed.
double brier_score(std::span<const double> p, std::span<const double> y);

// Base rate mean y (soft labels in [0, 1] allowed).
double base_rate(std::span<const double> y);

// ROC AUC of p against y: the Mann-Whitney probability that a positive's p exceeds a negative's, ties
// counted 1/2. A soft label counts as weight y positive and 1 - y negative; the pair of a point with
// itself is left out (it only arises for soft labels). Equals sklearn's roc_auc_score for 0/1 labels.
// nullopt when there is no positive-negative pair (a single class).
std::optional<double> roc_auc(std::span<const double> p, std::span<const double> y);

// Murphy's decomposition of the Brier score over the bins of a reliability diagram (bins from
// calibration_error with the same p, y): with n_b, conf_b, acc_b per occupied bin and ybar = mean y,
//   reliability = sum_b (n_b / n) (conf_b - acc_b)^2   (lower is better; = RMSCE^2)
//   resolution  = sum_b (n_b / n) (acc_b - ybar)^2     (higher is better; 0 for a constant predictor)
//   uncertainty = mean (y - ybar)^2                    (= ybar (1 - ybar) for 0/1 labels)
//   within_bin  = brier - (reliability - resolution + uncertainty)
// within_bin is 0 (up to rounding) when every bin holds a single distinct p (Murphy 1973); otherwise
// it is the spread of p inside the bins (Stephenson et al. 2008), so the identity
// brier = reliability - resolution + uncertainty + within_bin holds exactly.
struct BrierDecomposition {
  double brier = 0.0;
  double reliability = 0.0;
  double resolution = 0.0;
  double uncertainty = 0.0;
  double within_bin = 0.0;
};
BrierDecomposition brier_decomposition(std::span<const double> p, std::span<const double> y,
                                       const ReliabilityDiagram& diagram);

// Machine epsilon, sklearn >= 1.2's default clip for log loss; older sklearn used 1e-15.
inline constexpr double kLogLossEpsAuto = 2.220446049250313e-16;

// Log loss: -mean[y log p' + (1 - y) log(1 - p')] with p' = clip(p, eps, 1 - eps); a term whose
// weight (y or 1 - y) is 0 contributes 0 (xlogy). Soft labels in [0, 1] allowed; eps in [0, 0.5)
// (eps = 0 with a confidently wrong prediction gives +infinity, never NaN).
double log_loss(std::span<const double> p, std::span<const double> y, double eps = kLogLossEpsAuto);

}  // namespace trenchcoat::meta
