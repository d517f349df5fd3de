// Pearson, Spearman, Kendall tau-b / tau-c and weighted tau, following the arithmetic of scipy 1.10
// (scipy.stats.pearsonr, spearmanr, kendalltau, weightedtau).
// Where scipy's result is a ratio of integer pair counts
// the same floating-point operations are done in the same order, so the values agree bit for bit;
// the exact Kendall p-value also agrees bit for bit. Values that go through sums of products,
// square roots and special functions (incomplete beta, erfc) agree to about 1e-15 relative, and
// within 2e-13 even in far tails (p < 1e-100) in comparisons with scipy 1.10.1 on random inputs.
#include "trenchcoat/meta/correlation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

#include "numpy_summation.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/distributions.hpp"

namespace trenchcoat::meta {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const Correlation kUndefined{kNaN, kNaN};

void require_same_length(std::span<const double> x, std::span<const double> y, const char* function) {
  if (x.size() != y.size())
    throw Error(std::string(function) + ": x and y differ in length (" + std::to_string(x.size()) + " vs " +
                std::to_string(y.size()) + ")");
}

bool has_nan(std::span<const double> v) {
  return std::any_of(v.begin(), v.end(), [](double a) { return std::isnan(a); });
}

bool is_constant(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
}

double clip_to_unit(double r) { return std::max(-1.0, std::min(1.0, r)); }

// ---------------------------------------------------------------------------------------------
// Pearson and Spearman. Sums are numpy's pairwise sums (numpy_summation.hpp), so that the means of
// pearson / spearman and the exact Kendall p-value (once its counts pass 2^53) round like scipy's.

double mean_of(std::span<const double> v) { return detail::numpy_mean(v.data(), v.size()); }

std::vector<double> centred(std::span<const double> v) {
  const double mean = mean_of(v);
  std::vector<double> out(v.begin(), v.end());
  for (double& a : out) a -= mean;
  return out;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

// Under independence of normal x and y, r follows a beta(n/2 - 1, n/2 - 1) distribution stretched
// to [-1, 1]. scipy maps |r| to the unit interval as (|r| + 1) / 2 and asks for the upper tail there;
// by the symmetry of the distribution that tail is I_u(a, a) with u = 1 - (|r| + 1) / 2.
double pearson_two_sided_p(double r, std::size_t n) {
  const double shape = static_cast<double>(n) / 2.0 - 1.0;
  const double on_unit_interval = (std::fabs(r) + 1.0) / 2.0;
  const double upper_tail = regularized_incomplete_beta(shape, shape, 1.0 - on_unit_interval, on_unit_interval);
  return 2.0 * upper_tail;
}

// Average ("mid") ranks starting at 1: elements that tie share the mean of their positions.
std::vector<double> average_ranks(std::span<const double> v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return v[i] < v[j]; });
  std::vector<double> ranks(v.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && v[order[end]] == v[order[start]]) ++end;
    // Positions start+1 .. end (1-based) have mean (start + 1 + end) / 2.
    const double shared = static_cast<double>(start + 1 + end) / 2.0;
    for (std::size_t k = start; k < end; ++k) ranks[order[k]] = shared;
    start = end;
  }
  return ranks;
}

// ---------------------------------------------------------------------------------------------
// Kendall's tau.

// The pair counts of kendalltau: with N = n(n-1)/2 pairs, x_ties / y_ties = pairs tied in x / in y
// (including those tied in both), both_ties = pairs tied in both, discordant = pairs ordered
// oppositely by x and y. The remaining sums are the tie corrections of the variance, over the tie
// groups of sizes t: sum t(t-1)(t-2) and sum t(t-1)(2t+5).
struct KendallCounts {
  std::int64_t n = 0;
  std::int64_t pairs = 0;
  std::int64_t discordant = 0;
  std::int64_t x_ties = 0, y_ties = 0, both_ties = 0;
  double x_ties_cubic = 0.0, y_ties_cubic = 0.0;    // sum t(t-1)(t-2)
  double x_ties_spread = 0.0, y_ties_spread = 0.0;  // sum t(t-1)(2t+5)
  std::int64_t x_distinct = 0, y_distinct = 0;
};

// Sizes of the runs of equal values in an already sorted sequence, in order.
template <typename Equal>
std::vector<std::int64_t> run_lengths(std::size_t n, Equal equal_to_previous) {
  std::vector<std::int64_t> runs;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 0 || !equal_to_previous(i)) runs.push_back(0);
    ++runs.back();
  }
  return runs;
}

std::int64_t tied_pairs(const std::vector<std::int64_t>& runs) {
  std::int64_t sum = 0;
  for (std::int64_t t : runs) sum += t * (t - 1) / 2;
  return sum;
}

// The tie statistics of one side: pairs, sum t(t-1)(t-2), sum t(t-1)(2t+5) (the two sums in
// doubles, as scipy forms them; they are whole numbers and exact below 2^53) and the number of
// distinct values.
void tie_statistics(std::vector<double> values, std::int64_t& pairs, double& cubic, double& spread,
                    std::int64_t& distinct) {
  std::sort(values.begin(), values.end());
  const auto runs = run_lengths(values.size(), [&](std::size_t i) { return values[i] == values[i - 1]; });
  pairs = tied_pairs(runs);
  cubic = 0.0;
  spread = 0.0;
  for (std::int64_t t : runs) {
    if (t < 2) continue;
    const double size = static_cast<double>(t);
    cubic += size * (size - 1.0) * static_cast<double>(t - 2);
    spread += size * (size - 1.0) * static_cast<double>(2 * t + 5);
  }
  distinct = static_cast<std::int64_t>(runs.size());
}

// Counts the pairs i < j with y[i] > y[j] while merge-sorting y in place (stable, so equal values
// are never counted). O(n log n).
std::int64_t sort_counting_inversions(std::vector<double>& y, std::vector<double>& scratch, std::size_t begin,
                                      std::size_t end) {
  if (end - begin < 2) return 0;
  const std::size_t middle = begin + (end - begin) / 2;
  std::int64_t inversions =
      sort_counting_inversions(y, scratch, begin, middle) + sort_counting_inversions(y, scratch, middle, end);
  std::size_t left = begin, right = middle, out = begin;
  while (left < middle && right < end) {
    if (y[right] < y[left]) {
      inversions += static_cast<std::int64_t>(middle - left);  // y[right] is below every remaining left value
      scratch[out++] = y[right++];
    } else {
      scratch[out++] = y[left++];
    }
  }
  while (left < middle) scratch[out++] = y[left++];
  while (right < end) scratch[out++] = y[right++];
  std::copy(scratch.begin() + static_cast<std::ptrdiff_t>(begin), scratch.begin() + static_cast<std::ptrdiff_t>(end),
            y.begin() + static_cast<std::ptrdiff_t>(begin));
  return inversions;
}

// Sorting the pairs by (x, y) puts the pairs tied in x in y order, so the y inversions left are
// exactly the discordant pairs; runs of equal (x, y) give the pairs tied in both.
KendallCounts count_pairs(std::span<const double> x, std::span<const double> y) {
  KendallCounts counts;
  counts.n = static_cast<std::int64_t>(x.size());
  counts.pairs = counts.n * (counts.n - 1) / 2;
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return x[i] < x[j] || (x[i] == x[j] && y[i] < y[j]); });
  const auto joint_runs = run_lengths(
      order.size(), [&](std::size_t k) { return x[order[k]] == x[order[k - 1]] && y[order[k]] == y[order[k - 1]]; });
  counts.both_ties = tied_pairs(joint_runs);
  std::vector<double> y_in_x_order(order.size()), scratch(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) y_in_x_order[k] = y[order[k]];
  counts.discordant = sort_counting_inversions(y_in_x_order, scratch, 0, y_in_x_order.size());
  tie_statistics({x.begin(), x.end()}, counts.x_ties, counts.x_ties_cubic, counts.x_ties_spread, counts.x_distinct);
  tie_statistics({y.begin(), y.end()}, counts.y_ties, counts.y_ties_cubic, counts.y_ties_spread, counts.y_distinct);
  return counts;
}

// C - D from N = C + D + (x_ties - both) + (y_ties - both) + both.
std::int64_t concordant_minus_discordant(const KendallCounts& k) {
  return k.pairs - k.x_ties - k.y_ties + k.both_ties - 2 * k.discordant;
}

// tau-b = (C - D) / sqrt((N - x_ties)(N - y_ties)), divided by the two roots one after the other
// as scipy does.
double tau_b(const KendallCounts& k) {
  return static_cast<double>(concordant_minus_discordant(k)) / std::sqrt(static_cast<double>(k.pairs - k.x_ties)) /
         std::sqrt(static_cast<double>(k.pairs - k.y_ties));
}

// Stuart's tau-c = 2 (C - D) / (n^2 (m - 1) / m), m the smaller number of distinct values. The
// denominator is the correctly rounded quotient of two integers, as in Python.
double tau_c(const KendallCounts& k) {
  const std::int64_t classes = std::min(k.x_distinct, k.y_distinct);
  const double denominator = static_cast<double>(k.n * k.n * (classes - 1)) / static_cast<double>(classes);
  return static_cast<double>(2 * concordant_minus_discordant(k)) / denominator;
}

// n! rounded once to the nearest double (ties to even), as Python converts math.factorial(n) when
// dividing by it: the exact product is kept in 32-bit limbs and its top bits rounded at the end.
double correctly_rounded_factorial(int n) {
  std::vector<std::uint32_t> limbs{1};  // little-endian
  for (int factor = 2; factor <= n; ++factor) {
    std::uint64_t carry = 0;
    for (std::uint32_t& limb : limbs) {
      const std::uint64_t product = static_cast<std::uint64_t>(limb) * static_cast<std::uint64_t>(factor) + carry;
      limb = static_cast<std::uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) limbs.push_back(static_cast<std::uint32_t>(carry));
  }
  if (limbs.size() <= 2)
    return static_cast<double>((static_cast<std::uint64_t>(limbs.size() == 2 ? limbs[1] : 0) << 32) | limbs[0]);
  // Bit length of the number, then its top 64 bits and whether any bit below them is set.
  const int top_limb_bits = 32 - std::countl_zero(limbs.back());
  const int total_bits = static_cast<int>(limbs.size() - 1) * 32 + top_limb_bits;
  auto bit = [&](int position) { return (limbs[static_cast<std::size_t>(position / 32)] >> (position % 32)) & 1u; };
  std::uint64_t top = 0;
  for (int position = total_bits - 1; position >= total_bits - 64; --position) top = (top << 1) | bit(position);
  bool below = false;
  for (int position = total_bits - 65; position >= 0 && !below; --position) below = bit(position) != 0;
  // Keep 53 of the 64 bits, rounding to nearest, ties to even.
  std::uint64_t mantissa = top >> 11;
  const std::uint64_t dropped = top & 0x7FF;
  const bool round_up = dropped > 0x400 || (dropped == 0x400 && (below || (mantissa & 1u)));
  if (round_up) ++mantissa;
  return std::ldexp(static_cast<double>(mantissa), total_bits - 53);
}

// Exact two-sided p-value of Kendall's test without ties: twice the probability that a random
// permutation of n has at most c inversions, c the smaller of C and N - C (the null distribution
// of the concordant count is the Mahonian distribution and is symmetric). The counts of
// permutations of j elements with k inversions are built up for j = 3..n by the recurrence
// count_j(k) = sum_{i = k-j+1..k} count_{j-1}(i), as a running sum minus the running sum j places
// back. Beyond n = 170, n! overflows, so the counts are divided by j at every step instead.
double kendall_exact_p(std::int64_t n, std::int64_t concordant) {
  const std::int64_t pairs = n * (n - 1) / 2;
  const std::int64_t c = std::min(concordant, pairs - concordant);
  if (n <= 2) return 1.0;
  if (c == 0) return n < 171 ? 2.0 / correctly_rounded_factorial(static_cast<int>(n)) : 0.0;
  if (c == 1) return n < 172 ? 2.0 / correctly_rounded_factorial(static_cast<int>(n - 1)) : 0.0;
  if (4 * c == n * (n - 1)) return 1.0;  // C = D: the whole distribution is at or beyond c
  const bool normalised = n >= 171;
  const std::size_t length = static_cast<std::size_t>(c) + 1;
  std::vector<double> counts(length, 0.0), running(length);
  counts[0] = counts[1] = 1.0;  // permutations of 2 elements with 0 and 1 inversions
  for (std::int64_t j = 3; j <= n; ++j) {
    double sum = 0.0;
    for (std::size_t k = 0; k < length; ++k) {
      sum += counts[k];
      running[k] = normalised ? sum / static_cast<double>(j) : sum;
    }
    counts = running;
    const auto shift = static_cast<std::size_t>(j);
    for (std::size_t k = shift; k < length; ++k) counts[k] -= running[k - shift];
  }
  const double total = detail::numpy_pairwise_sum(counts.data(), counts.size());
  const double p = normalised ? total : 2.0 * total / correctly_rounded_factorial(static_cast<int>(n));
  return std::clamp(p, 0.0, 1.0);
}

// Variance of C - D under independence, with the corrections for ties in x (groups t) and in y
// (groups u), in scipy's grouping of the terms:
//   [m(2n+5) - sum t(t-1)(2t+5) - sum u(u-1)(2u+5)] / 18 + 2 x_ties y_ties / m
//   + sum t(t-1)(t-2) * sum u(u-1)(u-2) / (9 m (n-2)),  where m = n(n-1).
double kendall_null_variance(const KendallCounts& k) {
  const double n = static_cast<double>(k.n);
  const double m = n * (n - 1.0);
  return (m * static_cast<double>(2 * k.n + 5) - k.x_ties_spread - k.y_ties_spread) / 18.0 +
         static_cast<double>(2 * k.x_ties * k.y_ties) / m + k.x_ties_cubic * k.y_ties_cubic / (9.0 * m * (n - 2.0));
}

double kendall_asymptotic_p(const KendallCounts& k) {
  const double z = static_cast<double>(concordant_minus_discordant(k)) / std::sqrt(kendall_null_variance(k));
  return normal_two_sided_p(z);
}

double kendall_p_value(const KendallCounts& k, KendallMethod method) {
  const bool no_ties = k.x_ties == 0 && k.y_ties == 0;
  if (method == KendallMethod::exact && !no_ties)
    throw Error("kendall_tau: the exact p-value is only defined without ties (scipy raises here too)");
  if (method == KendallMethod::auto_) {
    const bool few_discordant_or_concordant = std::min(k.discordant, k.pairs - k.discordant) <= 1;
    method = no_ties && (k.n <= 33 || few_discordant_or_concordant) ? KendallMethod::exact : KendallMethod::asymptotic;
  }
  if (method == KendallMethod::exact) return kendall_exact_p(k.n, k.pairs - k.discordant);
  return kendall_asymptotic_p(k);
}

// ---------------------------------------------------------------------------------------------
// Weighted tau. A direct O(n^2) sum over the pairs of Vigna's (2015) definition; scipy's
// Cython code reaches the same sums in O(n log n) by merge sorting, so the two differ only in the
// order of floating-point additions (last-bit differences).

// NaN is the smallest value and equal to itself; numbers compare as usual.
bool nan_smallest_less(double a, double b) {
  if (std::isnan(b)) return false;
  if (std::isnan(a)) return true;
  return a < b;
}
bool nan_aware_equal(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
int nan_aware_sign(double a, double b) {
  if (nan_aware_equal(a, b)) return 0;
  return nan_smallest_less(a, b) ? -1 : 1;
}

// Importance ranks (0 = most important) in the order of decreasing primary, then decreasing
// secondary, then decreasing original index.
std::vector<std::size_t> importance_ranks(std::span<const double> primary, std::span<const double> secondary) {
  std::vector<std::size_t> order(primary.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    if (!nan_aware_equal(primary[i], primary[j])) return nan_smallest_less(primary[j], primary[i]);
    if (!nan_aware_equal(secondary[i], secondary[j])) return nan_smallest_less(secondary[j], secondary[i]);
    return i > j;
  });
  std::vector<std::size_t> rank(primary.size());
  for (std::size_t position = 0; position < order.size(); ++position) rank[order[position]] = position;
  return rank;
}

// tau_w = sum W_ij sgn(dx) sgn(dy) / sqrt(sum_{dx != 0} W_ij * sum_{dy != 0} W_ij), clipped.
double weighted_tau_for_ranks(std::span<const double> x, std::span<const double> y,
                              const std::vector<std::size_t>& rank, const std::function<double(std::size_t)>& weigher,
                              bool additive) {
  std::vector<double> weight(rank.size());
  for (std::size_t i = 0; i < rank.size(); ++i) weight[i] = weigher(rank[i]);
  double agreement = 0.0, x_untied = 0.0, y_untied = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      const double pair_weight = additive ? weight[i] + weight[j] : weight[i] * weight[j];
      const int x_sign = nan_aware_sign(x[i], x[j]), y_sign = nan_aware_sign(y[i], y[j]);
      agreement += pair_weight * (x_sign * y_sign);
      if (x_sign != 0) x_untied += pair_weight;
      if (y_sign != 0) y_untied += pair_weight;
    }
  }
  if (x_untied == 0.0 || y_untied == 0.0) return kNaN;  // x or y constant
  return clip_to_unit(agreement / std::sqrt(x_untied * y_untied));
}

std::vector<double> values_without_nan_pairs(std::span<const double> v, std::span<const double> other) {
  std::vector<double> kept;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isnan(v[i]) && !std::isnan(other[i])) kept.push_back(v[i]);
  return kept;
}

}  // namespace

Correlation pearson(std::span<const double> x, std::span<const double> y) {
  require_same_length(x, y, "pearson");
  // Departures from scipy, which raises for n < 2 and gives p = 1 for n = 2 with a NaN: NaN here.
  if (x.size() < 2 || has_nan(x) || has_nan(y)) return kUndefined;
  if (is_constant(x) || is_constant(y)) return kUndefined;
  if (x.size() == 2) {
    // Two points always lie on a line: r is the product of the two directions and p is 1.
    const double direction_x = x[1] > x[0] ? 1.0 : -1.0, direction_y = y[1] > y[0] ? 1.0 : -1.0;
    return {direction_x * direction_y, 1.0};
  }
  // scipy normalises each centred vector to unit length and takes their dot product.
  std::vector<double> xm = centred(x), ym = centred(y);
  const double norm_x = std::sqrt(dot(xm, xm)), norm_y = std::sqrt(dot(ym, ym));
  for (double& a : xm) a /= norm_x;
  for (double& a : ym) a /= norm_y;
  const double r = clip_to_unit(dot(xm, ym));
  return {r, pearson_two_sided_p(r, x.size())};
}

Correlation spearman(std::span<const double> x, std::span<const double> y) {
  require_same_length(x, y, "spearman");
  if (x.size() < 2 || has_nan(x) || has_nan(y)) return kUndefined;
  if (is_constant(x) || is_constant(y)) return kUndefined;
  // Correlation matrix of the ranks as numpy.corrcoef forms it: the covariances are the centred
  // products times 1 / (n - 1); the off-diagonal one is then divided by each standard deviation
  // in turn.
  const std::vector<double> rx = centred(average_ranks(x)), ry = centred(average_ranks(y));
  const double inverse_dof = 1.0 / static_cast<double>(x.size() - 1);
  const double rho = clip_to_unit(dot(rx, ry) * inverse_dof / std::sqrt(dot(rx, rx) * inverse_dof) /
                                  std::sqrt(dot(ry, ry) * inverse_dof));
  // t = rho sqrt((n - 2) / ((1 + rho)(1 - rho))); n = 2 makes it 0/0 = NaN and |rho| = 1 makes it
  // infinite (p = 0), as in scipy.
  const double df = static_cast<double>(x.size()) - 2.0;
  const double t = rho * std::sqrt(df / ((rho + 1.0) * (1.0 - rho)));
  return {rho, student_t_two_sided_p(t, df)};
}

Correlation kendall_tau(std::span<const double> x, std::span<const double> y, KendallVariant variant,
                        KendallMethod method, NanPolicy nan_policy) {
  require_same_length(x, y, "kendall_tau");
  if (has_nan(x) || has_nan(y)) {
    if (nan_policy == NanPolicy::propagate) return kUndefined;
    if (variant == KendallVariant::c)
      throw Error("kendall_tau: NaN omission is only supported for tau-b (as in scipy)");
    // scipy hands this case to scipy.stats.mstats.kendalltau, whose tau-b and p-value are the same
    // quantities computed with a differently ordered (last-bit) arithmetic.
    const std::vector<double> kept_x = values_without_nan_pairs(x, y), kept_y = values_without_nan_pairs(y, x);
    return kendall_tau(kept_x, kept_y, variant, method, NanPolicy::propagate);
  }
  if (x.empty()) return kUndefined;
  const KendallCounts counts = count_pairs(x, y);
  // Every pair tied on one side (constant input, or n = 1): tau is 0/0.
  if (counts.x_ties == counts.pairs || counts.y_ties == counts.pairs) return kUndefined;
  const double tau = clip_to_unit(variant == KendallVariant::b ? tau_b(counts) : tau_c(counts));
  return {tau, kendall_p_value(counts, method)};
}

double weighted_tau(std::span<const double> x, std::span<const double> y, const WeightedTauOptions& options) {
  require_same_length(x, y, "weighted_tau");
  if (options.rank == WeightedTauRank::given && options.given_rank.size() != x.size())
    throw Error("weighted_tau: the rank array has " + std::to_string(options.given_rank.size()) + " entries for " +
                std::to_string(x.size()) + " observations");
  if (x.empty()) return kNaN;
  const std::function<double(std::size_t)> weigher =
      options.weigher ? options.weigher : [](std::size_t r) { return 1.0 / (static_cast<double>(r) + 1.0); };
  switch (options.rank) {
    case WeightedTauRank::both_orders:
      return (weighted_tau_for_ranks(x, y, importance_ranks(x, y), weigher, options.additive) +
              weighted_tau_for_ranks(y, x, importance_ranks(y, x), weigher, options.additive)) /
             2.0;
    case WeightedTauRank::by_x_then_y:
      return weighted_tau_for_ranks(x, y, importance_ranks(x, y), weigher, options.additive);
    case WeightedTauRank::by_index: {
      std::vector<std::size_t> rank(x.size());
      std::iota(rank.begin(), rank.end(), std::size_t{0});
      return weighted_tau_for_ranks(x, y, rank, weigher, options.additive);
    }
    case WeightedTauRank::given:
      return weighted_tau_for_ranks(x, y, options.given_rank, weigher, options.additive);
  }
  return kNaN;
}

}  // namespace trenchcoat::meta
