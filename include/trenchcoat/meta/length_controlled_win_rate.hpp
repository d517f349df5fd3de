#pragma once
// AlpacaEval 2 win rates: the raw (and discrete) win rate with its standard error, the extreme-change
// warning, and the length-controlled (LC) win rate from the `length_controlled_v1` GLM, in the
// deterministic unpenalised maximum-likelihood variant (see "Not reproduced" below).
//
// Preferences: 1 = baseline (output_1) wins, 2 = model (output_2) wins, 1.5 or 0 = draw; any value in
// [1, 2] is allowed (weighted annotators). p = pref - 1 (0 counts as 0.5).
//
// LC GLM: covariates [tanh(delta_i / sd(delta)), instruction_difficulty_i, 1] and no intercept, with
// delta_i = len_baseline_i - len_model_i (characters; baseline minus model) and sd the sample sd
// (ddof = 1) over all rows. The soft-label logistic likelihood sum_i y_i log s_i + (1 - y_i) log(1 - s_i)
// (what duplicating rows with weights y and 1 - y gives) is maximised by Newton's method (IRLS) from
// theta = 0 with step halving, over the rows whose preference is not NaN. LC = 100 mean_i
// sigma(theta_diff d_i + theta_model) over ALL rows (NaN-preference rows included, as the reference),
// lc_standard_error = 100 * sem (ddof = 1) of those probabilities (AlpacaEval's), and
// lc_standard_error_delta, a standard error of the LC win rate (below). Means are numpy's pairwise sums.
// Not reproduced: the reference's L1 LogisticRegressionCV and its "gamed" baseline rows.
//
// Edge cases:
//   * win_rate: NaN preferences are skipped (like pandas); no non-NaN preference, or a value outside
//     {0} u [1, 2], is an Error. With one preference standard_error is NaN (ddof = 1 is undefined).
//   * LC: fewer than 2 rows, spans of different lengths, NaN/inf lengths or difficulties, a preference
//     outside [0, 1] (y = pref - 1; 0 -> 0.5 is NOT applied here: y is given directly) -> Error.
//   * All deltas equal (incl. all-equal lengths: sd = 0): the length covariate carries no information;
//     it is dropped and theta_len = 0 (length_term_dropped = true).
//   * No instruction_difficulty (an empty span; custom instruction sets have none, AlpacaEval issue
//     #316): the difficulty term is dropped (theta_difficulty = 0, difficulty_term_dropped = true);
//     the maintainers report this costs about 0.02 of Arena correlation.
//   * Collinear covariates (e.g. constant difficulty), or fewer than 2 labelled rows -> Error.
//   * Perfectly (quasi-)separable data, where the MLE does not exist (theta diverges) -> Error.
#include <array>
#include <cstddef>
#include <span>

namespace trenchcoat::meta {

struct WinRate {
  double win_rate = 0.0;           // 100 mean p
  double standard_error = 0.0;     // 100 sem(p), ddof = 1
  std::size_t n_wins = 0;          // p > 0.5
  std::size_t n_wins_base = 0;     // p < 0.5
  std::size_t n_draws = 0;         // pref in {0, 1.5}
  std::size_t n_total = 0;         // non-NaN preferences
  double discrete_win_rate = 0.0;  // 1.5 and 0 -> draw, others rounded to 1 or 2
};

WinRate alpaca_win_rate(std::span<const double> preferences);

// get_is_extreme_changes: new < min(prev - prev/rel, prev - abs) or new > max(prev + (100-prev)/rel, prev + abs).
bool is_extreme_change(double prev, double next, double abs_diff = 10.0, double rel_diff = 4.0);

struct LengthControlledInput {
  std::span<const double> len_baseline;  // len(output_1), characters
  std::span<const double> len_model;     // len(output_2), characters
  std::span<const double> y;             // pref - 1 in [0, 1]; NaN = not annotated (dropped from training)
  std::span<const double> difficulty;    // instruction_difficulty; empty: the term is dropped (below)
};

struct LengthControlledResult {
  double sd_delta = 0.0;                 // sample sd (ddof = 1) of len_baseline - len_model
  std::array<double, 3> theta{};         // [length, difficulty, model]
  bool length_term_dropped = false;      // all deltas equal: theta[0] fixed at 0
  bool difficulty_term_dropped = false;  // no difficulty given: theta[1] fixed at 0
  double raw_win_rate = 0.0;             // 100 mean y over labelled rows
  double lc_win_rate = 0.0;              // 100 mean sigma(theta[1] d + theta[2])
  double lc_standard_error = 0.0;        // 100 sem of those probabilities (AlpacaEval's; see below)
  // The standard error of the LC win rate itself, by the delta method with the sandwich covariance of
  // theta. AlpacaEval's lc_standard_error is the spread of the per-instruction LC probabilities, which
  // only vary with the difficulty: without the difficulty term they are all equal and it is 0 however
  // few instructions there are. Without length and difficulty terms this one is 100 sqrt(sum (y -
  // ybar)^2) / n, the standard error of the mean preference (ddof 0).
  double lc_standard_error_delta = 0.0;
  std::size_t n_rows = 0;      // all rows
  std::size_t n_train = 0;     // rows with a non-NaN y
  std::size_t iterations = 0;  // Newton iterations
};

LengthControlledResult length_controlled_win_rate(const LengthControlledInput& input);

// predict_winrate from saved weights: 100 mean_i sigma((ng_m - ng_b) + (diff_m - diff_b) d_i).
double predicted_win_rate(const std::array<double, 3>& theta_model, const std::array<double, 3>& theta_baseline,
                          std::span<const double> difficulty);

}  // namespace trenchcoat::meta
