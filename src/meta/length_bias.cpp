#include "trenchcoat/meta/length_bias.hpp"

#include <algorithm>
#include <cmath>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/correlation.hpp"

namespace trenchcoat::meta {
namespace {

void check_finite(std::span<const LengthPair> pairs) {
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& p = pairs[i];
    if (!std::isfinite(p.chosen_score) || !std::isfinite(p.rejected_score))
      throw Error("length bias: pair " + std::to_string(i + 1) + " has a score that is not a finite number");
    if (!std::isfinite(p.chosen_length) || !std::isfinite(p.rejected_length))
      throw Error("length bias: pair " + std::to_string(i + 1) + " has a length that is not a finite number");
  }
}

double scorer_result(const LengthPair& p, TiePolicy policy, double margin) {
  const double scores[] = {p.chosen_score, p.rejected_score};
  return best_of_n_result(scores, policy, margin, p.gold_tie);
}

struct Sum {
  double credit = 0;
  std::size_t n = 0;
  void add(double c) {
    credit += c;
    ++n;
  }
  GroupAccuracy result() const {
    GroupAccuracy g;
    g.examples = n;
    if (n > 0) g.accuracy = credit / static_cast<double>(n);
    return g;
  }
};

bool constant(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
}

LengthCorrelation correlation_with_length(const std::vector<double>& scores, const std::vector<double>& lengths,
                                          bool kendall) {
  LengthCorrelation c;
  if (scores.size() < 2) {
    c.undefined_reason = "fewer than two completions";
    return c;
  }
  if (constant(scores)) {
    c.undefined_reason = "the scores are constant";
    return c;
  }
  if (constant(lengths)) {
    c.undefined_reason = "the lengths are constant";
    return c;
  }
  const Correlation r = kendall ? kendall_tau(scores, lengths, KendallVariant::b) : pearson(scores, lengths);
  if (std::isnan(r.statistic)) {
    c.undefined_reason = "undefined for these values";
    return c;
  }
  c.statistic = r.statistic;
  if (!std::isnan(r.p_value)) c.p_value = r.p_value;
  return c;
}

}  // namespace

double length_baseline_result(const LengthPair& pair, TiePolicy policy, double length_margin) {
  const double lengths[] = {pair.chosen_length, pair.rejected_length};
  return best_of_n_result(lengths, policy, length_margin, pair.gold_tie);
}

GroupAccuracy length_baseline_accuracy(std::span<const LengthPair> pairs, TiePolicy policy, double length_margin) {
  check_finite(pairs);
  Sum sum;
  for (const auto& p : pairs) sum.add(length_baseline_result(p, policy, length_margin));
  return sum.result();
}

LengthBias length_bias(std::span<const LengthPair> pairs, TiePolicy policy, double scorer_margin,
                       double length_margin) {
  check_finite(pairs);
  LengthBias out;
  out.examples = pairs.size();
  Sum all, baseline, shorter, longer, equal;
  double chosen_length_sum = 0, rejected_length_sum = 0;
  std::vector<double> scores, lengths;
  scores.reserve(2 * pairs.size());
  lengths.reserve(2 * pairs.size());
  for (const auto& p : pairs) {
    const double credit = scorer_result(p, policy, scorer_margin);
    all.add(credit);
    baseline.add(length_baseline_result(p, policy, length_margin));
    if (p.chosen_length < p.rejected_length) shorter.add(credit);
    else if (p.chosen_length > p.rejected_length) longer.add(credit);
    else equal.add(credit);
    chosen_length_sum += p.chosen_length;
    rejected_length_sum += p.rejected_length;
    scores.push_back(p.chosen_score);
    scores.push_back(p.rejected_score);
    lengths.push_back(p.chosen_length);
    lengths.push_back(p.rejected_length);
  }
  out.scorer = all.result();
  out.length_baseline = baseline.result();
  out.chosen_shorter = shorter.result();
  out.chosen_longer = longer.result();
  out.equal_length = equal.result();
  if (!pairs.empty()) {
    out.mean_chosen_length = chosen_length_sum / static_cast<double>(pairs.size());
    out.mean_rejected_length = rejected_length_sum / static_cast<double>(pairs.size());
  }
  out.completions = scores.size();
  out.pearson = correlation_with_length(scores, lengths, false);
  out.kendall_tau_b = correlation_with_length(scores, lengths, true);
  return out;
}

}  // namespace trenchcoat::meta
