#include "trenchcoat/meta/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "numpy_summation.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

namespace {

void check_lengths(const char* what, std::span<const double> p, std::span<const double> y) {
  if (p.empty()) throw Error(std::string(what) + ": empty input");
  if (p.size() != y.size())
    throw Error(std::string(what) + ": p and y differ in length (" + std::to_string(p.size()) + " vs " +
                std::to_string(y.size()) + ")");
}

void check_probabilities(const char* what, std::span<const double> p) {
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= 0.0 && p[i] <= 1.0))
      throw Error(std::string(what) + ": probability p[" + std::to_string(i) + "] = " + std::to_string(p[i]) +
                  " is not in [0, 1]");
}

void check_hard_labels(const char* what, std::span<const double> y) {
  for (std::size_t i = 0; i < y.size(); ++i)
    if (!(y[i] == 0.0 || y[i] == 1.0))
      throw Error(std::string(what) + ": label y[" + std::to_string(i) + "] = " + std::to_string(y[i]) +
                  " is not 0 or 1");
}

void check_soft_labels(const char* what, std::span<const double> y) {
  for (std::size_t i = 0; i < y.size(); ++i)
    if (!(y[i] >= 0.0 && y[i] <= 1.0))
      throw Error(std::string(what) + ": label y[" + std::to_string(i) + "] = " + std::to_string(y[i]) +
                  " is not in [0, 1]");
}

std::vector<double> equal_width_edges(std::size_t num_bins) {
  std::vector<double> edges(num_bins + 1);
  for (std::size_t k = 0; k <= num_bins; ++k) edges[k] = static_cast<double>(k) / static_cast<double>(num_bins);
  return edges;
}

// Indices 0..n-1 stably sorted by p.
std::vector<std::size_t> stable_order(std::span<const double> p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  return order;
}

}  // namespace

std::vector<std::size_t> assign_calibration_bins(std::span<const double> p, std::size_t num_bins,
                                                 BinningScheme scheme) {
  if (p.empty()) throw Error("calibration bins: empty input");
  if (num_bins == 0) throw Error("calibration bins: the number of bins must be at least 1");
  check_probabilities("calibration bins", p);
  std::vector<std::size_t> bin(p.size());
  if (scheme == BinningScheme::equal_mass || scheme == BinningScheme::equal_mass_ties_together) {
    const std::vector<std::size_t> order = stable_order(p);
    const std::size_t n = p.size(), q = n / num_bins, r = n % num_bins;
    // starts[k]: the sorted position where chunk k begins (numpy array_split), starts[B] = n.
    std::vector<std::size_t> starts(num_bins + 1, n);
    std::size_t pos = 0;
    for (std::size_t k = 0; k < num_bins; ++k) {
      starts[k] = pos;
      pos += k < r ? q + 1 : q;
    }
    if (scheme == BinningScheme::equal_mass_ties_together)
      for (std::size_t k = 1; k < num_bins; ++k) {
        std::size_t b = std::max(starts[k], starts[k - 1]);
        while (b > 0 && b < n && p[order[b - 1]] == p[order[b]]) ++b;
        starts[k] = b;
      }
    for (std::size_t k = 0; k < num_bins; ++k)
      for (std::size_t j = starts[k]; j < starts[k + 1]; ++j) bin[order[j]] = k;
    return bin;
  }
  const std::vector<double> edges = equal_width_edges(num_bins);
  const auto inner_begin = edges.begin() + 1, inner_end = edges.end() - 1;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto it = scheme == BinningScheme::equal_width_right_closed ? std::lower_bound(inner_begin, inner_end, p[i])
                                                                      : std::upper_bound(inner_begin, inner_end, p[i]);
    bin[i] = static_cast<std::size_t>(it - inner_begin);
  }
  return bin;
}

CalibrationError calibration_error(std::span<const double> p, std::span<const double> y, std::size_t num_bins,
                                   BinningScheme scheme) {
  check_lengths("calibration error", p, y);
  if (num_bins == 0) throw Error("calibration error: the number of bins must be at least 1");
  check_probabilities("calibration error", p);
  check_soft_labels("calibration error", y);
  const std::vector<std::size_t> bin = assign_calibration_bins(p, num_bins, scheme);

  // Members of each bin, in the order numpy would sum them.
  const bool equal_mass = scheme == BinningScheme::equal_mass || scheme == BinningScheme::equal_mass_ties_together;
  std::vector<std::vector<std::size_t>> members(num_bins);
  if (equal_mass) {
    for (std::size_t i : stable_order(p)) members[bin[i]].push_back(i);
  } else {
    for (std::size_t i = 0; i < p.size(); ++i) members[bin[i]].push_back(i);
  }

  CalibrationError out;
  ReliabilityDiagram& d = out.diagram;
  d.num_bins = num_bins;
  d.scheme = scheme;
  if (!equal_mass) d.edges = equal_width_edges(num_bins);
  d.counts.assign(num_bins, 0);
  const double n = static_cast<double>(p.size());
  double ece = 0.0, mce = 0.0, ms = 0.0;
  std::vector<double> pv, yv;
  for (std::size_t k = 0; k < num_bins; ++k) {
    const auto& m = members[k];
    d.counts[k] = m.size();
    if (m.empty()) continue;
    pv.clear();
    yv.clear();
    for (std::size_t i : m) {
      pv.push_back(p[i]);
      yv.push_back(y[i]);
    }
    ReliabilityBin b;
    b.index = k;
    b.count = m.size();
    b.accuracy = detail::numpy_mean(yv.data(), yv.size());
    b.confidence = detail::numpy_mean(pv.data(), pv.size());
    if (equal_mass) {
      b.lower = *std::min_element(pv.begin(), pv.end());
      b.upper = *std::max_element(pv.begin(), pv.end());
    } else {
      b.lower = d.edges[k];
      b.upper = d.edges[k + 1];
    }
    const double gap = std::fabs(b.accuracy - b.confidence);
    const double weight = static_cast<double>(b.count) / n;
    ece += weight * gap;
    mce = std::max(mce, gap);
    ms += weight * (gap * gap);
    d.bins.push_back(b);
  }
  out.ece = ece;
  out.mce = mce;
  out.rmsce = std::sqrt(ms);
  return out;
}

TopLabel top_label(std::span<const double> p, std::span<const double> y) {
  check_lengths("top-label calibration", p, y);
  check_probabilities("top-label calibration", p);
  check_hard_labels("top-label calibration", y);
  TopLabel out;
  out.confidence.reserve(p.size());
  out.correct.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    out.confidence.push_back(std::max(p[i], 1.0 - p[i]));
    const bool predicted_positive = p[i] > 0.5;
    out.correct.push_back(predicted_positive == (y[i] == 1.0) ? 1.0 : 0.0);
  }
  return out;
}

SymmetrizedData symmetrize(std::span<const double> p, std::span<const double> y) {
  check_lengths("symmetrised calibration", p, y);
  check_probabilities("symmetrised calibration", p);
  check_soft_labels("symmetrised calibration", y);
  SymmetrizedData out;
  out.p.assign(p.begin(), p.end());
  out.y.assign(y.begin(), y.end());
  for (std::size_t i = 0; i < p.size(); ++i) {
    out.p.push_back(1.0 - p[i]);
    out.y.push_back(1.0 - y[i]);
  }
  return out;
}

double brier_score(std::span<const double> p, std::span<const double> y) {
  check_lengths("Brier score", p, y);
  check_probabilities("Brier score", p);
  check_soft_labels("Brier score", y);
  std::vector<double> sq(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double d = p[i] - y[i];
    sq[i] = d * d;
  }
  return detail::numpy_mean(sq.data(), sq.size());
}

double base_rate(std::span<const double> y) {
  if (y.empty()) throw Error("base rate: empty input");
  check_soft_labels("base rate", y);
  return detail::numpy_mean(y.data(), y.size());
}

std::optional<double> roc_auc(std::span<const double> p, std::span<const double> y) {
  check_lengths("ROC AUC", p, y);
  check_probabilities("ROC AUC", p);
  check_soft_labels("ROC AUC", y);
  // Points sorted by p; per run of equal p, its positive and negative weight. A positive beats every
  // negative below its run and ties (1/2) with the negatives of its run.
  const std::vector<std::size_t> order = stable_order(p);
  double positives = 0.0, negatives = 0.0, self = 0.0, wins = 0.0, negatives_below = 0.0;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    double run_pos = 0.0, run_neg = 0.0;
    while (end < order.size() && p[order[end]] == p[order[start]]) {
      const double w = y[order[end]];
      run_pos += w;
      run_neg += 1.0 - w;
      self += w * (1.0 - w);
      ++end;
    }
    wins += run_pos * negatives_below + 0.5 * run_pos * run_neg;
    negatives_below += run_neg;
    positives += run_pos;
    negatives += run_neg;
    start = end;
  }
  // The pairs of a point with itself (soft labels only) were counted as ties: take them out.
  const double pairs = positives * negatives - self;
  if (!(pairs > 0.0)) return std::nullopt;
  return (wins - 0.5 * self) / pairs;
}

BrierDecomposition brier_decomposition(std::span<const double> p, std::span<const double> y,
                                       const ReliabilityDiagram& diagram) {
  BrierDecomposition d;
  d.brier = brier_score(p, y);
  const double ybar = base_rate(y);
  std::vector<double> sq(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) sq[i] = (y[i] - ybar) * (y[i] - ybar);
  d.uncertainty = detail::numpy_mean(sq.data(), sq.size());
  const double n = static_cast<double>(p.size());
  for (const ReliabilityBin& b : diagram.bins) {
    const double w = static_cast<double>(b.count) / n;
    d.reliability += w * (b.confidence - b.accuracy) * (b.confidence - b.accuracy);
    d.resolution += w * (b.accuracy - ybar) * (b.accuracy - ybar);
  }
  d.within_bin = d.brier - (d.reliability - d.resolution + d.uncertainty);
  return d;
}

double log_loss(std::span<const double> p, std::span<const double> y, double eps) {
  check_lengths("log loss", p, y);
  check_probabilities("log loss", p);
  check_soft_labels("log loss", y);
  if (!(eps >= 0.0 && eps < 0.5)) throw Error("log loss: eps must be in [0, 0.5)");
  std::vector<double> terms(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double c = std::clamp(p[i], eps, 1.0 - eps);
    const double w0 = 1.0 - y[i], w1 = y[i];
    const double t0 = w0 == 0.0 ? 0.0 : w0 * std::log(1.0 - c);
    const double t1 = w1 == 0.0 ? 0.0 : w1 * std::log(c);
    terms[i] = -(t0 + t1);
  }
  return detail::numpy_mean(terms.data(), terms.size());
}

}  // namespace trenchcoat::meta
