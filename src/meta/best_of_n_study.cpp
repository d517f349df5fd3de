#include "trenchcoat/meta/best_of_n_study.hpp"

#include <cmath>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

ScoreDirection parse_score_direction(const std::string& name) {
  if (name == "higher") return ScoreDirection::higher;
  if (name == "lower") return ScoreDirection::lower;
  throw Error("score direction '" + name + "' is not 'higher' or 'lower'");
}

std::string score_direction_name(ScoreDirection direction) {
  return direction == ScoreDirection::higher ? "higher" : "lower";
}

std::string best_of_n_layout_name(BestOfNLayout layout) {
  switch (layout) {
    case BestOfNLayout::candidate_rows:
      return "one row per candidate";
    case BestOfNLayout::prompt_lists:
      return "one row per prompt";
    case BestOfNLayout::score_tables:
      return "mt-metrics-eval score files (a prompt per segment, a candidate per system)";
  }
  return "one row per candidate";
}

BestOfNPrompts best_of_n_prompts_from_tables(const ScoreTable& proxy, const ScoreTable& gold,
                                             const BestOfNFields& fields, const std::string& name) {
  if (proxy.systems() != gold.systems() || proxy.num_items() != gold.num_items())
    throw Error(name + ": the proxy and gold score tables hold different systems or numbers of items");
  BestOfNPrompts out;
  out.file = name;
  out.layout = BestOfNLayout::score_tables;
  out.rows = proxy.num_systems() * proxy.num_items();
  const double proxy_sign = fields.proxy_direction == ScoreDirection::lower ? -1.0 : 1.0;
  const double gold_sign = fields.gold_direction == ScoreDirection::lower ? -1.0 : 1.0;
  for (std::size_t item = 0; item < proxy.num_items(); ++item) {
    std::vector<double> p, g;
    for (std::size_t s = 0; s < proxy.num_systems(); ++s) {
      const double pv = proxy.value(s, item), gv = gold.value(s, item);
      if (is_missing(gv)) {
        ++out.candidates_without_gold;
        continue;
      }
      if (is_missing(pv)) {
        if (fields.missing == MissingPolicy::error)
          throw Error(name + ": segment " + std::to_string(item + 1) + ", system '" + proxy.systems()[s] +
                      "': the proxy score is missing (None): give --missing drop to leave such candidates out");
        ++out.candidates_missing_score;
        continue;
      }
      if (!std::isfinite(pv) || !std::isfinite(gv))
        throw Error(name + ": segment " + std::to_string(item + 1) + ", system '" + proxy.systems()[s] +
                    "': a score is not a finite number");
      p.push_back(proxy_sign * pv);
      g.push_back(gold_sign * gv);
    }
    if (p.empty() || p.size() < fields.min_candidates) {
      ++out.prompts_left_out;
      out.candidates_left_out += p.size();
      continue;
    }
    out.prompt_keys.push_back("segment " + std::to_string(item + 1));
    out.proxy.push_back(std::move(p));
    out.gold.push_back(std::move(g));
  }
  if (out.proxy.empty()) throw Error(name + ": no segment has gold scores for enough systems");
  return out;
}

namespace {

ZScoreScale zscore(std::vector<std::vector<double>>& groups) {
  long double sum = 0.0L;
  std::size_t n = 0;
  for (const auto& g : groups)
    for (double x : g) sum += x, ++n;
  ZScoreScale s;
  s.mean = static_cast<double>(sum / static_cast<long double>(n));
  long double ss = 0.0L;
  for (const auto& g : groups)
    for (double x : g) ss += (static_cast<long double>(x) - s.mean) * (static_cast<long double>(x) - s.mean);
  s.sd = static_cast<double>(std::sqrt(ss / static_cast<long double>(n)));
  s.constant = !(s.sd > 0.0);
  for (auto& g : groups)
    for (double& x : g) x = s.constant ? 0.0 : (x - s.mean) / s.sd;
  return s;
}

}  // namespace

BestOfNZScores zscore_best_of_n_prompts(BestOfNPrompts& prompts) {
  if (prompts.proxy.empty()) throw Error("zscore_best_of_n_prompts: no prompts");
  return {zscore(prompts.proxy), zscore(prompts.gold)};
}

std::string over_optimisation_form_name(OverOptimisationForm form) {
  return form == OverOptimisationForm::bon ? "bon" : "rl";
}

OverOptimisationFit fit_over_optimisation_form(std::span<const double> distance, std::span<const double> y,
                                               OverOptimisationForm form) {
  if (distance.size() != y.size())
    throw Error("fit_over_optimisation_form: distance and y differ in length (" + std::to_string(distance.size()) +
                " vs " + std::to_string(y.size()) + ")");
  OverOptimisationFit fit;
  fit.form = form;
  // Features: y = alpha f1 - beta f2, f1 = d, f2 = d^2 (bon) or d log d (rl).
  std::vector<long double> f1, f2, yy;
  for (std::size_t j = 0; j < distance.size(); ++j) {
    if (!std::isfinite(distance[j]) || !std::isfinite(y[j])) {
      fit.reason = "a point is NaN or infinite";
      return fit;
    }
    if (!(distance[j] > 0.0)) continue;
    const long double d = distance[j];
    f1.push_back(d);
    f2.push_back(form == OverOptimisationForm::bon ? d * d : d * std::log(d));
    yy.push_back(y[j]);
  }
  fit.points = f1.size();
  if (fit.points < 2) {
    fit.reason = "needs at least 2 points with d > 0 (k >= 2), has " + std::to_string(fit.points);
    return fit;
  }
  long double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
  for (std::size_t j = 0; j < f1.size(); ++j) {
    s11 += f1[j] * f1[j];
    s12 += f1[j] * f2[j];
    s22 += f2[j] * f2[j];
    s1y += f1[j] * yy[j];
    s2y += f2[j] * yy[j];
  }
  // Normal equations in (alpha, b) with b = -beta: [s11 s12; s12 s22] [alpha; b] = [s1y; s2y].
  const long double det = s11 * s22 - s12 * s12;
  if (!(det > 1e-12L * s11 * s22)) {
    fit.reason = "the normal equations are singular (the points do not determine both parameters)";
    return fit;
  }
  const long double alpha = (s1y * s22 - s2y * s12) / det;
  const long double b = (s11 * s2y - s12 * s1y) / det;
  long double ss = 0;
  for (std::size_t j = 0; j < f1.size(); ++j) {
    const long double r = yy[j] - (alpha * f1[j] + b * f2[j]);
    ss += r * r;
  }
  fit.alpha = static_cast<double>(alpha);
  fit.beta = static_cast<double>(-b);
  fit.residual_rms = static_cast<double>(std::sqrt(ss / static_cast<long double>(f1.size())));
  if (!std::isfinite(fit.alpha) || !std::isfinite(fit.beta) || !std::isfinite(fit.residual_rms)) {
    fit.reason = "the least-squares solution is not finite";
    fit.alpha = fit.beta = fit.residual_rms = 0.0;
    return fit;
  }
  fit.fittable = true;
  if (fit.beta > 0.0) {
    const double peak =
        form == OverOptimisationForm::bon ? bon_form_argmax(fit.alpha, fit.beta) : rl_form_argmax(fit.alpha, fit.beta);
    if (std::isfinite(peak)) fit.peak_distance = peak;
    else fit.reason = "the fitted peak d* overflows";
  } else {
    fit.reason = "beta <= 0: the fitted form has no peak (it rises without bound)";
  }
  return fit;
}

OverOptimisationFit fit_over_optimisation_form(const std::vector<BestOfNPoint>& curve, OverOptimisationForm form) {
  if (curve.empty() || curve.front().n != 1) throw Error("fit_over_optimisation_form: the curve must start at k = 1");
  std::vector<double> d, y;
  for (const auto& p : curve) {
    d.push_back(p.distance);
    y.push_back(p.gold - curve.front().gold);
  }
  return fit_over_optimisation_form(d, y, form);
}

}  // namespace trenchcoat::meta
