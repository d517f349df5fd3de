#pragma once
// Recalibration maps for binary scores and the Bradley-Terry preference probability.
// It covers temperature scaling, Platt scaling, isotonic
// regression / PAVA and Bradley-Terry. Each fit_* function fits on one set of scores and returns a
// small value type; the matching apply / predict function maps any other scores, so the lead's
// k-fold cross-fitting can fit on the training folds and apply to the held-out fold.
//
// Optimisers (written here; no library):
//   * Temperature: the mean NLL of sigma(beta * z_i) against y_i is convex in beta = 1/T. Its
//     derivative g(beta) = mean((sigma(beta z_i) - y_i) z_i) is increasing. The root is bracketed
//     (beta = 0 and a doubled upper end) and found by Newton steps, falling back to bisection when
//     a step leaves the bracket; it stops when the bracket or the step is below 4 ulp of beta (at
//     most 200 iterations). Agrees with the reference beta* to ~1e-15.
//   * Platt: Newton's method on (A, B) from Platt's start point, with a backtracking (Armijo) line
//     search, stopping when the gradient's max-norm is below 1e-15 * n or the step is below 1e-15
//     relative (at most 100 iterations); the gradient at the result is at rounding level (~1e-16).
//     Note: calib_vectors.json's "exact optimum" vectors (PLATT.newton, PLATT.no_smoothing) have gradients of
//     ~1e-8 there, so they agree with this fit only to ~2e-8; sklearn's BFGS agrees to ~1e-5.
//   * Isotonic: pool-adjacent-violators, exact (weighted block means as one division each).
//
// Edge cases (a trenchcoat::Error with one message, never NaN):
//   * empty input, length mismatch, NaN or infinite scores, labels outside [0, 1] (soft labels are
//     allowed for temperature and Platt; isotonic accepts any finite y), weights <= 0 or non-finite;
//   * temperature: beta* <= 0 (no valid T): the message says "offset" when the logits covary
//     positively with the labels (the ranking is right, but mean(z) sits on the wrong side of 0 for
//     the base rate: g(0) = -cov(z, y) + mean(z)(1/2 - mean(y)) >= 0), else "unrelated or
//     anti-related"; and data
//     separable by the sign of z (beta* = infinity, T -> 0; includes single-class labels whose
//     scores all have the "right" sign); all z = 0 gives g = 0 everywhere: reported as beta* <= 0;
//   * Platt without target smoothing: single-class or (quasi-)separable data (the scores of the
//     points with t > 0 and those with t < 1 do not overlap strictly) have no finite optimum: Error;
//     also Error if Newton fails to converge. With
//     the default smoothing targets are never 0 or 1 and the optimum is finite. Constant scores f:
//     A is not identifiable; the fit returns A = 0 and B = log(sum(1 - t) / sum(t)) (the optimum
//     over B), or an Error when that is infinite.
//   * isotonic: a single (unique) x gives one threshold and a constant prediction.
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace trenchcoat::meta {

// ---- Bradley-Terry ----------------------------------------------------------------------------

// Logistic sigmoid 1 / (1 + e^-x), computed without overflow (exactly 0 or 1 in the far tails).
double sigmoid(double x);
// -log sigma(x) = softplus(-x) = max(-x, 0) + log1p(e^-|x|): stable, finite for any finite x.
double neg_log_sigmoid(double x);
// P(a > b) = sigma(beta * (score_a - score_b)); beta = 1 / T (the DPO scale). beta must be finite.
double bradley_terry_probability(double score_a, double score_b, double beta = 1.0);

// ---- Temperature scaling ----------------------------------------------------------------------

struct TemperatureFit {
  double beta = 1.0;         // 1 / T
  double temperature = 1.0;  // T = 1 / beta
  double nll = 0.0;          // mean NLL at the optimum
  std::size_t iterations = 0;
};

// Mean NLL of sigma(beta * z_i) against labels y_i in [0, 1] (numpy-style pairwise mean of
// y * softplus(-beta z) + (1 - y) * softplus(beta z)). Temperature T corresponds to beta = 1 / T.
double temperature_nll(std::span<const double> logits, std::span<const double> y, double beta);
// Fit beta = 1 / T minimising temperature_nll over beta > 0.
TemperatureFit fit_temperature(std::span<const double> logits, std::span<const double> y);
// sigma(z_i / T) for each logit (computed as sigma(beta * z_i)).
std::vector<double> apply_temperature(const TemperatureFit& fit, std::span<const double> logits);

// ---- Platt scaling ----------------------------------------------------------------------------

struct PlattOptions {
  // Platt's prior smoothing (sklearn): targets (N+ + 1)/(N+ + 2) for y = 1 and 1/(N- + 2) for y = 0.
  // Requires y in {0, 1}. When false, the targets are y itself (plain logistic MLE; soft y allowed).
  bool prior_smoothing = true;
};

// q(f) = 1 / (1 + exp(a * f + b)): note a < 0 for scores positively related to the label.
struct PlattFit {
  double a = 0.0;
  double b = 0.0;
  double target_positive = 1.0;  // the targets used (1 and 0 without smoothing)
  double target_negative = 0.0;
  std::size_t iterations = 0;
};

PlattFit fit_platt(std::span<const double> scores, std::span<const double> y, const PlattOptions& options = {});
double platt_predict(const PlattFit& fit, double score);
std::vector<double> platt_predict(const PlattFit& fit, std::span<const double> scores);

// ---- Isotonic regression ----------------------------------------------------------------------

struct IsotonicOptions {
  // Bounds applied to the fitted values (sklearn y_min / y_max); calibration uses 0 and 1.
  double y_min = -std::numeric_limits<double>::infinity();
  double y_max = std::numeric_limits<double>::infinity();
};

// Increasing isotonic fit, sklearn IsotonicRegression(increasing=True, out_of_bounds='clip').
struct IsotonicFit {
  // Interpolation knots: x ascending, distinct; y non-decreasing. Of every constant block only its
  // first and last x are kept.
  std::vector<double> x;
  std::vector<double> y;
  // The fitted value at every training x, in input order (the block mean, exactly).
  std::vector<double> fitted;
};

// weights empty means all 1. Duplicate x are merged first (weighted mean of y, summed weights).
IsotonicFit fit_isotonic(std::span<const double> x, std::span<const double> y, std::span<const double> weights = {},
                         const IsotonicOptions& options = {});
// Linear interpolation between the knots (scipy interp1d rule: for x in (X_j, X_{j+1}],
// slope * (x - X_j) + Y_j; x = X_0 gives Y_0); x outside [X_0, X_last] is clipped to the ends.
// NaN x is an Error.
double isotonic_predict(const IsotonicFit& fit, double x);
std::vector<double> isotonic_predict(const IsotonicFit& fit, std::span<const double> x);

}  // namespace trenchcoat::meta
