// Grouped (averaged) correlations and the Kendall variants of "Ties Matter" against
// tests/fixtures/corr_vectors.json (computed with mt-metrics-eval git 68a481a; the file holds only the
// results, the inputs V1-V5 and PDP are written out below).
//
// Two kinds of comparison:
// * EXPECT_EQ where the reference's value is a ratio of integer pair counts (tau_23, acc_23, the
//   pair counts themselves, tau-c, scipy's tau-b) or a mean of such ratios summed in the same group
//   order.
// * expect_relative (1e-12 relative) where the value comes out of floating-point formulas that are
//   not repeated bit for bit: numpy's summation order for Pearson / Spearman and their p-values,
//   tau-b from counts (the reference's root order is not specified), and the pooled pdp vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"

using namespace trenchcoat::meta;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRelative = 1e-12;

const nlohmann::json& vectors() {
  static const nlohmann::json parsed =
      nlohmann::json::parse(trenchcoat::testing::read_file(trenchcoat::testing::fixture_path("corr_vectors.json")));
  return parsed;
}
double number(const std::string& key) { return vectors().at(key).get<double>(); }

void expect_relative(double actual, double expected, const std::string& key) {
  EXPECT_NEAR(actual, expected, kRelative * std::fabs(expected)) << key;
}

// A systems x items table from a flat system-major vector (NaN = missing gold), systems named s0, s1...
ScoreTable table(std::size_t num_systems, const std::vector<double>& flat) {
  std::vector<std::string> names;
  for (std::size_t s = 0; s < num_systems; ++s) names.push_back("s" + std::to_string(s));
  const std::size_t num_items = flat.size() / num_systems;
  ScoreTable out(names, num_items);
  for (std::size_t s = 0; s < num_systems; ++s)
    for (std::size_t i = 0; i < num_items; ++i) out.set(s, i, flat[s * num_items + i]);
  return out;
}

struct Dataset {
  ScoreTable gold, metric;
};

// Inputs of the V1-V5 vectors in corr_vectors.json (the vectors file holds only the results).
const Dataset& v1() {  // S = 2
  static const Dataset d{table(2, {1, 2, 3, 4, 5, 6}), table(2, {2, 1, 4, 3, 3, 7})};
  return d;
}
const Dataset& v4() {  // S = 3, 4 items, two missing gold values
  static const Dataset d{table(3, {1, 2, kNaN, 4, 2, 2, 3, 5, 3, kNaN, 1, 6}),
                         table(3, {0.1, 0.4, 0.3, 0.9, 0.2, 0.2, 0.5, 0.7, 0.3, 0.8, 0.1, 0.6})};
  return d;
}
const Dataset& v5() {  // S = 3, 4 items, integer metric
  static const Dataset d{table(3, {0, -1, -5, kNaN, 0, -2, -5, -1, -3, -2, kNaN, -1}),
                         table(3, {10, 8, 3, 7, 9, 8, 2, 7, 4, 7, 5, 9})};
  return d;
}
const std::vector<double> kV2Gold = {1, 2, 2, 3, 4}, kV2Metric = {2, 1, 1.5, 5, 3};
const std::vector<double> kV3Gold = {1, 1, 1, 2, 2, 3, 4}, kV3Metric = {1, 1, 2, 2, 4, 3, 3};

const char* grouping_name(Grouping g) {
  switch (g) {
    case Grouping::none:
      return "none";
    case Grouping::item:
      return "item";
    case Grouping::sys:
      return "sys";
  }
  return "";
}
const std::vector<Grouping> kGroupings = {Grouping::none, Grouping::sys, Grouping::item};

double averaged(const Dataset& d, Grouping g, Statistic s, AverageOptions options = {}) {
  return average_correlation(d.gold, d.metric, g, s, options).value;
}

void expect_counts(const KendallPairCounts& counts, const std::string& key) {
  const std::vector<std::int64_t> expected = vectors().at(key).get<std::vector<std::int64_t>>();
  ASSERT_EQ(expected.size(), 5u) << key;
  EXPECT_EQ(counts.concordant, expected[0]) << key;
  EXPECT_EQ(counts.discordant, expected[1]) << key;
  EXPECT_EQ(counts.ties_gold_only, expected[2]) << key;
  EXPECT_EQ(counts.ties_metric_only, expected[3]) << key;
  EXPECT_EQ(counts.ties_both, expected[4]) << key;
}

// ---------------------------------------------------------------------------------------------
// Pair counts and variants on single vectors (mt-metrics-eval's KendallVariants)

TEST(KendallVariants, V2PairCountsAndVariants) {
  expect_counts(count_kendall_pairs(kV2Gold, kV2Metric), "V2.suff");
  expect_counts(count_kendall_pairs(kV2Gold, kV2Metric, 2.0), "V2.suff_eps2");
  // V2.b: tau-b from counts; the reference's root order is not specified.
  expect_relative(kendall_variant(kV2Gold, kV2Metric, TiesKendallVariant::b), number("V2.b"), "V2.b");
  EXPECT_EQ(kendall_variant(kV2Gold, kV2Metric, TiesKendallVariant::c), number("V2.c")) << "V2.c";
  EXPECT_EQ(kendall_variant(kV2Gold, kV2Metric, TiesKendallVariant::tau23), number("V2.23")) << "V2.23";
  EXPECT_EQ(kendall_variant(kV2Gold, kV2Metric, TiesKendallVariant::acc23), number("V2.acc23")) << "V2.acc23";
  EXPECT_EQ(kendall_variant(kV2Gold, kV2Metric, TiesKendallVariant::acc23, 2.0), number("V2.acc23.eps2"))
      << "V2.acc23.eps2";
  EXPECT_EQ(kendall_variant(kV2Gold, kV2Metric, TiesKendallVariant::tau23, 2.0), number("V2.23.eps2")) << "V2.23.eps2";
}

TEST(KendallVariants, V3PairCountsAndVariants) {
  expect_counts(count_kendall_pairs(kV3Gold, kV3Metric), "V3.suff");
  expect_counts(count_kendall_pairs(kV3Gold, kV3Metric, 1.0), "V3.suff_eps1");
  expect_relative(kendall_variant(kV3Gold, kV3Metric, TiesKendallVariant::b), number("V3.b"), "V3.b");
  EXPECT_EQ(kendall_variant(kV3Gold, kV3Metric, TiesKendallVariant::c), number("V3.c")) << "V3.c";
  EXPECT_EQ(kendall_variant(kV3Gold, kV3Metric, TiesKendallVariant::tau23), number("V3.23")) << "V3.23";
  EXPECT_EQ(kendall_variant(kV3Gold, kV3Metric, TiesKendallVariant::acc23), number("V3.acc23")) << "V3.acc23";
  EXPECT_EQ(kendall_variant(kV3Gold, kV3Metric, TiesKendallVariant::tau23, 1.0), number("V3.23.eps1")) << "V3.23.eps1";
  EXPECT_EQ(kendall_variant(kV3Gold, kV3Metric, TiesKendallVariant::acc23, 1.0), number("V3.acc23.eps1"))
      << "V3.acc23.eps1";
}

TEST(KendallVariants, EpsilonAppliesToMetricOnly) {
  // KendallVariants: gold ties are exact; swapping the arguments changes the counts once epsilon > 0.
  const KendallPairCounts forward = count_kendall_pairs(kV2Gold, kV2Metric, 2.0);
  const KendallPairCounts swapped = count_kendall_pairs(kV2Metric, kV2Gold, 2.0);
  EXPECT_NE(forward.ties_metric_only, swapped.ties_gold_only);
  EXPECT_EQ(forward.total(), 10);
}

TEST(KendallVariants, DegenerateAndMisuse) {
  const std::vector<double> constant = {1, 1, 1}, rising = {1, 2, 3};
  EXPECT_TRUE(std::isnan(kendall_variant(constant, rising, TiesKendallVariant::b)));  // every pair gold-tied
  EXPECT_TRUE(std::isnan(kendall_variant(rising, constant, TiesKendallVariant::c)));  // one metric class
  EXPECT_EQ(kendall_variant(constant, constant, TiesKendallVariant::acc23), 1.0);     // all tied on both sides
  EXPECT_TRUE(std::isnan(kendall_variant(std::vector<double>{1}, std::vector<double>{1}, TiesKendallVariant::acc23)));
  EXPECT_THROW(kendall_variant(rising, rising, TiesKendallVariant::c, 0.5), trenchcoat::Error);
  EXPECT_THROW(count_kendall_pairs(rising, constant, -1.0), trenchcoat::Error);
  EXPECT_THROW(count_kendall_pairs(rising, std::vector<double>{1, 2}), trenchcoat::Error);
}

// ---------------------------------------------------------------------------------------------
// Grouped averages (mt-metrics-eval's AverageCorrelation)

TEST(GroupedCorrelation, V1AllStatisticsAndGroupings) {
  for (Grouping g : kGroupings) {
    const std::string suffix = std::string(".") + grouping_name(g);
    // V1.pearson.*, V1.spearman.*: floating-point formulas.
    expect_relative(averaged(v1(), g, Statistic::pearson), number("V1.pearson" + suffix), "V1.pearson" + suffix);
    expect_relative(averaged(v1(), g, Statistic::spearman), number("V1.spearman" + suffix), "V1.spearman" + suffix);
    // V1.kendall_b.*, V1.kendall_c.*: scipy's tau from pair counts, averaged in group order.
    EXPECT_EQ(averaged(v1(), g, Statistic::kendall_b), number("V1.kendall_b" + suffix)) << "V1.kendall_b" + suffix;
    EXPECT_EQ(averaged(v1(), g, Statistic::kendall_c), number("V1.kendall_c" + suffix)) << "V1.kendall_c" + suffix;
    // V1.23.*, V1.acc23.*: ratios of pair counts.
    EXPECT_EQ(averaged(v1(), g, Statistic::tau23), number("V1.23" + suffix)) << "V1.23" + suffix;
    EXPECT_EQ(averaged(v1(), g, Statistic::acc23), number("V1.acc23" + suffix)) << "V1.acc23" + suffix;
    // V1.pearson_pdp.*: one Pearson over pooled differences.
    expect_relative(pairwise_difference_pearson(v1().gold, v1().metric, g).value, number("V1.pearson_pdp" + suffix),
                    "V1.pearson_pdp" + suffix);
  }
}

TEST(GroupedCorrelation, V1AveragedPValues) {
  const GroupedCorrelation pearson_none =
      average_correlation(v1().gold, v1().metric, Grouping::none, Statistic::pearson);
  expect_relative(pearson_none.p_value, number("V1.pearson.none.p"), "V1.pearson.none.p");
  EXPECT_EQ(pearson_none.num_groups, 1u);
  const GroupedCorrelation kendall_none =
      average_correlation(v1().gold, v1().metric, Grouping::none, Statistic::kendall_b);
  expect_relative(kendall_none.p_value, number("V1.kendall_b.none.p"), "V1.kendall_b.none.p");
}

TEST(GroupedCorrelation, V2ScipyKendallThroughOneGroup) {
  // V2.scipy.kendalltau_b / _c: [statistic, p] of scipy kendalltau, here as a one-system table.
  const ScoreTable gold = table(1, kV2Gold), metric = table(1, kV2Metric);
  for (const auto& [key, statistic] : {std::pair{"V2.scipy.kendalltau_b", Statistic::kendall_b},
                                       std::pair{"V2.scipy.kendalltau_c", Statistic::kendall_c}}) {
    const GroupedCorrelation r = average_correlation(gold, metric, Grouping::none, statistic);
    EXPECT_EQ(r.value, vectors().at(key).at(0).get<double>()) << key;
    expect_relative(r.p_value, vectors().at(key).at(1).get<double>(), key);
  }
}

TEST(GroupedCorrelation, V4MissingGoldAndGrouping) {
  // V4.none_count: the missing gold entries.
  int missing = 0;
  for (double v : v4().gold.values()) missing += is_missing(v) ? 1 : 0;
  EXPECT_EQ(missing, vectors().at("V4.none_count").get<int>()) << "V4.none_count";

  AverageOptions nan0;
  nan0.replace_nans_with_zeros = true;
  AverageOptions micro;
  micro.macro = false;
  for (Grouping g : kGroupings) {
    const std::string suffix = std::string(".") + grouping_name(g);
    expect_relative(averaged(v4(), g, Statistic::pearson), number("V4.pearson" + suffix), "V4.pearson" + suffix);
    expect_relative(averaged(v4(), g, Statistic::spearman), number("V4.spearman" + suffix), "V4.spearman" + suffix);
    // V4.kendall_b.none is a single scipy tau; sys / item are means of 1, 1, -1 (exact).
    EXPECT_EQ(averaged(v4(), g, Statistic::kendall_b), number("V4.kendall_b" + suffix)) << "V4.kendall_b" + suffix;
    EXPECT_EQ(averaged(v4(), g, Statistic::acc23), number("V4.acc23" + suffix)) << "V4.acc23" + suffix;
    EXPECT_EQ(averaged(v4(), g, Statistic::tau23), number("V4.23" + suffix)) << "V4.23" + suffix;
    // V4.pearson.*.nan0: constant item group 1 (gold [2, 2]) counts as 0.
    expect_relative(averaged(v4(), g, Statistic::pearson, nan0), number("V4.pearson" + suffix + ".nan0"),
                    "V4.pearson" + suffix + ".nan0");
    // V4.pearson.*.micro: weighted by the filtered group lengths.
    expect_relative(averaged(v4(), g, Statistic::pearson, micro), number("V4.pearson" + suffix + ".micro"),
                    "V4.pearson" + suffix + ".micro");
  }
}

TEST(GroupedCorrelation, V4GroupBookkeeping) {
  // Item grouping: 4 groups of which item 1 (gold [2, 2], constant) gives NaN Pearson.
  const GroupedCorrelation dropped = average_correlation(v4().gold, v4().metric, Grouping::item, Statistic::pearson);
  EXPECT_EQ(dropped.num_groups, 3u);
  EXPECT_EQ(dropped.total_weight, 3.0);
  AverageOptions nan0;
  nan0.replace_nans_with_zeros = true;
  EXPECT_EQ(average_correlation(v4().gold, v4().metric, Grouping::item, Statistic::pearson, nan0).num_groups, 4u);
  AverageOptions micro;
  micro.macro = false;
  // Micro weights: the group lengths 3, 2, 3 after filtering (item 1 is NaN and dropped).
  EXPECT_EQ(average_correlation(v4().gold, v4().metric, Grouping::item, Statistic::pearson, micro).total_weight, 8.0);
}

TEST(GroupedCorrelation, V5IntegerMetric) {
  AverageOptions eps1;
  eps1.metric_epsilon = 1.0;
  for (Grouping g : kGroupings) {
    const std::string suffix = std::string(".") + grouping_name(g);
    expect_relative(averaged(v5(), g, Statistic::pearson), number("V5.pearson" + suffix), "V5.pearson" + suffix);
    expect_relative(averaged(v5(), g, Statistic::spearman), number("V5.spearman" + suffix), "V5.spearman" + suffix);
    EXPECT_EQ(averaged(v5(), g, Statistic::kendall_b), number("V5.kendall_b" + suffix)) << "V5.kendall_b" + suffix;
    EXPECT_EQ(averaged(v5(), g, Statistic::acc23), number("V5.acc23" + suffix)) << "V5.acc23" + suffix;
    EXPECT_EQ(averaged(v5(), g, Statistic::acc23, eps1), number("V5.acc23_eps1" + suffix)) << "V5.acc23_eps1" + suffix;
  }
}

TEST(GroupedCorrelation, PdpWithMissingGold) {
  // PDP.none_item / PDP.none_none: S = 2, gold with a missing value, item and none grouping.
  const ScoreTable gold = table(2, {1, 5, kNaN, 10, 2, 12}), metric = table(2, {3, 15, 1, 20, 4, 24});
  expect_relative(pairwise_difference_pearson(gold, metric, Grouping::item).value, number("PDP.none_item"),
                  "PDP.none_item");
  expect_relative(pairwise_difference_pearson(gold, metric, Grouping::none).value, number("PDP.none_none"),
                  "PDP.none_none");
}

TEST(GroupedCorrelation, SmallGroupsAreSkippedAndEmptyAverageIsZero) {
  // AverageCorrelation skips a group with fewer than 2 non-missing values and returns 0 when nothing is
  // averaged: here every group has one non-missing value.
  const ScoreTable gold = table(2, {1, kNaN, kNaN, 2}), metric = table(2, {1, 2, 3, 4});
  AverageOptions nan0;
  nan0.replace_nans_with_zeros = true;
  for (Grouping g : {Grouping::sys, Grouping::item}) {
    const GroupedCorrelation r = average_correlation(gold, metric, g, Statistic::pearson, nan0);
    EXPECT_EQ(r.value, 0.0);
    EXPECT_EQ(r.p_value, 0.0);
    EXPECT_EQ(r.total_weight, 0.0);
    EXPECT_EQ(r.num_groups, 0u);
  }
}

TEST(GroupedCorrelation, ConstantMetricForcesNaNForPearsonAndSpearman) {
  const ScoreTable gold = table(1, {1, 2, 3}), metric = table(1, {5, 5, 5});
  for (Statistic s : {Statistic::pearson, Statistic::spearman}) {
    EXPECT_EQ(average_correlation(gold, metric, Grouping::none, s).num_groups, 0u);
  }
  // acc23 stays defined: a constant metric scores the fraction of gold-tied pairs (0 here).
  const GroupedCorrelation acc = average_correlation(gold, metric, Grouping::none, Statistic::acc23);
  EXPECT_EQ(acc.value, 0.0);
  EXPECT_EQ(acc.num_groups, 1u);
}

TEST(GroupedCorrelation, MismatchedTablesThrow) {
  const ScoreTable gold = table(2, {1, 2, 3, 4});
  ScoreTable renamed({"s1", "s0"}, 2);
  EXPECT_THROW(average_correlation(gold, renamed, Grouping::none, Statistic::pearson), trenchcoat::Error);
  EXPECT_THROW(average_correlation(gold, table(2, {1, 2, 3, 4, 5, 6}), Grouping::none, Statistic::pearson),
               trenchcoat::Error);
  EXPECT_THROW(pairwise_difference_pearson(gold, table(1, {1, 2}), Grouping::none), trenchcoat::Error);
  AverageOptions eps;
  eps.metric_epsilon = 0.5;
  EXPECT_THROW(average_correlation(gold, gold, Grouping::none, Statistic::pearson, eps), trenchcoat::Error);
  const std::vector<double> flat = {1, 2, 3};
  EXPECT_THROW(average_correlation(flat, flat, 2, 2, Grouping::none, Statistic::pearson), trenchcoat::Error);
}

}  // namespace

TEST(GroupedCorrelation, WeightedTauOnV4AndV5) {
  // mt-metrics-eval (git 68a481a) AverageCorrelation(scipy.stats.weightedtau, 3, avg, filter_nones=True,
  // replace_nans_with_zeros=False, macro=True) on the V4 / V5 inputs, scipy 1.10.1, numpy 1.24.2.
  struct Case {
    const Dataset* data;
    Grouping grouping;
    double value;
    std::size_t groups;
  };
  const Case cases[] = {
      {&v4(), Grouping::none, 0.6608433272633267, 1}, {&v4(), Grouping::sys, 1.0, 3},
      {&v4(), Grouping::item, 0.3333333333333334, 3},  // the gold-constant item group is NaN and dropped
      {&v5(), Grouping::none, 0.8613328105811987, 1}, {&v5(), Grouping::sys, 0.9111111111111111, 3},
      {&v5(), Grouping::item, 0.6534221749914287, 2},
  };
  for (const Case& c : cases) {
    const GroupedCorrelation r = average_correlation(c.data->gold, c.data->metric, c.grouping, Statistic::weighted_tau);
    expect_relative(r.value, c.value, "weightedtau");
    EXPECT_EQ(r.num_groups, c.groups);
    EXPECT_TRUE(std::isnan(r.p_value));
  }
}
