#pragma once
// Best-of-n over-optimisation (Gao, Schulman & Hilton 2023): the analytic best-of-n KL, the distance
// d = sqrt(KL), the unbiased all-subsets estimator of the expected gold and proxy score of the
// best-of-k (by proxy) among N scored candidates, and the two functional forms R_bon and R_RL with
// their peaks.
//
// Estimator: per prompt the N candidates are sorted ascending by proxy score (a stable sort, so equal
// proxy scores are ordered by original index: of tied candidates the one with the larger index ranks
// higher and wins the tie). The candidate of rank i (1-based) is the proxy-argmax of a uniformly
// random k-subset with probability w_i = C(i-1, k-1) / C(N, k). E[gold of BoN_k] = sum_i w_i gold_(i),
// summed in ascending rank order; likewise for the proxy. The weights are the correctly rounded
// quotient of the two exact integers while C(N, k) < 2^53; above that they come from the ratio
// recurrence w_N = k/N, w_{i-1} = w_i (i-k)/(i-1) in long double (no overflow for any N).
//
// Edge cases (each a trenchcoat::Error with one message, never a NaN result):
//   * no candidates, proxy/gold of different lengths, any NaN or infinite score;
//   * over prompts: no prompts, or a prompt with no candidates. The curve runs k = 1..min N over the
//     prompts and every point is the plain mean over prompts (in order).
//   * N = 1 is allowed: a one-point curve (k = 1, KL 0, the candidate's own scores).
//   * best_of_n_kl(0) is an Error; the forms need d >= 0 (finite), the peaks need beta > 0.
#include <cstddef>
#include <span>
#include <vector>

namespace trenchcoat::meta {

// KL(pi_BoN || pi_0) = log n - (n-1)/n: an upper bound, exact only for distinct (continuous) samples.
double best_of_n_kl(std::size_t n);
// d = sqrt(best_of_n_kl(n)).
double best_of_n_distance(std::size_t n);

// The weights w_1..w_N of the ascending-proxy ranks for best-of-k among N (1 <= k <= N).
std::vector<double> best_of_n_weights(std::size_t num_candidates, std::size_t k);

struct BestOfNPoint {
  std::size_t n = 0;      // k: candidates per best-of draw
  double kl = 0.0;        // best_of_n_kl(n)
  double distance = 0.0;  // sqrt(kl)
  double gold = 0.0;      // E[gold score of the proxy-best of n]
  double proxy = 0.0;     // E[proxy score of the proxy-best of n]
  double gap = 0.0;       // proxy - gold (the over-optimisation gap)
};

// The curve k = 1..N for one prompt's N candidates.
std::vector<BestOfNPoint> best_of_n_curve(std::span<const double> proxy, std::span<const double> gold);
// The curve averaged over prompts (proxy[p], gold[p] are prompt p's candidates), k = 1..min N.
std::vector<BestOfNPoint> best_of_n_curve(const std::vector<std::vector<double>>& proxy,
                                          const std::vector<std::vector<double>>& gold);

// R_bon(d) = d (alpha - beta d); peak d* = alpha / (2 beta).
double bon_form(double d, double alpha, double beta);
double bon_form_argmax(double alpha, double beta);
// R_RL(d) = d (alpha - beta log d), with R_RL(0) = 0 (the limit); peak d* = exp(alpha/beta - 1).
double rl_form(double d, double alpha, double beta);
double rl_form_argmax(double alpha, double beta);

}  // namespace trenchcoat::meta
