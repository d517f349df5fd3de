#include "trenchcoat/meta/recalibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "numpy_summation.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::meta {

namespace {

void check_lengths(const char* what, std::span<const double> a, std::span<const double> y) {
  if (a.empty()) throw Error(std::string(what) + ": empty input");
  if (a.size() != y.size())
    throw Error(std::string(what) + ": scores and labels differ in length (" + std::to_string(a.size()) + " vs " +
                std::to_string(y.size()) + ")");
}

void check_finite(const char* what, const char* name, std::span<const double> v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw Error(std::string(what) + ": " + name + "[" + std::to_string(i) + "] is not a finite number");
}

void check_soft_labels(const char* what, std::span<const double> y) {
  for (std::size_t i = 0; i < y.size(); ++i)
    if (!(y[i] >= 0.0 && y[i] <= 1.0))
      throw Error(std::string(what) + ": label y[" + std::to_string(i) + "] = " + std::to_string(y[i]) +
                  " is not in [0, 1]");
}

// d/dbeta of the mean NLL and its second derivative.
void temperature_derivatives(std::span<const double> z, std::span<const double> y, double beta, double& g, double& h) {
  double sg = 0.0, sh = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double s = sigmoid(beta * z[i]);
    sg += (s - y[i]) * z[i];
    sh += s * (1.0 - s) * z[i] * z[i];
  }
  const double n = static_cast<double>(z.size());
  g = sg / n;
  h = sh / n;
}

// Platt objective sum t * softplus(u) + (1 - t) * softplus(-u), u = a f + b.
double platt_objective(std::span<const double> f, std::span<const double> t, double a, double b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double u = a * f[i] + b;
    sum += t[i] * neg_log_sigmoid(-u) + (1.0 - t[i]) * neg_log_sigmoid(u);
  }
  return sum;
}

}  // namespace

// ---- Bradley-Terry ----------------------------------------------------------------------------

double sigmoid(double x) {
  // For x < -709, exp(-x) is +infinity and the result is exactly 0 (no NaN); this single formula is
  // the one whose roundings the reference values (BT.p) have.
  return 1.0 / (1.0 + std::exp(-x));
}

double neg_log_sigmoid(double x) { return std::max(-x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }

double bradley_terry_probability(double score_a, double score_b, double beta) {
  if (std::isnan(score_a) || std::isnan(score_b)) throw Error("Bradley-Terry probability: a score is NaN");
  if (!std::isfinite(beta)) throw Error("Bradley-Terry probability: beta must be finite");
  return sigmoid(beta * (score_a - score_b));
}

// ---- Temperature scaling ----------------------------------------------------------------------

double temperature_nll(std::span<const double> logits, std::span<const double> y, double beta) {
  check_lengths("temperature NLL", logits, y);
  check_finite("temperature NLL", "logit", logits);
  check_soft_labels("temperature NLL", y);
  if (!std::isfinite(beta)) throw Error("temperature NLL: beta = 1/T must be finite");
  std::vector<double> terms(logits.size());
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const double u = beta * logits[i];
    const double t1 = y[i] == 0.0 ? 0.0 : y[i] * neg_log_sigmoid(u);
    const double t0 = y[i] == 1.0 ? 0.0 : (1.0 - y[i]) * neg_log_sigmoid(-u);
    terms[i] = t1 + t0;
  }
  return detail::numpy_mean(terms.data(), terms.size());
}

TemperatureFit fit_temperature(std::span<const double> logits, std::span<const double> y) {
  constexpr const char* kWhat = "temperature scaling";
  check_lengths(kWhat, logits, y);
  check_finite(kWhat, "logit", logits);
  check_soft_labels(kWhat, y);

  double g = 0.0, h = 0.0;
  temperature_derivatives(logits, y, 0.0, g, h);
  if (g >= 0.0) {
    // g(0) = mean((1/2 - y) z) = -cov(z, y) + mean(z) (1/2 - mean(y)). When the logits rise with the
    // labels (cov > 0), g(0) >= 0 can only come from the second term: the logits sit on the wrong
    // side of 0 for the base rate, an offset that sigma(z / T) cannot shift.
    const double n = static_cast<double>(logits.size());
    double zbar = 0.0, ybar = 0.0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
      zbar += logits[i];
      ybar += y[i];
    }
    zbar /= n;
    ybar /= n;
    double cov = 0.0;
    for (std::size_t i = 0; i < logits.size(); ++i) cov += (logits[i] - zbar) * (y[i] - ybar);
    cov /= n;
    if (cov > 0.0)
      throw Error(
          "temperature scaling: no valid temperature: an offset, not the ranking: the logits rise with the "
          "labels (covariance " +
          text::python_float_repr(cov) + ") but their mean " + text::python_float_repr(zbar) +
          " is on the wrong side of 0 for the base rate " + text::python_float_repr(ybar) +
          ", which puts the NLL's minimum at beta = 1/T <= 0; sigma(z / T) has no offset term (Platt "
          "scaling fits one)");
    throw Error(
        "temperature scaling: the NLL is minimised at beta = 1/T <= 0 (logits unrelated or anti-related to the "
        "labels: covariance " +
        text::python_float_repr(cov) + "); no valid temperature");
  }
  // The derivative's limit for beta -> infinity; 0 exactly when the sign of z separates the labels.
  double g_inf = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    if (logits[i] > 0.0) g_inf += (1.0 - y[i]) * logits[i];
    if (logits[i] < 0.0) g_inf -= y[i] * logits[i];
  }
  if (g_inf <= 0.0)
    throw Error(
        "temperature scaling: the labels are separated by the sign of the logits; the NLL decreases without "
        "bound as T -> 0 and has no finite optimum");

  // Bracket the root of g: g(lo) < 0 <= g(hi).
  double lo = 0.0, hi = 1.0;
  TemperatureFit fit;
  for (int k = 0;; ++k) {
    temperature_derivatives(logits, y, hi, g, h);
    if (g >= 0.0) break;
    if (k > 2000 || !std::isfinite(hi)) throw Error("temperature scaling: could not bracket the optimum of beta = 1/T");
    lo = hi;
    hi *= 2.0;
  }
  double beta = hi == 1.0 ? 1.0 : 0.5 * (lo + hi);
  constexpr double kRel = 4.0 * std::numeric_limits<double>::epsilon();
  for (std::size_t it = 1; it <= 200; ++it) {
    fit.iterations = it;
    temperature_derivatives(logits, y, beta, g, h);
    if (g == 0.0) break;
    if (g < 0.0) lo = beta;
    else hi = beta;
    double next = h > 0.0 ? beta - g / h : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const double step = std::fabs(next - beta);
    beta = next;
    if (step <= kRel * beta || hi - lo <= kRel * hi) break;
  }
  fit.beta = beta;
  fit.temperature = 1.0 / beta;
  fit.nll = temperature_nll(logits, y, beta);
  return fit;
}

std::vector<double> apply_temperature(const TemperatureFit& fit, std::span<const double> logits) {
  check_finite("apply temperature", "logit", logits);
  std::vector<double> out(logits.size());
  for (std::size_t i = 0; i < logits.size(); ++i) out[i] = sigmoid(fit.beta * logits[i]);
  return out;
}

// ---- Platt scaling ----------------------------------------------------------------------------

PlattFit fit_platt(std::span<const double> scores, std::span<const double> y, const PlattOptions& options) {
  constexpr const char* kWhat = "Platt scaling";
  check_lengths(kWhat, scores, y);
  check_finite(kWhat, "score", scores);
  check_soft_labels(kWhat, y);
  const std::size_t n = scores.size();

  PlattFit fit;
  std::vector<double> t(n);
  double n_pos = 0.0, n_neg = 0.0;
  if (options.prior_smoothing) {
    for (std::size_t i = 0; i < n; ++i) {
      if (y[i] == 1.0) n_pos += 1.0;
      else if (y[i] == 0.0) n_neg += 1.0;
      else
        throw Error("Platt scaling: with prior smoothing the labels must be 0 or 1 (y[" + std::to_string(i) +
                    "] = " + std::to_string(y[i]) + ")");
    }
    fit.target_positive = (n_pos + 1.0) / (n_pos + 2.0);
    fit.target_negative = 1.0 / (n_neg + 2.0);
    for (std::size_t i = 0; i < n; ++i) t[i] = y[i] == 1.0 ? fit.target_positive : fit.target_negative;
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      t[i] = y[i];
      n_pos += y[i];
      n_neg += 1.0 - y[i];
    }
  }

  const bool constant = std::all_of(scores.begin(), scores.end(), [&](double f) { return f == scores[0]; });
  if (constant) {
    double st = 0.0, su = 0.0;
    for (double v : t) {
      st += v;
      su += 1.0 - v;
    }
    if (st <= 0.0 || su <= 0.0)
      throw Error("Platt scaling: constant scores and single-class targets; the optimum is infinite");
    fit.a = 0.0;
    fit.b = std::log(su / st);
    return fit;
  }

  // A finite optimum needs the points carrying weight t > 0 ("positive") and those carrying 1 - t > 0
  // ("negative") to overlap strictly in score; otherwise (single class, or separation / quasi-separation
  // by a threshold on f) the likelihood keeps improving as |a| grows. Smoothed targets always overlap.
  {
    double min_pos = INFINITY, max_pos = -INFINITY, min_neg = INFINITY, max_neg = -INFINITY;
    for (std::size_t i = 0; i < n; ++i) {
      if (t[i] > 0.0) {
        min_pos = std::min(min_pos, scores[i]);
        max_pos = std::max(max_pos, scores[i]);
      }
      if (t[i] < 1.0) {
        min_neg = std::min(min_neg, scores[i]);
        max_neg = std::max(max_neg, scores[i]);
      }
    }
    if (!(max_neg > min_pos && max_pos > min_neg))
      throw Error(
          "Platt scaling: the scores separate the classes (or there is one class); without prior smoothing the "
          "logistic fit has no finite optimum");
  }
  double a = 0.0, b = std::log((n_neg + 1.0) / (n_pos + 1.0));
  double obj = platt_objective(scores, t, a, b);
  bool converged = false;
  for (std::size_t it = 1; it <= 100 && !converged; ++it) {
    fit.iterations = it;
    double ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double f = scores[i];
      const double q = sigmoid(-(a * f + b));
      const double r = t[i] - q;
      const double w = q * (1.0 - q);
      ga += r * f;
      gb += r;
      haa += w * f * f;
      hab += w * f;
      hbb += w;
    }
    if (std::max(std::fabs(ga), std::fabs(gb)) <= 1e-15 * static_cast<double>(n)) {
      converged = true;
      break;
    }
    const double det = haa * hbb - hab * hab;
    if (!(det > 0.0) || !std::isfinite(det)) break;
    const double da = -(hbb * ga - hab * gb) / det;
    const double db = -(haa * gb - hab * ga) / det;
    const double slope = ga * da + gb * db;  // < 0: descent direction
    double step = 1.0, na = a, nb = b, nobj = obj;
    bool accepted = false;
    // Near the optimum the decrease drops below the objective's rounding; a step that does not
    // increase it beyond that is accepted too, so Newton can finish its quadratic convergence.
    const double noise = 16.0 * std::numeric_limits<double>::epsilon() * std::fabs(obj);
    for (int k = 0; k < 60; ++k) {
      na = a + step * da;
      nb = b + step * db;
      nobj = platt_objective(scores, t, na, nb);
      if (nobj <= obj + 1e-4 * step * slope || (step == 1.0 && nobj <= obj + noise)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // No decrease representable any more: the current point is the optimum to rounding.
      converged = true;
      break;
    }
    const double change = std::max(std::fabs(na - a), std::fabs(nb - b));
    a = na;
    b = nb;
    obj = nobj;
    if (change <= 1e-15 * (1.0 + std::max(std::fabs(a), std::fabs(b)))) converged = true;
  }
  if (!converged || !std::isfinite(a) || !std::isfinite(b))
    throw Error(
        "Platt scaling: Newton's method did not converge (separable or single-class data without prior smoothing "
        "have no finite optimum)");
  fit.a = a;
  fit.b = b;
  return fit;
}

double platt_predict(const PlattFit& fit, double score) {
  if (std::isnan(score)) throw Error("Platt scaling: score is NaN");
  return sigmoid(-(fit.a * score + fit.b));
}

std::vector<double> platt_predict(const PlattFit& fit, std::span<const double> scores) {
  std::vector<double> out(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) out[i] = platt_predict(fit, scores[i]);
  return out;
}

// ---- Isotonic regression ----------------------------------------------------------------------

IsotonicFit fit_isotonic(std::span<const double> x, std::span<const double> y, std::span<const double> weights,
                         const IsotonicOptions& options) {
  constexpr const char* kWhat = "isotonic regression";
  check_lengths(kWhat, x, y);
  check_finite(kWhat, "x", x);
  check_finite(kWhat, "y", y);
  if (!weights.empty()) {
    if (weights.size() != x.size())
      throw Error("isotonic regression: weights and x differ in length (" + std::to_string(weights.size()) + " vs " +
                  std::to_string(x.size()) + ")");
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (!(weights[i] > 0.0) || !std::isfinite(weights[i]))
        throw Error("isotonic regression: weight[" + std::to_string(i) + "] is not a positive finite number");
  }
  if (std::isnan(options.y_min) || std::isnan(options.y_max) || options.y_min > options.y_max)
    throw Error("isotonic regression: y_min must not exceed y_max");
  const std::size_t n = x.size();
  auto w = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };

  // Sort by (x, y) and merge equal x: weighted mean of y, summed weights.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]); });
  struct Block {
    double sum_wy, sum_w, mean;
    std::size_t first, last;  // range of unique-x indices
  };
  std::vector<double> ux;
  std::vector<Block> unique;
  std::vector<std::size_t> unique_of(n);
  for (std::size_t k = 0; k < n;) {
    std::size_t j = k;
    double swy = 0.0, sw = 0.0;
    std::size_t count = 0;
    while (j < n && x[order[j]] == x[order[k]]) {
      swy += w(order[j]) * y[order[j]];
      sw += w(order[j]);
      unique_of[order[j]] = ux.size();
      ++j;
      ++count;
    }
    const double mean = count == 1 ? y[order[k]] : swy / sw;
    unique.push_back({swy, sw, mean, ux.size(), ux.size()});
    ux.push_back(x[order[k]]);
    k = j;
  }

  // Pool adjacent violators (pools non-increasing neighbours) over the unique points.
  std::vector<Block> stack;
  for (const Block& u : unique) {
    stack.push_back(u);
    while (stack.size() >= 2 && stack[stack.size() - 2].mean >= stack.back().mean) {
      Block top = stack.back();
      stack.pop_back();
      Block& prev = stack.back();
      prev.sum_wy += top.sum_wy;
      prev.sum_w += top.sum_w;
      prev.mean = prev.sum_wy / prev.sum_w;
      prev.last = top.last;
    }
  }
  std::vector<double> uy(ux.size());
  for (const Block& b : stack)
    for (std::size_t k = b.first; k <= b.last; ++k) uy[k] = std::clamp(b.mean, options.y_min, options.y_max);

  IsotonicFit fit;
  const std::size_t m = ux.size();
  for (std::size_t k = 0; k < m; ++k) {
    const bool keep = k == 0 || k + 1 == m || uy[k] != uy[k - 1] || uy[k] != uy[k + 1];
    if (keep) {
      fit.x.push_back(ux[k]);
      fit.y.push_back(uy[k]);
    }
  }
  fit.fitted.resize(n);
  for (std::size_t i = 0; i < n; ++i) fit.fitted[i] = uy[unique_of[i]];
  return fit;
}

double isotonic_predict(const IsotonicFit& fit, double x) {
  if (fit.x.empty() || fit.x.size() != fit.y.size()) throw Error("isotonic prediction: the fit has no knots");
  if (std::isnan(x)) throw Error("isotonic prediction: x is NaN");
  const std::size_t m = fit.x.size();
  if (m == 1) return fit.y[0];
  const double c = std::clamp(x, fit.x.front(), fit.x.back());
  std::size_t idx = static_cast<std::size_t>(std::lower_bound(fit.x.begin(), fit.x.end(), c) - fit.x.begin());
  idx = std::clamp<std::size_t>(idx, 1, m - 1);
  const std::size_t lo = idx - 1, hi = idx;
  const double slope = (fit.y[hi] - fit.y[lo]) / (fit.x[hi] - fit.x[lo]);
  return slope * (c - fit.x[lo]) + fit.y[lo];
}

std::vector<double> isotonic_predict(const IsotonicFit& fit, std::span<const double> x) {
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = isotonic_predict(fit, x[i]);
  return out;
}

}  // namespace trenchcoat::meta
