// Percentile bootstrap intervals of means (bootstrap_mean.hpp): hand-checkable cases and errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "test_support.hpp"
#include "trenchcoat/meta/bootstrap_mean.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

TEST(BootstrapMean, DegenerateAndPairedIntervals) {
  const auto c = bootstrap_mean_intervals({{2, 2, 2, 2}}, 100, 0.95, 1);
  EXPECT_EQ(c[0].mean, 2.0);  // (2 + 2 + 2 + 2) / 4
  EXPECT_EQ(c[0].interval.lower, 2.0);
  EXPECT_EQ(c[0].interval.upper, 2.0);
  const auto one = bootstrap_mean_intervals({{0.25}}, 10, 0.9, 0);
  EXPECT_EQ(one[0].interval.lower, 0.25);  // n = 1: every resample is the item itself
  EXPECT_EQ(one[0].interval.upper, 0.25);
  // Paired series share the draws: a series and its negation have mirrored intervals, exactly.
  const std::vector<double> a = {0, 1, 1, 0, 1, 1, 1, 0, 1, 1};
  std::vector<double> neg;
  for (double v : a) neg.push_back(-v);
  const auto p = bootstrap_mean_intervals({a, neg}, 500, 0.9, 7);
  EXPECT_EQ(p[0].mean, 0.7);  // 7 / 10
  EXPECT_EQ(p[1].interval.lower, -p[0].interval.upper);
  EXPECT_EQ(p[1].interval.upper, -p[0].interval.lower);
  EXPECT_LE(p[0].interval.lower, 0.7);
  EXPECT_GE(p[0].interval.upper, 0.7);
  // Deterministic under the seed.
  const auto q = bootstrap_mean_intervals({a}, 500, 0.9, 7);
  EXPECT_EQ(q[0].interval.lower, p[0].interval.lower);
}

TEST(BootstrapMean, SharesOfResampledMeansOnEachSideOfZero) {
  // All positive: no resampled mean is at most 0, all are at least 0.
  const auto pos = bootstrap_mean_intervals({{1, 2, 3}}, 200, 0.95, 3);
  EXPECT_EQ(pos[0].share_at_most_zero, 0.0);
  EXPECT_EQ(pos[0].share_at_least_zero, 1.0);
  // All zero: every resampled mean is exactly 0, so it counts on both sides.
  const auto zero = bootstrap_mean_intervals({{0, 0}}, 50, 0.95, 3);
  EXPECT_EQ(zero[0].share_at_most_zero, 1.0);
  EXPECT_EQ(zero[0].share_at_least_zero, 1.0);
  // n = 1 with -1: every resample is -1.
  EXPECT_EQ(bootstrap_mean_intervals({{-1}}, 10, 0.9, 0)[0].share_at_most_zero, 1.0);
  // {-1, 1}: a resample of two draws has mean -1, 0 or 1; the draws are the same for a series and its
  // negation, so their shares mirror exactly, and a mean of 0 counts on both sides of each.
  const auto m = bootstrap_mean_intervals({{-1, 1}, {1, -1}}, 400, 0.9, 11);
  EXPECT_EQ(m[0].share_at_most_zero, m[1].share_at_least_zero);
  EXPECT_EQ(m[0].share_at_least_zero, m[1].share_at_most_zero);
  EXPECT_GT(m[0].share_at_most_zero + m[0].share_at_least_zero, 1.0);  // the zero means counted twice
}

TEST(BootstrapMean, Errors) {
  EXPECT_EQ(error_of([] { bootstrap_mean_intervals({}, 10, 0.9, 0); }), "bootstrap: no series");
  EXPECT_EQ(error_of([] {
              bootstrap_mean_intervals({{1, 2}, {1}}, 10, 0.9, 0);
            }),
            "bootstrap: the series differ in length");
  EXPECT_EQ(error_of([] { bootstrap_mean_intervals({{}}, 10, 0.9, 0); }), "bootstrap: no items");
  EXPECT_EQ(error_of([] {
              bootstrap_mean_intervals({{1, std::nan("")}}, 10, 0.9, 0);
            }),
            "bootstrap: a value is not a finite number");
  EXPECT_EQ(error_of([] { bootstrap_mean_intervals({{1}}, 0, 0.9, 0); }),
            "bootstrap: the number of resamples must be at least 1");
  EXPECT_EQ(error_of([] { bootstrap_mean_intervals({{1}}, 10, 1.0, 0); }),
            "bootstrap: the confidence level must lie in (0, 1)");
}

TEST(BootstrapMean, ProgressIsToldEveryResample) {
  std::vector<std::size_t> told;
  bootstrap_mean_intervals({{1, 2, 3}}, 4, 0.9, 0, [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 4u);
    told.push_back(done);
  });
  EXPECT_EQ(told, (std::vector<std::size_t>{1, 2, 3, 4}));
}
