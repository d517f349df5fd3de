#include "trenchcoat/meta/best_of_n.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

namespace {

constexpr std::uint64_t kExactLimit = std::uint64_t{1} << 53;

// C(a, b) as an exact integer when it is below 2^53, else nullopt.
std::optional<std::uint64_t> exact_binomial(std::uint64_t a, std::uint64_t b) {
  if (b > a) return 0;
  b = std::min(b, a - b);
  std::uint64_t c = 1;
  for (std::uint64_t j = 0; j < b; ++j) {
    // c * (a - j) is divisible by j + 1; fall back when the product would overflow 64 bits.
    if (a - j > std::numeric_limits<std::uint64_t>::max() / c) return std::nullopt;
    c = c * (a - j) / (j + 1);
    if (c >= kExactLimit) return std::nullopt;
  }
  return c;
}

void check_scores(std::span<const double> proxy, std::span<const double> gold, const std::string& where) {
  if (proxy.empty()) throw Error("best_of_n: " + where + "no candidates");
  if (proxy.size() != gold.size())
    throw Error("best_of_n: " + where + "proxy and gold have different lengths (" + std::to_string(proxy.size()) +
                " vs " + std::to_string(gold.size()) + ")");
  for (std::size_t i = 0; i < proxy.size(); ++i)
    if (!std::isfinite(proxy[i]) || !std::isfinite(gold[i]))
      throw Error("best_of_n: " + where + "score at index " + std::to_string(i) + " is NaN or infinite");
}

void check_d(double d, const char* name) {
  if (!(d >= 0.0) || !std::isfinite(d)) throw Error(std::string(name) + ": d must be finite and >= 0");
}

}  // namespace

double best_of_n_kl(std::size_t n) {
  if (n == 0) throw Error("best_of_n_kl: n must be >= 1");
  const double nd = static_cast<double>(n);
  return std::log(nd) - (nd - 1.0) / nd;
}

double best_of_n_distance(std::size_t n) { return std::sqrt(best_of_n_kl(n)); }

std::vector<double> best_of_n_weights(std::size_t num_candidates, std::size_t k) {
  if (k == 0 || k > num_candidates)
    throw Error("best_of_n_weights: need 1 <= k <= N (k = " + std::to_string(k) +
                ", N = " + std::to_string(num_candidates) + ")");
  const std::size_t N = num_candidates;
  std::vector<double> w(N, 0.0);
  if (auto total = exact_binomial(N, k)) {
    const double denom = static_cast<double>(*total);
    for (std::size_t i = k; i <= N; ++i) w[i - 1] = static_cast<double>(*exact_binomial(i - 1, k - 1)) / denom;
    return w;
  }
  long double wi = static_cast<long double>(k) / static_cast<long double>(N);
  for (std::size_t i = N; i >= k; --i) {
    w[i - 1] = static_cast<double>(wi);
    if (i == k) break;
    wi = wi * static_cast<long double>(i - k) / static_cast<long double>(i - 1);
  }
  return w;
}

std::vector<BestOfNPoint> best_of_n_curve(std::span<const double> proxy, std::span<const double> gold) {
  check_scores(proxy, gold, "");
  const std::size_t N = proxy.size();
  std::vector<std::size_t> order(N);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return proxy[a] < proxy[b]; });
  std::vector<BestOfNPoint> curve;
  curve.reserve(N);
  for (std::size_t k = 1; k <= N; ++k) {
    const std::vector<double> w = best_of_n_weights(N, k);
    BestOfNPoint p;
    p.n = k;
    p.kl = best_of_n_kl(k);
    p.distance = std::sqrt(p.kl);
    for (std::size_t r = 0; r < N; ++r) {
      p.gold += w[r] * gold[order[r]];
      p.proxy += w[r] * proxy[order[r]];
    }
    p.gap = p.proxy - p.gold;
    curve.push_back(p);
  }
  return curve;
}

std::vector<BestOfNPoint> best_of_n_curve(const std::vector<std::vector<double>>& proxy,
                                          const std::vector<std::vector<double>>& gold) {
  if (proxy.empty()) throw Error("best_of_n: no prompts");
  if (proxy.size() != gold.size())
    throw Error("best_of_n: proxy and gold have different numbers of prompts (" + std::to_string(proxy.size()) +
                " vs " + std::to_string(gold.size()) + ")");
  std::vector<std::vector<BestOfNPoint>> curves;
  std::size_t min_n = static_cast<std::size_t>(-1);
  for (std::size_t p = 0; p < proxy.size(); ++p) {
    check_scores(proxy[p], gold[p], "prompt " + std::to_string(p) + ": ");
    curves.push_back(best_of_n_curve(proxy[p], gold[p]));
    min_n = std::min(min_n, proxy[p].size());
  }
  const double P = static_cast<double>(proxy.size());
  std::vector<BestOfNPoint> out(min_n);
  for (std::size_t k = 1; k <= min_n; ++k) {
    BestOfNPoint& q = out[k - 1];
    q.n = k;
    q.kl = best_of_n_kl(k);
    q.distance = std::sqrt(q.kl);
    for (const auto& c : curves) {
      q.gold += c[k - 1].gold;
      q.proxy += c[k - 1].proxy;
    }
    q.gold /= P;
    q.proxy /= P;
    q.gap = q.proxy - q.gold;
  }
  return out;
}

double bon_form(double d, double alpha, double beta) {
  check_d(d, "bon_form");
  return d * (alpha - beta * d);
}

double bon_form_argmax(double alpha, double beta) {
  if (!(beta > 0.0) || !std::isfinite(alpha) || !std::isfinite(beta))
    throw Error("bon_form_argmax: needs finite alpha and beta > 0 (otherwise there is no peak)");
  return alpha / (2.0 * beta);
}

double rl_form(double d, double alpha, double beta) {
  check_d(d, "rl_form");
  if (d == 0.0) return 0.0;
  return d * (alpha - beta * std::log(d));
}

double rl_form_argmax(double alpha, double beta) {
  if (!(beta > 0.0) || !std::isfinite(alpha) || !std::isfinite(beta))
    throw Error("rl_form_argmax: needs finite alpha and beta > 0 (otherwise there is no peak)");
  return std::exp(alpha / beta - 1.0);
}

}  // namespace trenchcoat::meta
