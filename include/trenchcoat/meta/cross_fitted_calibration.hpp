#pragma once
// Calibration of a scorer read as a probability, measured out of sample: the raw reading and three
// recalibration maps (temperature, Platt, isotonic), each fitted by k-fold cross-fitting so that
// every sample's probability comes from a map fitted without it; then ECE (equal-width right-closed
// and equal-mass bins), MCE, RMSCE, Brier score and log loss, with reliability-diagram data, overall
// and per subset. The metrics and maps are
// calibration.hpp and recalibration.hpp.
//
// Beside ECE every measurement reports the base rate, the ROC AUC (discrimination, which ECE does not
// see: a constant predictor at the base rate has ECE 0 and AUC 1/2) and the Brier score's Murphy
// decomposition (calibration.hpp).
//
// Methods (x is the sample's score: a score difference for pairs, the score for pointwise data):
//   raw          pairs: sigma(x) (Bradley-Terry at T = 1); pointwise: x itself, only when every
//                score lies in [0, 1] (else not applicable, with the reason)
//   temperature  sigma(x / T), T fitted by minimum NLL (pairs: the natural map; no offset); pointwise
//                scores that are all in [0, 1] are probabilities and are scaled on their logit,
//                sigma(logit(p) / T) (p clipped to [1e-15, 1 - 1e-15]); other pointwise scores are read
//                as logits (the method's note says which)
//   platt        1 / (1 + exp(A x + B)); Platt's prior-smoothed targets when the labels are 0 / 1,
//                plain logistic likelihood when some are soft (ties)
//   isotonic     PAVA on (x, y), clipped to [0, 1], interpolated linearly between knots
// Pairs are symmetrised both for fitting and for measuring: (x, y) and (-x, 1 - y) (the
// symmetrised positive-class reading: the chosen-over-rejected labels alone would all be 1, which
// makes positive-class calibration degenerate); without ties the top-label reading is reported too.
//
// Folds: the distinct groups, in order of first appearance, are shuffled with std::mt19937_64 seeded
// by `seed` (Fisher-Yates with an unbiased rejection draw, so the result is the same on every
// platform) and dealt round-robin into k = min(folds, groups) folds; every sample goes with its
// group. A method whose fit fails on some training fold (a single class for temperature, separable
// data, constant scores) is reported as not fitted, with the fold and the reason; fewer than 2
// groups: no recalibration method can be cross-fitted (reported), raw is still measured.
// Everything reported is finite: a study never returns NaN.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/calibration.hpp"
#include "trenchcoat/meta/calibration_data.hpp"

namespace trenchcoat::meta {

enum class RecalibrationMethod { raw, temperature, platt, isotonic };
std::string recalibration_method_name(RecalibrationMethod method);
RecalibrationMethod parse_recalibration_method(const std::string& name);  // Error lists the names

struct CalibrationStudyOptions {
  std::size_t folds = 5;
  std::uint64_t seed = 0;
  std::size_t bins = 10;
  std::vector<RecalibrationMethod> methods = {RecalibrationMethod::raw, RecalibrationMethod::temperature,
                                              RecalibrationMethod::platt, RecalibrationMethod::isotonic};
};

// Calibration of one set of probabilities against their labels.
struct CalibrationMetrics {
  std::size_t samples = 0;  // points measured (pairs count twice: symmetrised)
  double ece = 0;           // equal-width bins, right-closed (as sklearn's calibration_curve 'uniform')
  double mce = 0;
  double rmsce = 0;
  double ece_equal_mass = 0;  // equal-mass bins, tied probabilities kept in one bin (equal_mass_ties_together)
  double brier = 0;
  double base_rate = 0;            // mean label
  std::optional<double> auc;       // ROC AUC (ties 1/2); absent for a single class
  BrierDecomposition brier_parts;  // Murphy: reliability, resolution, uncertainty (+ within-bin), equal-width bins
  double log_loss = 0;             // p clipped to [DBL_EPSILON, 1 - DBL_EPSILON]
  ReliabilityDiagram reliability;  // equal-width bins
  // Pairs without human ties: the top-label reading of each pair as given (confidence max(p, 1 - p),
  // correct when the predicted side, a for p > 1/2, is the preferred one; p = 1/2 predicts b),
  // equal-width bins. Absent for pointwise data and when any pair is a tie.
  std::optional<CalibrationError> top_label;
};

// The map fitted on all samples (what a user would apply to new scores).
struct RecalibrationParameters {
  double temperature = 1;  // temperature
  double a = 0, b = 0;     // platt
  std::size_t knots = 0;   // isotonic: interpolation knots
};

struct MethodCalibration {
  RecalibrationMethod method = RecalibrationMethod::raw;
  bool measured = false;  // false: not applicable or not fittable; `reason` says why
  std::string reason;
  std::string note;                                   // how the method read the scores, when that needs saying
  std::optional<RecalibrationParameters> fit_on_all;  // absent for raw or when the full fit fails
  std::vector<RecalibrationParameters> fold_fits;     // one per fold (empty for raw)
  CalibrationMetrics overall;
  std::map<std::string, CalibrationMetrics> subsets;  // only when the data has named subsets
};

struct CalibrationStudy {
  CalibrationReading reading = CalibrationReading::pairwise;
  std::size_t units = 0;  // pairs or pointwise samples (before symmetrising)
  std::size_t groups = 0;
  std::size_t folds = 0;                               // folds actually used
  std::size_t positives = 0, negatives = 0, ties = 0;  // labels 1, 0 and soft, before symmetrising
  std::vector<MethodCalibration> methods;
};

// Errors: no samples, mismatched lengths, a non-finite score, a label outside [0, 1], folds < 2,
// bins < 1.
CalibrationStudy study_calibration(const CalibrationData& data, const CalibrationStudyOptions& options = {});

// Metrics of probabilities p against labels y (no fitting); used by the study for each method.
CalibrationMetrics measure_calibration(const std::vector<double>& p, const std::vector<double>& y, std::size_t bins);

}  // namespace trenchcoat::meta
