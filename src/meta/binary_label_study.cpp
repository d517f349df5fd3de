#include "trenchcoat/meta/binary_label_study.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "meta/uniform_index.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/calibration.hpp"
#include "trenchcoat/meta/correlation.hpp"

namespace trenchcoat::meta {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

void check_labels(std::span<const double> labels) {
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] != 0.0 && labels[i] != 1.0)
      throw Error("binary labels: item " + std::to_string(i + 1) + " has a label other than 0 or 1");
}

// The percentile interval of the defined draws (NaN = undefined draw).
void set_interval(LabelStatistic& s, const std::vector<double>& draws, double level) {
  std::vector<double> defined;
  defined.reserve(draws.size());
  for (const double d : draws)
    if (std::isnan(d)) ++s.undefined_draws;
    else defined.push_back(d);
  if (defined.empty()) return;
  std::sort(defined.begin(), defined.end());
  s.interval = ConfidenceInterval{empirical_quantile(defined, (1.0 - level) / 2.0),
                                  empirical_quantile(defined, (1.0 + level) / 2.0)};
}

double pearson_or_nan(std::span<const double> x, std::span<const double> y) {
  const double r = pearson(x, y).statistic;
  return std::isfinite(r) ? r : std::nan("");
}

bool constant(std::span<const double> v) {
  return std::adjacent_find(v.begin(), v.end(), std::not_equal_to<>()) == v.end();
}

}  // namespace

std::optional<double> scores_roc_auc(std::span<const double> scores, std::span<const double> labels) {
  if (scores.size() != labels.size()) throw Error("ROC AUC: scores and labels differ in length");
  // Ranks of the distinct values, scaled into [0, 1]: roc_auc takes probabilities, and the AUC only
  // compares scores (equal scores keep equal ranks, so ties stay ties).
  std::vector<double> distinct(scores.begin(), scores.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  const double top = distinct.size() > 1 ? static_cast<double>(distinct.size() - 1) : 1.0;
  std::vector<double> scaled(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i)
    scaled[i] =
        static_cast<double>(std::lower_bound(distinct.begin(), distinct.end(), scores[i]) - distinct.begin()) / top;
  return roc_auc(scaled, labels);
}

std::optional<double> balanced_accuracy(std::span<const double> predictions, std::span<const double> labels) {
  if (predictions.size() != labels.size()) throw Error("balanced accuracy: predictions and labels differ in length");
  double tp = 0, tn = 0, p = 0, n = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == 1.0) {
      ++p;
      tp += predictions[i] == 1.0;
    } else {
      ++n;
      tn += predictions[i] == 0.0;
    }
  }
  if (p == 0 || n == 0) return std::nullopt;
  return (tp / p + tn / n) / 2.0;
}

double best_balanced_threshold(std::span<const double> scores, std::span<const double> labels) {
  if (scores.size() != labels.size()) throw Error("threshold: scores and labels differ in length");
  double positives = 0, negatives = 0;
  for (const double y : labels) (y == 1.0 ? positives : negatives) += 1;
  if (positives == 0 || negatives == 0) return -kInfinity;
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Sweep thresholds from low to high: at threshold t every item below it is predicted 0. Balanced accuracy compared as
  // the integer TP * N + TN * P (= 2 N P BA), so that equal accuracies tie exactly and the lowest threshold among them
  // wins. -inf: TP = P, TN = 0.
  double best_t = -kInfinity, best = positives * negatives;
  double negatives_below = 0, positives_below = 0;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) {
      (labels[order[end]] == 1.0 ? positives_below : negatives_below) += 1;
      ++end;
    }
    // The threshold just above this run of equal scores.
    const double t =
        end < order.size() ? scores[order[start]] + (scores[order[end]] - scores[order[start]]) / 2.0 : kInfinity;
    const double ba = (positives - positives_below) * negatives + negatives_below * positives;
    if (ba > best) {
      best = ba;
      best_t = t;
    }
    start = end;
  }
  return best_t;
}

std::vector<std::size_t> stratified_folds(std::span<const double> labels, std::size_t folds, std::uint64_t seed) {
  if (folds < 2) throw Error("binary labels: folds must be at least 2");
  std::vector<std::size_t> fold(labels.size(), 0);
  std::mt19937_64 generator(seed);
  for (const double label : {0.0, 1.0}) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == label) members.push_back(i);
    // Fisher-Yates from the back, indices by rejection: the same order with every standard library.
    for (std::size_t i = members.size(); i > 1; --i) std::swap(members[i - 1], members[uniform_index(generator, i)]);
    for (std::size_t k = 0; k < members.size(); ++k) fold[members[k]] = k % folds;
  }
  return fold;
}

BinaryLabelStudy study_binary_labels(const std::vector<std::vector<double>>& scores, std::span<const double> labels,
                                     const BinaryLabelOptions& options) {
  if (scores.empty()) throw Error("binary labels: no scorer");
  if (options.resamples == 0) throw Error("binary labels: resamples must be at least 1");
  if (!(options.confidence_level > 0.0 && options.confidence_level < 1.0))
    throw Error("binary labels: the confidence level must lie in (0, 1)");
  if (options.folds < 2) throw Error("binary labels: folds must be at least 2");
  if (options.reference && *options.reference >= scores.size())
    throw Error("binary labels: the reference scorer index is out of range");
  const std::size_t n = labels.size();
  if (n < 2) throw Error("binary labels: at least two items are needed");
  check_labels(labels);
  for (std::size_t s = 0; s < scores.size(); ++s) {
    if (scores[s].size() != n)
      throw Error("binary labels: scorer " + std::to_string(s + 1) + " has " + std::to_string(scores[s].size()) +
                  " scores for " + std::to_string(n) + " labels");
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(scores[s][i]))
        throw Error("binary labels: scorer " + std::to_string(s + 1) + " has a non-finite score at item " +
                    std::to_string(i + 1));
  }

  BinaryLabelStudy study;
  study.items = n;
  study.positives = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1.0));
  study.options = options;
  const bool both_classes = study.positives > 0 && study.positives < n;

  // Cross-fitted predictions per scorer.
  const std::vector<std::size_t> fold = stratified_folds(labels, options.folds, options.seed);
  std::vector<std::vector<double>> predictions(scores.size(), std::vector<double>(n, 0.0));
  for (std::size_t s = 0; s < scores.size(); ++s) {
    ScorerLabelAgreement a;
    a.threshold = best_balanced_threshold(scores[s], labels);
    for (std::size_t k = 0; k < options.folds; ++k) {
      std::vector<double> train_scores, train_labels;
      for (std::size_t i = 0; i < n; ++i)
        if (fold[i] != k) {
          train_scores.push_back(scores[s][i]);
          train_labels.push_back(labels[i]);
        }
      const double t = best_balanced_threshold(train_scores, train_labels);
      a.fold_thresholds.push_back(t);
      for (std::size_t i = 0; i < n; ++i)
        if (fold[i] == k) predictions[s][i] = scores[s][i] >= t ? 1.0 : 0.0;
    }
    if (!both_classes) {
      const std::string reason = "the labels have a single class";
      a.auc.reason = a.pearson.reason = a.balanced_accuracy.reason = reason;
    } else {
      a.auc.value = scores_roc_auc(scores[s], labels);
      a.balanced_accuracy.value = balanced_accuracy(predictions[s], labels);
      if (constant(scores[s])) a.pearson.reason = "the scores are constant";
      else a.pearson.value = pearson(scores[s], labels).statistic;
    }
    study.scorers.push_back(std::move(a));
  }

  // Bootstrap: the same draws for every scorer.
  const std::size_t S = scores.size(), B = options.resamples;
  std::vector<std::vector<double>> auc_draws(S, std::vector<double>(B)), r_draws(S, std::vector<double>(B)),
      ba_draws(S, std::vector<double>(B));
  std::mt19937_64 generator(options.seed);
  std::vector<std::size_t> draw(n);
  std::vector<double> y(n), x(n), p(n);
  for (std::size_t b = 0; b < B; ++b) {
    for (std::size_t i = 0; i < n; ++i) draw[i] = uniform_index(generator, n);
    for (std::size_t i = 0; i < n; ++i) y[i] = labels[draw[i]];
    for (std::size_t s = 0; s < S; ++s) {
      for (std::size_t i = 0; i < n; ++i) {
        x[i] = scores[s][draw[i]];
        p[i] = predictions[s][draw[i]];
      }
      const auto auc = scores_roc_auc(x, y);
      auc_draws[s][b] = auc ? *auc : std::nan("");
      r_draws[s][b] = pearson_or_nan(x, y);
      const auto ba = balanced_accuracy(p, y);
      ba_draws[s][b] = ba ? *ba : std::nan("");
    }
  }
  const double level = options.confidence_level;
  for (std::size_t s = 0; s < S; ++s) {
    ScorerLabelAgreement& a = study.scorers[s];
    if (options.reference && s != *options.reference && a.auc.value && study.scorers[*options.reference].auc.value) {
      const std::size_t r = *options.reference;
      std::vector<double> deltas;
      std::size_t at_most_zero = 0;
      for (std::size_t b = 0; b < B; ++b) {
        if (std::isnan(auc_draws[s][b]) || std::isnan(auc_draws[r][b])) continue;
        deltas.push_back(auc_draws[s][b] - auc_draws[r][b]);
        at_most_zero += deltas.back() <= 0.0;
      }
      if (!deltas.empty()) {
        PairedDifference d;
        d.value = *a.auc.value - *study.scorers[r].auc.value;
        d.p_value = static_cast<double>(at_most_zero) / static_cast<double>(deltas.size());
        std::sort(deltas.begin(), deltas.end());
        d.interval = {empirical_quantile(deltas, (1.0 - level) / 2.0), empirical_quantile(deltas, (1.0 + level) / 2.0)};
        a.auc_difference = d;
      }
    }
    if (a.auc.value) set_interval(a.auc, auc_draws[s], level);
    if (a.pearson.value) set_interval(a.pearson, r_draws[s], level);
    if (a.balanced_accuracy.value) set_interval(a.balanced_accuracy, ba_draws[s], level);
  }
  return study;
}

}  // namespace trenchcoat::meta
