// The special functions of distributions.hpp: the regularized incomplete beta function and the
// Student t and normal tails built on it (scipy 1.10's betainc, t.sf and norm.sf).
// Moved here unchanged from correlation.cpp, whose p-values depend on them bit for bit.
#include "trenchcoat/meta/distributions.hpp"

#include <cmath>
#include <limits>

namespace trenchcoat::meta {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Regularized incomplete beta function I_x(a, b).
//
// The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8) converges fast when
// x < (a + 1) / (a + b + 2); on the other side the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) is used.
// The caller passes both x and its complement 1 - x, so that a complement known more precisely
// than 1 - x (as t^2 / (df + t^2) below) is not lost to cancellation.

// Evaluates the continued fraction 1 / (1 + d1 / (1 + d2 / (1 + ...))) with the modified Lentz
// method: the convergents are tracked as products of ratios C_j / D_j, with tiny values standing in
// for zeros so that no step divides by zero.
double incomplete_beta_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  auto guard = [](double v) { return std::fabs(v) < kTiny ? kTiny : v; };
  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));  // the first coefficient d1 folded in
  double fraction = d;
  for (int m = 1; m <= 10000; ++m) {
    // Even coefficient d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    const double even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    d = 1.0 / guard(1.0 + even * d);
    c = guard(1.0 + even / c);
    fraction *= d * c;
    // Odd coefficient d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    const double odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
    d = 1.0 / guard(1.0 + odd * d);
    c = guard(1.0 + odd / c);
    const double step = d * c;
    fraction *= step;
    if (std::fabs(step - 1.0) < kEpsilon) break;
  }
  return fraction;
}

// log(1 + u) - u without the cancellation of computing the two terms apart when u is small.
// With s = u / (2 + u), log(1 + u) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) and 2s - u = -u s,
// so log(1 + u) - u = -u s + 2 (s^3/3 + s^5/5 + ...); for |u| <= 1/2, |s| <= 1/3 and the series
// gains a factor 9 per term.
double log1p_minus_identity(double u) {
  if (std::fabs(u) > 0.5) return std::log1p(u) - u;
  const double s = u / (2.0 + u), s2 = s * s;
  double power = s * s2, series = 0.0;
  for (int k = 3; k < 60; k += 2) {
    const double term = power / k;
    series += term;
    if (std::fabs(term) <= 1e-17 * std::fabs(series)) break;
    power *= s2;
  }
  return -u * s + 2.0 * series;
}

// The remainder of Stirling's formula, mu(z) = log Gamma(z) - (z - 1/2) log z + z - log(2 pi) / 2.
// From z >= 15 on, its asymptotic series sum_k B_2k / (2k (2k - 1) z^(2k - 1)) (B the Bernoulli
// numbers: 1/(12z) - 1/(360z^3) + 1/(1260z^5) - 1/(1680z^7) + 1/(1188z^9) - 691/(360360z^11)
// + 1/(156z^13)) is accurate to double precision (the next term is below 1e-19); below, the step
// mu(z) = mu(z + 1) + (z + 1/2) log(1 + 1/z) - 1 (from Gamma(z + 1) = z Gamma(z)) climbs up to it.
double stirling_remainder(double z) {
  double shift = 0.0;
  for (; z < 15.0; z += 1.0) shift += (z + 0.5) * std::log1p(1.0 / z) - 1.0;
  const double w = 1.0 / (z * z);
  const double series =
      1.0 / 12.0 -
      w * (1.0 / 360.0 -
           w * (1.0 / 1260.0 - w * (1.0 / 1680.0 - w * (1.0 / 1188.0 - w * (691.0 / 360360.0 - w / 156.0)))));
  return shift + series / z;
}

// One side of the exponent below, a log(x c / a) - d = a L(d / a): through L when d / a is small
// (where forming 1 + d / a would lose digits), and directly from x otherwise (where d / a may sit
// next to -1 and only x itself still carries the digits of x c / a).
double stirling_side(double shape, double point, double total, double d) {
  const double u = d / shape;
  if (std::fabs(u) <= 0.5) return shape * log1p_minus_identity(u);
  return shape * std::log(point * total / shape) - d;
}

// x^a (1 - x)^b / (a B(a, b)), the factor in front of the continued fraction. Evaluated through
// Stirling's formula rather than log-gamma differences, whose rounding (an ulp of log Gamma(a),
// which grows with a) would cost about 1e-13 relative for shapes in the hundreds. With c = a + b
// and d = x b - (1 - x) a:
//   x^a (1-x)^b / B(a, b) = sqrt(a b / (2 pi c)) (x c / a)^a ((1-x) c / b)^b e^{mu(c) - mu(a) - mu(b)}
// and x c / a = 1 + d / a, (1-x) c / b = 1 - d / b, so the exponent is
//   a log1p(d / a) + b log1p(-d / b) = a L(d / a) + b L(-d / b),  L(u) = log(1 + u) - u,
// the first-order terms d and -d cancelling exactly.
double incomplete_beta_front(double a, double b, double x, double complement) {
  const double c = a + b;
  const double d = x * b - complement * a;
  const double exponent = stirling_side(a, x, c, d) + stirling_side(b, complement, c, -d) + stirling_remainder(c) -
                          stirling_remainder(a) - stirling_remainder(b);
  return std::sqrt(a * b / (2.0 * M_PI * c)) * std::exp(exponent) / a;
}

// x = df / (df + t^2) and its complement t^2 / (df + t^2), the argument of the incomplete beta
// behind Student's t. Beyond |t| = 1e150, where t^2 would overflow, df / t^2 is formed as
// (df / t) / t and the complement is 1 to double precision.
struct BetaArgument {
  double x;
  double complement;
};
BetaArgument student_t_beta_argument(double t, double df) {
  if (std::fabs(t) > 1e150) return {df / t / t, 1.0};
  const double t2 = t * t;
  return {df / (df + t2), t2 / (df + t2)};
}

// The upper standard normal tail P(Z >= z), evaluated like cephes ndtr: 0.5 + 0.5 erf near zero,
// 0.5 erfc in the tails.
double normal_upper_tail(double z) {
  const double scaled = -z * M_SQRT1_2;
  return std::fabs(scaled) < M_SQRT1_2 ? 0.5 + 0.5 * std::erf(scaled)
                                       : (scaled > 0.0 ? 1.0 - 0.5 * std::erfc(scaled) : 0.5 * std::erfc(-scaled));
}

}  // namespace

// I_x(a, b) with complement = 1 - x.
double regularized_incomplete_beta(double a, double b, double x, double complement) {
  if (std::isnan(a) || std::isnan(b) || std::isnan(x) || std::isnan(complement)) return kNaN;
  if (!(a > 0.0) || !(b > 0.0)) return kNaN;
  if (x <= 0.0) return 0.0;
  if (complement <= 0.0) return 1.0;
  if (x < (a + 1.0) / (a + b + 2.0))
    return incomplete_beta_front(a, b, x, complement) * incomplete_beta_fraction(a, b, x);
  return 1.0 - incomplete_beta_front(b, a, complement, x) * incomplete_beta_fraction(b, a, complement);
}

double regularized_incomplete_beta(double a, double b, double x) {
  if (std::isnan(x)) return kNaN;
  return regularized_incomplete_beta(a, b, x, 1.0 - x);
}

// P(T >= t) = I_{df/(df+t^2)}(df/2, 1/2) / 2 for t > 0; the other side by symmetry.
double student_t_survival(double t, double df) {
  if (std::isnan(t) || std::isnan(df) || !(df > 0.0)) return kNaN;
  if (std::isinf(t)) return t > 0.0 ? 0.0 : 1.0;
  if (std::isinf(df)) return normal_upper_tail(t);
  if (t == 0.0) return 0.5;
  const BetaArgument argument = student_t_beta_argument(t, df);
  const double beyond_abs_t = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, argument.x, argument.complement);
  return t > 0.0 ? beyond_abs_t : 1.0 - beyond_abs_t;
}

// P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2); scipy gets the same quantity from cephes stdtr.
double student_t_two_sided_p(double t, double df) {
  if (std::isnan(t) || std::isnan(df) || !(df > 0.0)) return kNaN;
  if (std::isinf(t)) return 0.0;
  if (std::isinf(df)) return normal_two_sided_p(t);
  const BetaArgument argument = student_t_beta_argument(t, df);
  return regularized_incomplete_beta(df / 2.0, 0.5, argument.x, argument.complement);
}

// 2 * Phi(-|z|).
double normal_two_sided_p(double z) {
  if (std::isnan(z)) return kNaN;
  const double scaled = -std::fabs(z) * M_SQRT1_2;
  const double lower_tail =
      std::fabs(scaled) < M_SQRT1_2 ? 0.5 + 0.5 * std::erf(scaled) : 0.5 * std::erfc(std::fabs(scaled));
  return 2.0 * lower_tail;
}

}  // namespace trenchcoat::meta
