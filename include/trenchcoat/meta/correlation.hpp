#pragma once
// Rank and linear correlations computed the way scipy 1.10 computes them (pearsonr, spearmanr,
// kendalltau, weightedtau), as plain functions over spans of doubles, in the spirit of
// mt-metrics-eval's stats.py.
//
// Degenerate input never throws and never crashes: fewer than two observations, a constant x or y,
// or a NaN anywhere (with the default NaN policy) give NaN for the statistic and the p-value, the
// way scipy reports an undefined correlation. trenchcoat::Error is thrown only for misuse by the
// caller: x and y of different lengths, a rank array of the wrong length, or asking for the exact
// Kendall p-value (or NaN omission for tau-c) where scipy refuses to compute it.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace trenchcoat::meta {

struct Correlation {
  double statistic;
  double p_value;  // two-sided
};

// scipy.stats.pearsonr: r of the centred vectors and the two-sided p-value of the null hypothesis
// r = 0, from the symmetric beta distribution of r on [-1, 1] with shape n/2 - 1.
// n = 2 gives r = +-1 and p = 1 as in scipy. Where scipy raises for n < 2, this returns NaN.
Correlation pearson(std::span<const double> x, std::span<const double> y);

// scipy.stats.spearmanr for two vectors: Pearson correlation of the average ranks (ties share the
// mean of the positions they occupy), p-value from Student's t with n - 2 degrees of freedom.
// As in scipy, n = 2 gives p = NaN (the t statistic is 0/0), and |rho| = 1 gives p = 0.
Correlation spearman(std::span<const double> x, std::span<const double> y);

enum class KendallVariant { b, c };
// auto_: scipy's default, the exact null distribution when neither side has ties and either
// n <= 33 or the number of discordant (or concordant) pairs is at most 1; otherwise asymptotic.
enum class KendallMethod { auto_, exact, asymptotic };
// propagate: any NaN makes the result NaN (scipy's default).
// omit: pairs with a NaN on either side are dropped first (tau-b only; scipy rejects it for tau-c).
enum class NanPolicy { propagate, omit };

// scipy.stats.kendalltau: tau-b or tau-c from pair counts in O(n log n), with the p-value of the
// test of no association (identical for both variants).
Correlation kendall_tau(std::span<const double> x, std::span<const double> y,
                        KendallVariant variant = KendallVariant::b, KendallMethod method = KendallMethod::auto_,
                        NanPolicy nan_policy = NanPolicy::propagate);

// How weighted_tau assigns the importance rank r_i (0 = most important) to each element.
enum class WeightedTauRank {
  both_orders,  // scipy rank=True: mean of the tau ranked by (x, y) and the tau ranked by (y, x)
  by_x_then_y,  // scipy rank=None: decreasing x, then decreasing y, then later index first
  by_index,     // scipy rank=False: r_i = i
  given,        // scipy rank=<array>: WeightedTauOptions::given_rank
};

struct WeightedTauOptions {
  WeightedTauRank rank = WeightedTauRank::both_orders;
  std::vector<std::size_t> given_rank;         // used only with WeightedTauRank::given
  std::function<double(std::size_t)> weigher;  // empty: the hyperbolic weigher 1 / (r + 1)
  bool additive = true;                        // pair weight w(r_i) + w(r_j), else w(r_i) * w(r_j)
};

// scipy.stats.weightedtau statistic (scipy's p-value is always NaN, so only the statistic is
// returned). NaN values count as smaller than every number and equal to each other.
// NaN when n < 2 or x or y is constant.
double weighted_tau(std::span<const double> x, std::span<const double> y, const WeightedTauOptions& options = {});

}  // namespace trenchcoat::meta
