#include "trenchcoat/meta/length_controlled_win_rate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "numpy_summation.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/recalibration.hpp"

namespace trenchcoat::meta {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_of(const std::vector<double>& v) { return detail::numpy_mean(v.data(), v.size()); }

// scipy.stats.sem (ddof = 1): np.std(a, ddof=1) / sqrt(n); NaN for n < 2.
double sem_of(const std::vector<double>& v) {
  const std::size_t n = v.size();
  if (n < 2) return kNaN;
  const double m = mean_of(v);
  std::vector<double> sq(n);
  for (std::size_t i = 0; i < n; ++i) sq[i] = (v[i] - m) * (v[i] - m);
  const double var = detail::numpy_pairwise_sum(sq.data(), n) / static_cast<double>(n - 1);
  return std::sqrt(var) / std::sqrt(static_cast<double>(n));
}

// log(1 + exp(z)) = -log sigmoid(-z), stably.
double softplus(double z) { return neg_log_sigmoid(-z); }

// Solves A x = b (k x k, row-major) by Gaussian elimination with partial pivoting; false if singular.
bool solve(std::vector<double> a, std::vector<double> b, std::size_t k, std::vector<double>& x) {
  double scale = 0.0;
  for (double v : a) scale = std::max(scale, std::abs(v));
  if (!(scale > 0.0)) return false;
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::abs(a[r * k + c]) > std::abs(a[piv * k + c])) piv = r;
    if (std::abs(a[piv * k + c]) <= 1e-12 * scale) return false;
    if (piv != c) {
      for (std::size_t j = 0; j < k; ++j) std::swap(a[c * k + j], a[piv * k + j]);
      std::swap(b[c], b[piv]);
    }
    for (std::size_t r = c + 1; r < k; ++r) {
      const double f = a[r * k + c] / a[c * k + c];
      for (std::size_t j = c; j < k; ++j) a[r * k + j] -= f * a[c * k + j];
      b[r] -= f * b[c];
    }
  }
  x.assign(k, 0.0);
  for (std::size_t c = k; c-- > 0;) {
    double s = b[c];
    for (std::size_t j = c + 1; j < k; ++j) s -= a[c * k + j] * x[j];
    x[c] = s / a[c * k + c];
  }
  return true;
}

}  // namespace

WinRate alpaca_win_rate(std::span<const double> preferences) {
  std::vector<double> p, pd;
  WinRate r;
  for (std::size_t i = 0; i < preferences.size(); ++i) {
    const double pref = preferences[i];
    if (std::isnan(pref)) continue;
    if (!(pref == 0.0 || (pref >= 1.0 && pref <= 2.0)))
      throw Error("alpaca_win_rate: preference at index " + std::to_string(i) + " is " + std::to_string(pref) +
                  "; expected 0 or a value in [1, 2]");
    const bool draw = pref == 0.0 || pref == 1.5;
    const double v = pref == 0.0 ? 0.5 : pref - 1.0;
    p.push_back(v);
    pd.push_back(draw ? 0.5 : (pref < 1.5 ? 0.0 : 1.0));
    if (draw) ++r.n_draws;
    if (v > 0.5) ++r.n_wins;
    if (v < 0.5) ++r.n_wins_base;
  }
  if (p.empty()) throw Error("alpaca_win_rate: no (non-NaN) preferences");
  r.n_total = p.size();
  r.win_rate = 100.0 * mean_of(p);
  r.standard_error = 100.0 * sem_of(p);
  r.discrete_win_rate = 100.0 * mean_of(pd);
  return r;
}

bool is_extreme_change(double prev, double next, double abs_diff, double rel_diff) {
  if (std::isnan(prev) || std::isnan(next)) throw Error("is_extreme_change: NaN win rate");
  const double low = std::min(prev - prev / rel_diff, prev - abs_diff);
  const double high = std::max(prev + (100.0 - prev) / rel_diff, prev + abs_diff);
  return next < low || next > high;
}

LengthControlledResult length_controlled_win_rate(const LengthControlledInput& in) {
  const std::size_t n = in.len_baseline.size();
  const bool has_difficulty = !in.difficulty.empty();
  if (in.len_model.size() != n || in.y.size() != n || (has_difficulty && in.difficulty.size() != n))
    throw Error("length_controlled_win_rate: len_baseline, len_model, y and difficulty must have the same length");
  if (n < 2) throw Error("length_controlled_win_rate: needs at least 2 rows (sd of the length difference)");
  std::vector<double> delta(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(in.len_baseline[i]) || !std::isfinite(in.len_model[i]) ||
        (has_difficulty && !std::isfinite(in.difficulty[i])))
      throw Error("length_controlled_win_rate: NaN or infinite length or difficulty at row " + std::to_string(i));
    if (!std::isnan(in.y[i]) && !(in.y[i] >= 0.0 && in.y[i] <= 1.0))
      throw Error("length_controlled_win_rate: y = pref - 1 at row " + std::to_string(i) + " is outside [0, 1]");
    delta[i] = in.len_baseline[i] - in.len_model[i];
  }
  LengthControlledResult r;
  r.n_rows = n;
  {
    const double m = mean_of(delta);
    std::vector<double> sq(n);
    for (std::size_t i = 0; i < n; ++i) sq[i] = (delta[i] - m) * (delta[i] - m);
    r.sd_delta = std::sqrt(detail::numpy_pairwise_sum(sq.data(), n) / static_cast<double>(n - 1));
  }
  const bool all_equal = std::all_of(delta.begin(), delta.end(), [&](double d) { return d == delta[0]; });
  r.length_term_dropped = all_equal || !(r.sd_delta > 0.0);

  r.difficulty_term_dropped = !has_difficulty;
  // Design rows over labelled rows: [tanh(delta/sd)], [difficulty], 1.
  const std::size_t k = (r.length_term_dropped ? 0 : 1) + (has_difficulty ? 1 : 0) + 1;
  std::vector<std::vector<double>> X;
  std::vector<double> y;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(in.y[i])) continue;
    std::vector<double> row;
    if (!r.length_term_dropped) row.push_back(std::tanh(delta[i] / r.sd_delta));
    if (has_difficulty) row.push_back(in.difficulty[i]);
    row.push_back(1.0);
    X.push_back(std::move(row));
    y.push_back(in.y[i]);
  }
  r.n_train = y.size();
  if (r.n_train < 2) throw Error("length_controlled_win_rate: needs at least 2 rows with a preference");
  r.raw_win_rate = 100.0 * mean_of(y);

  auto nll = [&](const std::vector<double>& th) {
    double s = 0.0;
    for (std::size_t i = 0; i < X.size(); ++i) {
      double z = 0.0;
      for (std::size_t j = 0; j < k; ++j) z += X[i][j] * th[j];
      s += y[i] * softplus(-z) + (1.0 - y[i]) * softplus(z);
    }
    return s;
  };

  std::vector<double> theta(k, 0.0), step;
  double f = nll(theta);
  bool converged = false;
  constexpr std::size_t kMaxIter = 200;
  for (std::size_t it = 0; it < kMaxIter && !converged; ++it) {
    std::vector<double> g(k, 0.0), H(k * k, 0.0);
    for (std::size_t i = 0; i < X.size(); ++i) {
      double z = 0.0;
      for (std::size_t j = 0; j < k; ++j) z += X[i][j] * theta[j];
      const double s = sigmoid(z), w = s * (1.0 - s);
      for (std::size_t a = 0; a < k; ++a) {
        g[a] += (y[i] - s) * X[i][a];
        for (std::size_t b = 0; b < k; ++b) H[a * k + b] += w * X[i][a] * X[i][b];
      }
    }
    if (!solve(H, g, k, step)) {
      if (it == 0)
        throw Error("length_controlled_win_rate: the covariates are collinear (e.g. constant instruction_difficulty)");
      throw Error(
          "length_controlled_win_rate: the GLM does not converge: the preferences are perfectly separable by "
          "the covariates, so the unpenalised maximum-likelihood estimate does not exist");
    }
    double t = 1.0, fnew = f;
    std::vector<double> cand(k);
    for (int h = 0; h < 60; ++h) {
      for (std::size_t j = 0; j < k; ++j) cand[j] = theta[j] + t * step[j];
      fnew = nll(cand);
      if (fnew <= f) break;
      t *= 0.5;
    }
    double smax = 0.0, tmax = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      smax = std::max(smax, std::abs(t * step[j]));
      tmax = std::max(tmax, std::abs(cand[j]));
    }
    theta = cand;
    f = fnew;
    r.iterations = it + 1;
    if (smax <= 1e-13 * std::max(1.0, tmax)) converged = true;
  }
  double tmax = 0.0;
  for (double v : theta) tmax = std::max(tmax, std::abs(v));
  if (!converged || !(tmax < 1e3))
    throw Error(
        "length_controlled_win_rate: the GLM does not converge: the preferences are perfectly separable by "
        "the covariates, so the unpenalised maximum-likelihood estimate does not exist");
  std::size_t next = 0;
  r.theta[0] = r.length_term_dropped ? 0.0 : theta[next++];
  r.theta[1] = has_difficulty ? theta[next++] : 0.0;
  r.theta[2] = theta[next];
  std::vector<double> probs(n);
  for (std::size_t i = 0; i < n; ++i)
    probs[i] = sigmoid(r.theta[1] * (has_difficulty ? in.difficulty[i] : 0.0) + r.theta[2]);
  r.lc_win_rate = 100.0 * mean_of(probs);
  r.lc_standard_error = 100.0 * sem_of(probs);

  // Delta-method standard error with the sandwich covariance H^-1 M H^-1 of theta (H the Fisher
  // information, M = sum (y - s)^2 x x^T, robust to soft labels): se^2 = grad^T H^-1 M H^-1 grad =
  // sum_i (y_i - s_i)^2 (x_i . v)^2 with H v = grad, grad the gradient of the LC win rate in theta.
  std::vector<double> H(k * k, 0.0), grad(k, 0.0), v;
  for (std::size_t i = 0; i < X.size(); ++i) {
    double z = 0.0;
    for (std::size_t j = 0; j < k; ++j) z += X[i][j] * theta[j];
    const double s = sigmoid(z), w = s * (1.0 - s);
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = 0; b < k; ++b) H[a * k + b] += w * X[i][a] * X[i][b];
  }
  const std::size_t difficulty_index = r.length_term_dropped ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = probs[i], w = 100.0 * s * (1.0 - s) / static_cast<double>(n);
    if (has_difficulty) grad[difficulty_index] += w * in.difficulty[i];
    grad[k - 1] += w;
  }
  if (solve(H, grad, k, v)) {
    double sum = 0.0;
    for (std::size_t i = 0; i < X.size(); ++i) {
      double z = 0.0, xv = 0.0;
      for (std::size_t j = 0; j < k; ++j) {
        z += X[i][j] * theta[j];
        xv += X[i][j] * v[j];
      }
      const double e = y[i] - sigmoid(z);
      sum += e * e * xv * xv;
    }
    r.lc_standard_error_delta = std::sqrt(sum);
  } else {
    r.lc_standard_error_delta = kNaN;
  }
  return r;
}

double predicted_win_rate(const std::array<double, 3>& theta_model, const std::array<double, 3>& theta_baseline,
                          std::span<const double> difficulty) {
  if (difficulty.empty()) throw Error("predicted_win_rate: no instructions");
  std::vector<double> probs(difficulty.size());
  for (std::size_t i = 0; i < difficulty.size(); ++i) {
    if (!std::isfinite(difficulty[i]))
      throw Error("predicted_win_rate: NaN or infinite difficulty at row " + std::to_string(i));
    probs[i] = sigmoid((theta_model[2] - theta_baseline[2]) + (theta_model[1] - theta_baseline[1]) * difficulty[i]);
  }
  return 100.0 * mean_of(probs);
}

}  // namespace trenchcoat::meta
