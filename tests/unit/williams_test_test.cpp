// Williams test against tests/fixtures/corr_vectors.json keys
// WILL, WILL.two_sided and WILL.none_item (mt-metrics-eval WilliamsTest / WilliamsSigDiff; inputs
// written out below), and the distribution tails of distributions.hpp it rests on.
//
// The reference's correlations come out of numpy sums and its p-value out of scipy's t tail, neither
// repeated bit for bit here, so values are compared to 1e-12 relative. The distribution checks use
// closed forms (t with 1 and 2 degrees of freedom, beta with a unit shape) at 1e-14 relative.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/distributions.hpp"
#include "trenchcoat/meta/williams_test.hpp"

using namespace trenchcoat::meta;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kRelative = 1e-12;

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("corr_vectors.json");
  return parsed;
}

void expect_relative(double actual, double expected, double relative, const std::string& what) {
  EXPECT_NEAR(actual, expected, relative * std::fabs(expected)) << what;
}

// Inputs of WILL and WILL.two_sided (complete data, Pearson, no grouping).
const std::vector<double> kGold = {1, 2, 3, 4, 5};
const std::vector<double> kMetric1 = {1.1, 2, 3.1, 4, 5.1};
const std::vector<double> kMetric2 = {1.5, 2, 3.1, 4, 5.5};

// Inputs of WILL.none_item: missing gold, S = 3 systems x 2 items, item grouping.
const std::vector<double> kGoldMissing = {1, kNaN, 3, 4, 5, 6};
const std::vector<double> kMetric1Missing = {1, 2, 3, 3, 7, 3};
const std::vector<double> kMetric2Missing = {2, 1, 2, 6, 8, 8};

}  // namespace

TEST(WilliamsTest, FormulaOnReferenceCorrelations) {
  // corr_vectors.json "WILL" = [p one-sided, r12, r13, r23] (mt-metrics-eval WilliamsTest, n = 5).
  const auto& will = vectors().at("WILL");
  const double r12 = will[1].get<double>(), r13 = will[2].get<double>(), r23 = will[3].get<double>();
  expect_relative(williams_test(r12, r13, r23, 5), will[0].get<double>(), kRelative, "WILL p");
  // corr_vectors.json "WILL.two_sided" (one_sided=False).
  expect_relative(williams_test(r12, r13, r23, 5, false), vectors().at("WILL.two_sided").get<double>(), kRelative,
                  "WILL.two_sided");
  // The test is symmetric in the two metrics: swapping them gives the same p.
  EXPECT_EQ(williams_test(r13, r12, r23, 5), williams_test(r12, r13, r23, 5));
}

TEST(WilliamsTest, SigDiffCompleteData) {
  // corr_vectors.json "WILL": r1 = corr(gold, m1), r2 = corr(gold, m2), r12 = corr(m1, m2).
  const auto& will = vectors().at("WILL");
  for (const auto& [systems, items] : {std::pair<std::size_t, std::size_t>{1, 5}, {5, 1}}) {
    const WilliamsResult result = williams_sig_diff(kGold, kMetric1, kMetric2, systems, items);
    expect_relative(result.p_value, will[0].get<double>(), kRelative, "WILL p");
    expect_relative(result.r1, will[1].get<double>(), kRelative, "WILL r12");
    expect_relative(result.r2, will[2].get<double>(), kRelative, "WILL r13");
    expect_relative(result.r12, will[3].get<double>(), kRelative, "WILL r23");
    EXPECT_EQ(result.n, 5.0);
  }
  const WilliamsResult two_sided =
      williams_sig_diff(kGold, kMetric1, kMetric2, 1, 5, Grouping::none, Statistic::pearson, {}, false);
  expect_relative(two_sided.p_value, vectors().at("WILL.two_sided").get<double>(), kRelative, "WILL.two_sided");
}

TEST(WilliamsTest, SigDiffMissingGoldItemGrouping) {
  // corr_vectors.json "WILL.none_item" = [p, r1, r2, r23] with n = 6: r23 = corr(m1, m2)
  // is averaged over both items with all three systems, because only missing m1 values are filtered.
  const auto& will = vectors().at("WILL.none_item");
  const WilliamsResult result = williams_sig_diff(kGoldMissing, kMetric1Missing, kMetric2Missing, 3, 2, Grouping::item);
  expect_relative(result.p_value, will[0].get<double>(), kRelative, "WILL.none_item p");
  expect_relative(result.r1, will[1].get<double>(), kRelative, "WILL.none_item r1");
  expect_relative(result.r2, will[2].get<double>(), kRelative, "WILL.none_item r2");
  expect_relative(result.r12, will[3].get<double>(), kRelative, "WILL.none_item r23");
  EXPECT_EQ(result.n, 6.0);  // len(gold), the missing entry included (as WilliamsSigDiff counts it)
}

TEST(WilliamsTest, ScoreTableFormMatchesFlatForm) {
  ScoreTable gold({"a", "b", "c"}, 2), m1({"a", "b", "c"}, 2), m2({"a", "b", "c"}, 2);
  for (std::size_t s = 0; s < 3; ++s) {
    for (std::size_t i = 0; i < 2; ++i) {
      gold.set(s, i, kGoldMissing[s * 2 + i]);
      m1.set(s, i, kMetric1Missing[s * 2 + i]);
      m2.set(s, i, kMetric2Missing[s * 2 + i]);
    }
  }
  const WilliamsResult table = williams_sig_diff(gold, m1, m2, Grouping::item);
  const WilliamsResult flat = williams_sig_diff(kGoldMissing, kMetric1Missing, kMetric2Missing, 3, 2, Grouping::item);
  EXPECT_EQ(table.p_value, flat.p_value);
  EXPECT_EQ(table.r12, flat.r12);
  ScoreTable other({"a", "b", "x"}, 2);
  EXPECT_THROW(williams_sig_diff(gold, m1, other, Grouping::item), trenchcoat::Error);
}

TEST(WilliamsTest, EdgeCases) {
  // Equal correlations: t = 0, so p = sf(0) = 0.5 one-sided and 1 two-sided.
  EXPECT_EQ(williams_test(0.8, 0.8, 0.5, 20), 0.5);
  EXPECT_EQ(williams_test(0.8, 0.8, 0.5, 20, false), 1.0);
  // n <= 3 leaves no degrees of freedom; NaN anywhere propagates.
  EXPECT_TRUE(std::isnan(williams_test(0.9, 0.8, 0.5, 3)));
  EXPECT_TRUE(std::isnan(williams_test(kNaN, 0.8, 0.5, 20)));
  EXPECT_TRUE(std::isnan(williams_test(0.9, 0.8, 0.5, kNaN)));
  // A larger sample makes the same difference more significant.
  EXPECT_LT(williams_test(0.9, 0.8, 0.7, 200), williams_test(0.9, 0.8, 0.7, 20));
  EXPECT_THROW(williams_sig_diff(kGold, kMetric1, std::vector<double>{1, 2}, 1, 5), trenchcoat::Error);
  EXPECT_THROW(williams_sig_diff(kGold, kMetric1, kMetric2, 2, 5), trenchcoat::Error);
}

TEST(DistributionsTest, StudentTClosedForms) {
  // df = 1 (Cauchy): P(T >= t) = 1/2 - atan(t) / pi = atan(1 / t) / pi for t > 0.
  // df = 2: P(T >= t) = 1/2 - t / (2 sqrt(2 + t^2)) = 1 / (r (r + t)) with r = sqrt(2 + t^2), t >= 0.
  // (The second forms avoid cancellation in the upper tail.)
  auto cauchy = [](double t) { return t > 0.0 ? std::atan(1.0 / t) / M_PI : 0.5 - std::atan(t) / M_PI; };
  auto df2 = [](double t) {
    const double r = std::sqrt(2.0 + t * t);
    return t >= 0.0 ? 1.0 / (r * (r + t)) : 0.5 - t / (2.0 * r);
  };
  for (double t : {-30.0, -3.0, -0.7, 0.25, 1.0, 2.5, 12.0, 400.0}) {
    expect_relative(student_t_survival(t, 1.0), cauchy(t), 1e-14, "df 1, t " + std::to_string(t));
    expect_relative(student_t_survival(t, 2.0), df2(t), 1e-14, "df 2, t " + std::to_string(t));
    expect_relative(student_t_two_sided_p(t, 1.0), 2.0 * student_t_survival(std::fabs(t), 1.0), 1e-15,
                    "two-sided df 1, t " + std::to_string(t));
    // The two tails add up to one.
    EXPECT_NEAR(student_t_survival(t, 7.5) + student_t_survival(-t, 7.5), 1.0, 1e-15);
  }
  EXPECT_EQ(student_t_survival(0.0, 4.0), 0.5);
  EXPECT_EQ(student_t_survival(kInf, 4.0), 0.0);
  EXPECT_EQ(student_t_survival(-kInf, 4.0), 1.0);
  EXPECT_EQ(student_t_two_sided_p(kInf, 4.0), 0.0);
  EXPECT_TRUE(std::isnan(student_t_survival(kNaN, 4.0)));
  EXPECT_TRUE(std::isnan(student_t_survival(1.0, 0.0)));
  EXPECT_TRUE(std::isnan(student_t_two_sided_p(1.0, -1.0)));
  // Far tail with df = 1: sf(t) = atan(1 / t) / pi ~ 1 / (pi t), also where t^2 overflows (|t| > 1e150).
  expect_relative(student_t_survival(1e100, 1.0), 1.0 / (M_PI * 1e100), 1e-13, "df 1, t 1e100");
  expect_relative(student_t_survival(1e152, 1.0), 1.0 / (M_PI * 1e152), 1e-13, "df 1, t 1e152");
  expect_relative(student_t_survival(-1e152, 1.0), 1.0, 1e-15, "df 1, t -1e152");
  // df = infinity is the normal tail: P(Z >= 1.959963984540054) = 0.025 (the 97.5% quantile).
  expect_relative(student_t_survival(1.959963984540054, kInf), 0.025, 1e-14, "normal tail");
}

TEST(DistributionsTest, BetaAndNormal) {
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b.
  for (double x : {0.0, 0.1, 0.5, 0.93, 1.0}) {
    EXPECT_NEAR(regularized_incomplete_beta(1.0, 1.0, x), x, 1e-15) << x;
    EXPECT_NEAR(regularized_incomplete_beta(3.5, 1.0, x), std::pow(x, 3.5), 1e-15) << x;
    EXPECT_NEAR(regularized_incomplete_beta(1.0, 4.0, x), 1.0 - std::pow(1.0 - x, 4.0), 1e-15) << x;
  }
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(0.0, 1.0, 0.5)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1.0, 1.0, kNaN)));
  // 2 (1 - Phi(1.959963984540054)) = 0.05; Phi(0) = 1/2.
  expect_relative(normal_two_sided_p(1.959963984540054), 0.05, 1e-14, "normal 1.96");
  expect_relative(normal_two_sided_p(-1.959963984540054), 0.05, 1e-14, "normal -1.96");
  EXPECT_EQ(normal_two_sided_p(0.0), 1.0);
  EXPECT_TRUE(std::isnan(normal_two_sided_p(kNaN)));
}
