#pragma once
// Special functions and distribution tails behind the p-values of the meta-evaluation statistics:
// the regularized incomplete beta function, Student's t upper tail and two-sided p-value, and the
// two-sided p-value of a standard normal z. They stand in for scipy.special.betainc,
// scipy.stats.t.sf and scipy.stats.norm.sf (scipy 1.10) as used by correlation.hpp
// and williams_test.hpp.
//
// Accuracy: about 1e-15 relative for moderate arguments and within 2e-13 relative even in far
// tails (p < 1e-100), from comparisons with scipy 1.10.1. The incomplete beta is a continued
// fraction (modified Lentz) with a Stirling-series prefactor; see distributions.cpp.
//
// Far tails of t: once df / t^2 drops below the smallest normal double (about 2e-308; |t| > 1e154
// for df = 1) the argument of the incomplete beta underflows and the tail comes out as 0.
//
// Edge cases never throw: a NaN argument gives NaN, and so do shape parameters or degrees of
// freedom that are not positive. Infinite t or z give the limiting tails (0 or 1).
namespace trenchcoat::meta {

// I_x(a, b), the regularized incomplete beta function (scipy.special.betainc(a, b, x)), for a, b > 0.
// x <= 0 gives 0 and x >= 1 gives 1.
double regularized_incomplete_beta(double a, double b, double x);

// The same with the complement 1 - x passed by the caller. Use it when 1 - x is known more
// precisely than the subtraction would give (e.g. t^2 / (df + t^2) next to df / (df + t^2)): the
// side of the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) that is evaluated reads only the argument it
// needs, so no digits are lost to cancellation. x <= 0 gives 0; complement <= 0 gives 1.
double regularized_incomplete_beta(double a, double b, double x, double complement);

// Upper tail of Student's t with df degrees of freedom: P(T >= t) (scipy.stats.t.sf(t, df)).
// Valid for either sign of t: t = 0 gives 0.5, t < 0 gives 1 - P(T >= -t), t = +inf gives 0 and
// t = -inf gives 1. df = +inf is the standard normal tail. NaN if t or df is NaN or df <= 0.
double student_t_survival(double t, double df);

// Two-sided p-value of a t statistic with df degrees of freedom: P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2)
// (scipy gets it from cephes stdtr). Infinite t gives 0. NaN if t or df is NaN or df <= 0.
double student_t_two_sided_p(double t, double df);

// Two-sided p-value of a standard normal z: 2 * Phi(-|z|), evaluated like cephes ndtr (behind
// scipy.stats.norm.sf): 0.5 + 0.5 erf near zero, 0.5 erfc in the tail. NaN for NaN.
double normal_two_sided_p(double z);

}  // namespace trenchcoat::meta
