// Bootstrap over items (BOOT-INPUTS of Deutsch et al.
// 2021). There is no reference implementation or vector (MTME has no bootstrap), so the tests check
// the documented behaviour: determinism for a seed, the documented draw scheme, the percentile rule
// (hand-computed numpy.percentile "linear" values), intervals around the point estimate, and the p-value
// of a metric identical to gold against a noisy one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/paired_bootstrap.hpp"

using namespace trenchcoat::meta;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 5 systems x 60 items: gold with a system effect, metric 1 = gold + noise, metric 2 = gold + less noise.
struct Data {
  std::size_t systems = 5, items = 60;
  std::vector<double> gold, noisy, less_noisy;
};

const Data& data() {
  static const Data d = [] {
    Data out;
    std::mt19937_64 generator(42);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (std::size_t s = 0; s < out.systems; ++s) {
      for (std::size_t i = 0; i < out.items; ++i) {
        const double g = 0.5 * static_cast<double>(s) + normal(generator);
        out.gold.push_back(g);
        out.noisy.push_back(g + 1.5 * normal(generator));
        out.less_noisy.push_back(g + 0.3 * normal(generator));
      }
    }
    return out;
  }();
  return d;
}

BootstrapOptions options_with(std::size_t resamples, std::uint64_t seed, bool keep_draws = false) {
  BootstrapOptions options;
  options.resamples = resamples;
  options.seed = seed;
  options.keep_draws = keep_draws;
  return options;
}

}  // namespace

TEST(PairedBootstrapTest, EmpiricalQuantileHandComputed) {
  // numpy.percentile(x, 100 q) with the default "linear" rule on x = [1, 2, 4, 8] (n = 4):
  //   q = 0.25: h = 3 * 0.25 = 0.75, i = 0, g = 0.75 >= 0.5: 2 - (1 - 0.75) * (2 - 1) = 1.75
  //   q = 0.5:  h = 1.5, i = 1, g = 0.5: 4 - 0.5 * (4 - 2) = 3
  //   q = 0.1:  h = 0.30000000000000004, i = 0, g < 0.5: 1 + g * 1 = 1.3 (the double nearest 1.3)
  //   q = 0.9:  h = 2.7000000000000002, i = 2, g = 0.7000000000000002:
  //             8 - (1 - g) * 4 = 8 - 1.1999999999999993 = 6.800000000000001
  //   q = 0 and q = 1: the first and the last value.
  const std::vector<double> x = {1, 2, 4, 8};
  EXPECT_EQ(empirical_quantile(x, 0.25), 1.75);
  EXPECT_EQ(empirical_quantile(x, 0.5), 3.0);
  EXPECT_EQ(empirical_quantile(x, 0.1), 1.3);
  EXPECT_EQ(empirical_quantile(x, 0.9), 6.800000000000001);
  EXPECT_EQ(empirical_quantile(x, 0.0), 1.0);
  EXPECT_EQ(empirical_quantile(x, 1.0), 8.0);
  EXPECT_EQ(empirical_quantile(std::vector<double>{5.0}, 0.3), 5.0);
  EXPECT_THROW(empirical_quantile(std::vector<double>{}, 0.5), trenchcoat::Error);
  EXPECT_THROW(empirical_quantile(x, 1.5), trenchcoat::Error);
  EXPECT_THROW(empirical_quantile(x, kNaN), trenchcoat::Error);
}

TEST(PairedBootstrapTest, DeterministicForSeed) {
  const Data& d = data();
  const auto a = paired_bootstrap(d.gold, d.noisy, d.less_noisy, d.systems, d.items, Grouping::none, Statistic::pearson,
                                  options_with(200, 9, true));
  const auto b = paired_bootstrap(d.gold, d.noisy, d.less_noisy, d.systems, d.items, Grouping::none, Statistic::pearson,
                                  options_with(200, 9, true));
  EXPECT_EQ(a.delta.draws, b.delta.draws);
  EXPECT_EQ(a.metric1.interval.lower, b.metric1.interval.lower);
  EXPECT_EQ(a.delta.interval.upper, b.delta.interval.upper);
  EXPECT_EQ(a.p_value, b.p_value);
  EXPECT_EQ(a.seed, 9u);
  EXPECT_EQ(a.resamples, 200u);
  const auto c = paired_bootstrap(d.gold, d.noisy, d.less_noisy, d.systems, d.items, Grouping::none, Statistic::pearson,
                                  options_with(200, 10, true));
  EXPECT_NE(a.delta.draws, c.delta.draws);
  // Point estimates do not depend on the draws.
  EXPECT_EQ(a.metric1.value, c.metric1.value);
  EXPECT_EQ(a.metric1.value,
            average_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::none, Statistic::pearson).value);
}

TEST(PairedBootstrapTest, FollowsDocumentedDrawScheme) {
  // Resample b = num_items draws of mt19937_64(seed), each x kept when x >= 2^64 mod n, index x mod n;
  // the resampled column c is original column index[c] for every system.
  const Data& d = data();
  const auto result = bootstrap_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::sys, Statistic::spearman,
                                            options_with(3, 77, true));
  std::mt19937_64 generator(77);
  const std::uint64_t n = d.items, rejected_below = (0 - n) % n;
  for (std::size_t b = 0; b < 3; ++b) {
    std::vector<double> gold(d.gold.size()), metric(d.gold.size());
    for (std::size_t c = 0; c < d.items; ++c) {
      std::uint64_t x = generator();
      while (x < rejected_below) x = generator();
      const std::size_t item = static_cast<std::size_t>(x % n);
      for (std::size_t s = 0; s < d.systems; ++s) {
        gold[s * d.items + c] = d.gold[s * d.items + item];
        metric[s * d.items + c] = d.noisy[s * d.items + item];
      }
    }
    EXPECT_EQ(result.correlation.draws[b],
              average_correlation(gold, metric, d.systems, d.items, Grouping::sys, Statistic::spearman).value);
  }
}

TEST(PairedBootstrapTest, IntervalsUsePercentilesOfDraws) {
  const Data& d = data();
  const auto result = bootstrap_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::none, Statistic::pearson,
                                            options_with(101, 3, true));
  std::vector<double> sorted = result.correlation.draws;
  ASSERT_EQ(sorted.size(), 101u);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(result.correlation.interval.lower, empirical_quantile(sorted, (1.0 - 0.95) / 2.0));
  EXPECT_EQ(result.correlation.interval.upper, empirical_quantile(sorted, (1.0 + 0.95) / 2.0));
  EXPECT_EQ(result.confidence_level, 0.95);
}

TEST(PairedBootstrapTest, IntervalContainsPointEstimate) {
  const Data& d = data();
  for (Grouping grouping : {Grouping::none, Grouping::sys, Grouping::item}) {
    for (Statistic statistic : {Statistic::pearson, Statistic::kendall_b}) {
      const auto result = paired_bootstrap(d.gold, d.noisy, d.less_noisy, d.systems, d.items, grouping, statistic,
                                           options_with(300, 1));
      for (const BootstrapEstimate* estimate : {&result.metric1, &result.metric2, &result.delta}) {
        EXPECT_LT(estimate->interval.lower, estimate->value);
        EXPECT_GT(estimate->interval.upper, estimate->value);
      }
      // The less noisy metric is clearly better on this data.
      EXPECT_GT(result.delta.value, 0.0);
      EXPECT_LT(result.p_value, 0.05);
    }
  }
}

TEST(PairedBootstrapTest, MetricEqualToGoldBeatsNoisyMetric) {
  // Corr(gold, gold) = 1 (up to rounding) in every resample and Corr(gold, noisy) < 1, so no delta* is <= 0: p = 0.
  const Data& d = data();
  const auto result = paired_bootstrap(d.gold, d.noisy, d.gold, d.systems, d.items, Grouping::none, Statistic::pearson,
                                       options_with(500, 2));
  EXPECT_EQ(result.p_value, 0.0);
  EXPECT_NEAR(result.metric2.value, 1.0, 1e-15);  // Pearson of gold with itself, up to rounding
  EXPECT_GT(result.delta.interval.lower, 0.0);
  // In the other direction every delta* is negative: p = 1.
  const auto reversed = paired_bootstrap(d.gold, d.gold, d.noisy, d.systems, d.items, Grouping::none,
                                         Statistic::pearson, options_with(500, 2));
  EXPECT_EQ(reversed.p_value, 1.0);
}

TEST(PairedBootstrapTest, MissingGoldStaysMissing) {
  Data d = data();
  for (std::size_t k = 0; k < d.gold.size(); k += 7) d.gold[k] = kNaN;
  const auto result = bootstrap_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::item, Statistic::pearson,
                                            options_with(100, 5, true));
  EXPECT_EQ(result.correlation.value,
            average_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::item, Statistic::pearson).value);
  for (double draw : result.correlation.draws) EXPECT_FALSE(std::isnan(draw));
  EXPECT_LT(result.correlation.interval.lower, result.correlation.interval.upper);
}

TEST(PairedBootstrapTest, ScoreTableFormMatchesFlatForm) {
  const Data& d = data();
  std::vector<std::string> names;
  for (std::size_t s = 0; s < d.systems; ++s) names.push_back("sys" + std::to_string(s));
  ScoreTable gold(names, d.items), noisy(names, d.items), less_noisy(names, d.items);
  for (std::size_t s = 0; s < d.systems; ++s) {
    for (std::size_t i = 0; i < d.items; ++i) {
      gold.set(s, i, d.gold[s * d.items + i]);
      noisy.set(s, i, d.noisy[s * d.items + i]);
      less_noisy.set(s, i, d.less_noisy[s * d.items + i]);
    }
  }
  const auto table = paired_bootstrap(gold, noisy, less_noisy, Grouping::sys, Statistic::pearson, options_with(50, 8));
  const auto flat = paired_bootstrap(d.gold, d.noisy, d.less_noisy, d.systems, d.items, Grouping::sys,
                                     Statistic::pearson, options_with(50, 8));
  EXPECT_EQ(table.delta.interval.lower, flat.delta.interval.lower);
  EXPECT_EQ(table.p_value, flat.p_value);
  ScoreTable other(names, d.items - 1);
  EXPECT_THROW(paired_bootstrap(gold, noisy, other, Grouping::sys, Statistic::pearson), trenchcoat::Error);
  EXPECT_THROW(bootstrap_correlation(gold, other, Grouping::sys, Statistic::pearson), trenchcoat::Error);
}

TEST(PairedBootstrapTest, Errors) {
  // System level: one item per system, nothing to resample.
  const std::vector<double> system_gold = {1, 2, 3}, system_metric = {2, 1, 3};
  EXPECT_THROW(bootstrap_correlation(system_gold, system_metric, 3, 1, Grouping::none, Statistic::pearson),
               trenchcoat::Error);
  EXPECT_THROW(paired_bootstrap(system_gold, system_metric, system_metric, 3, 1, Grouping::none, Statistic::pearson),
               trenchcoat::Error);
  const Data& d = data();
  EXPECT_THROW(bootstrap_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::none, Statistic::pearson,
                                     options_with(0, 1)),
               trenchcoat::Error);
  for (double level : {0.0, 1.0, -0.5, kNaN}) {
    BootstrapOptions options;
    options.confidence_level = level;
    EXPECT_THROW(
        bootstrap_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::none, Statistic::pearson, options),
        trenchcoat::Error);
  }
  EXPECT_THROW(paired_bootstrap(d.gold, d.noisy, system_metric, d.systems, d.items, Grouping::none, Statistic::pearson),
               trenchcoat::Error);
  EXPECT_THROW(bootstrap_correlation(d.gold, d.noisy, d.systems + 1, d.items, Grouping::none, Statistic::pearson),
               trenchcoat::Error);
}

// Progress: told after every resample, 1..B, for both bootstraps.
TEST(PairedBootstrapTest, ProgressIsToldEveryResample) {
  const Data& d = data();
  BootstrapOptions options = options_with(25, 3);
  std::vector<std::size_t> told;
  options.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 25u);
    told.push_back(done);
  };
  bootstrap_correlation(d.gold, d.noisy, d.systems, d.items, Grouping::none, Statistic::pearson, options);
  std::vector<std::size_t> expected(25);
  for (std::size_t b = 0; b < 25; ++b) expected[b] = b + 1;
  EXPECT_EQ(told, expected);
  told.clear();
  paired_bootstrap(d.gold, d.noisy, d.noisy, d.systems, d.items, Grouping::none, Statistic::pearson, options);
  EXPECT_EQ(told, expected);
}
