// Pearson, Spearman, Kendall tau-b / tau-c and weighted tau against tests/fixtures/scipy_vectors.json
// (scipy 1.10.1; the file holds no inputs for the edge cases, they are written out below).
//
// Two kinds of comparison:
// * EXPECT_EQ where scipy's value is a ratio of integer pair counts (tau-b, tau-c) or an exact
//   Kendall p-value (a whole-number sum over n!), and the port repeats scipy's operations in order.
// * expect_relative (1e-12 relative) where scipy's value comes out of floating-point formulas that a
//   reimplementation does not repeat bit for bit: numpy's summation order and BLAS dot / nrm2 for
//   Pearson and Spearman, Boost's incomplete beta and cephes' t distribution for their p-values,
//   cephes' erfc for the asymptotic Kendall p-value, and the merge-sort summation order of scipy's
//   Cython weightedtau (the port sums over pairs directly).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/correlation.hpp"

using namespace trenchcoat::meta;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRelative = 1e-12;

// The file is Python's json.dump output, which writes NaN as a bare NaN token; nlohmann::json
// accepts only standard JSON, so the token is read as null and turned back into NaN by number().
const nlohmann::json& vectors() {
  static const nlohmann::json parsed = nlohmann::json::parse(
      std::regex_replace(trenchcoat::testing::read_file(trenchcoat::testing::fixture_path("scipy_vectors.json")),
                         std::regex(R"(\bNaN\b)"), "null"));
  return parsed;
}

double json_number(const nlohmann::json& v) { return v.is_null() ? kNaN : v.get<double>(); }
double number(const std::string& key) { return json_number(vectors().at(key)); }
double element(const std::string& key, std::size_t i) { return json_number(vectors().at(key).at(i)); }
std::vector<double> array(const std::string& key) { return vectors().at(key).get<std::vector<double>>(); }

// Floating-point formula results: 1e-12 relative to scipy's value; NaN must stay NaN.
void expect_relative(double actual, double expected, const std::string& key) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << key << ": got " << actual;
    return;
  }
  EXPECT_NEAR(actual, expected, kRelative * std::fabs(expected)) << key;
}

void expect_nan(double actual, const std::string& key) {
  ASSERT_TRUE(std::isnan(number(key))) << key << " is expected to hold NaN";
  EXPECT_TRUE(std::isnan(actual)) << key << ": got " << actual;
}

const std::vector<std::string> kWorkedExamples = {"W1", "W2", "W3"};
const std::vector<std::string> kWorkedExampleKeys = {"x",
                                                     "y",
                                                     "kendalltau_b",
                                                     "kendalltau_c",
                                                     "kendalltau_b.asymptotic_p",
                                                     "spearman",
                                                     "pearson",
                                                     "weightedtau.default",
                                                     "weightedtau.rank_None",
                                                     "weightedtau.rank_False",
                                                     "weightedtau.multiplicative",
                                                     "weightedtau.weigher_inv_sq",
                                                     "weightedtau.weigher_const(==tau_b)"};
const std::vector<std::string> kEdgeCaseKeys = {"NAN.kendalltau.propagate",
                                                "NAN.kendalltau.omit",
                                                "NAN.weightedtau(nan=smallest)",
                                                "NAN.weightedtau.equiv",
                                                "CONST.kendalltau",
                                                "CONST.weightedtau",
                                                "N2.kendalltau",
                                                "EXACT.kendalltau",
                                                "EXACT.kendalltau.asym"};

// Inputs of the scipy 1.10.1 edge cases in scipy_vectors.json (the vectors file holds only the results).
const std::vector<double> kNanX = {1, 2, kNaN, 4}, kNanY = {1, 3, 2, 4};
const std::vector<double> kConstX = {1, 1, 1}, kConstY = {1, 2, 3};
const std::vector<double> kTwoX = {1, 2}, kTwoY = {2, 1};
WeightedTauOptions ranked(WeightedTauRank rank, std::vector<std::size_t> given = {}) {
  WeightedTauOptions options;
  options.rank = rank;
  options.given_rank = std::move(given);
  return options;
}
WeightedTauOptions weighed(std::function<double(std::size_t)> weigher) {
  WeightedTauOptions options;
  options.weigher = std::move(weigher);
  return options;
}
WeightedTauOptions multiplicative() {
  WeightedTauOptions options;
  options.additive = false;
  return options;
}

const std::vector<double> kExactX = {1, 2, 3, 4, 5, 6}, kExactY = {2, 1, 4, 3, 6, 5};

}  // namespace

TEST(Correlation, EveryVectorKeyIsChecked) {
  std::set<std::string> checked(kEdgeCaseKeys.begin(), kEdgeCaseKeys.end());
  for (const auto& w : kWorkedExamples)
    for (const auto& suffix : kWorkedExampleKeys) checked.insert(w + "." + suffix);
  std::set<std::string> in_file;
  for (const auto& item : vectors().items()) in_file.insert(item.key());
  EXPECT_EQ(in_file, checked);
}

TEST(Correlation, KendallTauOnWorkedExamples) {
  for (const auto& w : kWorkedExamples) {
    const auto x = array(w + ".x"), y = array(w + ".y");
    const auto b = kendall_tau(x, y, KendallVariant::b);
    const auto c = kendall_tau(x, y, KendallVariant::c);
    // Statistics: integer pair counts with scipy's operations in scipy's order, hence EXPECT_EQ.
    EXPECT_EQ(b.statistic, element(w + ".kendalltau_b", 0)) << w + ".kendalltau_b";
    EXPECT_EQ(c.statistic, element(w + ".kendalltau_c", 0)) << w + ".kendalltau_c";
    // W1 and W3 have ties, so 'auto' takes the normal approximation (erfc: relative tolerance);
    // W2 has none and n = 8, so 'auto' takes the exact distribution (a whole-number count over 8!:
    // EXPECT_EQ).
    const auto asymptotic = kendall_tau(x, y, KendallVariant::b, KendallMethod::asymptotic);
    expect_relative(asymptotic.p_value, number(w + ".kendalltau_b.asymptotic_p"), w + ".kendalltau_b.asymptotic_p");
    if (w == "W2") {
      EXPECT_EQ(b.p_value, element(w + ".kendalltau_b", 1)) << w + ".kendalltau_b p (exact)";
      EXPECT_EQ(c.p_value, element(w + ".kendalltau_c", 1)) << w + ".kendalltau_c p (exact)";
      EXPECT_EQ(kendall_tau(x, y, KendallVariant::b, KendallMethod::exact).p_value, element(w + ".kendalltau_b", 1))
          << w + ".kendalltau_b p (method exact)";
    } else {
      expect_relative(b.p_value, element(w + ".kendalltau_b", 1), w + ".kendalltau_b p");
      expect_relative(c.p_value, element(w + ".kendalltau_c", 1), w + ".kendalltau_c p");
      EXPECT_THROW(kendall_tau(x, y, KendallVariant::b, KendallMethod::exact), trenchcoat::Error) << w << " has ties";
    }
  }
}

TEST(Correlation, SpearmanAndPearsonOnWorkedExamples) {
  for (const auto& w : kWorkedExamples) {
    const auto x = array(w + ".x"), y = array(w + ".y");
    // Sums, square roots and incomplete-beta p-values: relative tolerance (see the file comment).
    const auto s = spearman(x, y);
    expect_relative(s.statistic, element(w + ".spearman", 0), w + ".spearman r");
    expect_relative(s.p_value, element(w + ".spearman", 1), w + ".spearman p");
    const auto p = pearson(x, y);
    expect_relative(p.statistic, element(w + ".pearson", 0), w + ".pearson r");
    expect_relative(p.p_value, element(w + ".pearson", 1), w + ".pearson p");
  }
}

TEST(Correlation, WeightedTauOnWorkedExamples) {
  const auto inverse_square = [](std::size_t r) { return 1.0 / ((r + 1.0) * (r + 1.0)); };
  const auto constant = [](std::size_t) { return 1.0; };
  for (const auto& w : kWorkedExamples) {
    const auto x = array(w + ".x"), y = array(w + ".y");
    // Sums of float weights in a different order from scipy's Cython code: relative tolerance.
    expect_relative(weighted_tau(x, y), number(w + ".weightedtau.default"), w + ".weightedtau.default");
    expect_relative(weighted_tau(x, y, ranked(WeightedTauRank::by_x_then_y)), number(w + ".weightedtau.rank_None"),
                    w + ".weightedtau.rank_None");
    expect_relative(weighted_tau(x, y, ranked(WeightedTauRank::by_index)), number(w + ".weightedtau.rank_False"),
                    w + ".weightedtau.rank_False");
    expect_relative(weighted_tau(x, y, multiplicative()), number(w + ".weightedtau.multiplicative"),
                    w + ".weightedtau.multiplicative");
    expect_relative(weighted_tau(x, y, weighed(inverse_square)), number(w + ".weightedtau.weigher_inv_sq"),
                    w + ".weightedtau.weigher_inv_sq");
    expect_relative(weighted_tau(x, y, weighed(constant)), number(w + ".weightedtau.weigher_const(==tau_b)"),
                    w + ".weightedtau.weigher_const(==tau_b)");
    // rank=False is the given rank 0, 1, ..., n-1.
    std::vector<std::size_t> identity(x.size());
    for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = i;
    expect_relative(weighted_tau(x, y, ranked(WeightedTauRank::given, identity)), number(w + ".weightedtau.rank_False"),
                    w + ".weightedtau.rank_False (given ranks)");
  }
}

TEST(Correlation, NanInput) {
  // NAN.kendalltau.propagate: scipy's default policy makes the result NaN.
  const auto propagated = kendall_tau(kNanX, kNanY);
  expect_nan(propagated.statistic, "NAN.kendalltau.propagate");
  EXPECT_TRUE(std::isnan(propagated.p_value));
  // NAN.kendalltau.omit: [1,2,4] vs [1,3,4] is perfectly concordant; 3 / sqrt(3) / sqrt(3) is
  // exactly 1 in doubles, so EXPECT_EQ.
  EXPECT_EQ(kendall_tau(kNanX, kNanY, KendallVariant::b, KendallMethod::auto_, NanPolicy::omit).statistic,
            number("NAN.kendalltau.omit"))
      << "NAN.kendalltau.omit";
  EXPECT_THROW(kendall_tau(kNanX, kNanY, KendallVariant::c, KendallMethod::auto_, NanPolicy::omit), trenchcoat::Error);
  // NAN.weightedtau(nan=smallest) and NAN.weightedtau.equiv (NaN replaced by -1e300): float sums,
  // relative tolerance.
  expect_relative(weighted_tau(kNanX, kNanY), number("NAN.weightedtau(nan=smallest)"), "NAN.weightedtau(nan=smallest)");
  const std::vector<double> nan_as_very_small = {1, 2, -1e300, 4};
  expect_relative(weighted_tau(nan_as_very_small, kNanY), number("NAN.weightedtau.equiv"), "NAN.weightedtau.equiv");
  // Pearson and Spearman propagate NaN.
  EXPECT_TRUE(std::isnan(pearson(kNanX, kNanY).statistic));
  EXPECT_TRUE(std::isnan(spearman(kNanX, kNanY).p_value));
}

TEST(Correlation, ConstantInput) {
  const auto tau = kendall_tau(kConstX, kConstY);
  expect_nan(tau.statistic, "CONST.kendalltau");
  EXPECT_TRUE(std::isnan(tau.p_value)) << "CONST.kendalltau";
  expect_nan(weighted_tau(kConstX, kConstY), "CONST.weightedtau");
  EXPECT_TRUE(std::isnan(pearson(kConstX, kConstY).statistic));
  EXPECT_TRUE(std::isnan(spearman(kConstY, kConstX).p_value));
}

TEST(Correlation, TwoObservations) {
  // N2.kendalltau: tau = -1 / sqrt(1) / sqrt(1) and the exact p of n = 2 is 1: both exact.
  const auto tau = kendall_tau(kTwoX, kTwoY);
  EXPECT_EQ(tau.statistic, element("N2.kendalltau", 0)) << "N2.kendalltau";
  EXPECT_EQ(tau.p_value, element("N2.kendalltau", 1)) << "N2.kendalltau";
  // scipy pearsonr with n = 2: r = +-1, p = 1. scipy's Spearman gives p = NaN (t is 0/0).
  const auto r = pearson(kTwoX, kTwoY);
  EXPECT_EQ(r.statistic, -1.0);
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_TRUE(std::isnan(spearman(kTwoX, kTwoY).p_value));
}

TEST(Correlation, ExactKendallPValue) {
  // EXACT.kendalltau: no ties, n = 6, so 'auto' is exact; tau = 9 / sqrt(15) / sqrt(15) and
  // p = 2 * 49 / 6!, both reproduced operation for operation: EXPECT_EQ.
  const auto tau = kendall_tau(kExactX, kExactY);
  EXPECT_EQ(tau.statistic, element("EXACT.kendalltau", 0)) << "EXACT.kendalltau";
  EXPECT_EQ(tau.p_value, element("EXACT.kendalltau", 1)) << "EXACT.kendalltau";
  // EXACT.kendalltau.asym: normal approximation through erfc: relative tolerance.
  expect_relative(kendall_tau(kExactX, kExactY, KendallVariant::b, KendallMethod::asymptotic).p_value,
                  number("EXACT.kendalltau.asym"), "EXACT.kendalltau.asym");
}

TEST(Correlation, DegenerateAndMismatchedInput) {
  const std::vector<double> empty, one = {1.0}, two = {1.0, 2.0};
  EXPECT_TRUE(std::isnan(kendall_tau(empty, empty).statistic));
  EXPECT_TRUE(std::isnan(kendall_tau(one, one).p_value));
  EXPECT_TRUE(std::isnan(pearson(one, one).statistic));
  EXPECT_TRUE(std::isnan(spearman(empty, empty).statistic));
  EXPECT_TRUE(std::isnan(weighted_tau(one, one)));
  EXPECT_THROW(pearson(one, two), trenchcoat::Error);
  EXPECT_THROW(spearman(one, two), trenchcoat::Error);
  EXPECT_THROW(kendall_tau(one, two), trenchcoat::Error);
  EXPECT_THROW(weighted_tau(one, two), trenchcoat::Error);
  EXPECT_THROW(weighted_tau(two, two, ranked(WeightedTauRank::given, {0})), trenchcoat::Error);
}
