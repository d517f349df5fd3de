// PERM-BOTH (spec 1.8) against tests/fixtures/perm_vectors.json (P1-P5 of spec 1.11, whose inputs are
// written out below), the pairwise permutation test, and CompareMetrics / AssignRanks (RANKS, RANKS2 of
// tests/fixtures/corr_vectors.json).
//
// Exact enumeration must give the vectors' "exact_p(2^8 masks)" exactly (EXPECT_EQ: a ratio of mask
// counts) and delta within 1e-12 ("delta"); Monte Carlo with k = 20000 and no early stopping must lie
// within 0.01 of both the exact p and the reference's own Monte Carlo ("mtme_mc_k20000"), the
// tolerance of spec 1.11.
#include <gtest/gtest.h>

#include "meta/mask_generator.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/pairwise_permutation_test.hpp"
#include "trenchcoat/meta/permutation_test.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"

using namespace trenchcoat::meta;

namespace {

const nlohmann::json& perm_vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("perm_vectors.json");
  return parsed;
}
const nlohmann::json& corr_vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("corr_vectors.json");
  return parsed;
}

// Spec 1.11 "Permutation test (PERM-BOTH)": S = 4 systems, 2 items.
const std::vector<double> kGold = {1, 2, 3, 4, 5, 5, 7, 8};
const std::vector<double> kMetric1 = {1, 2, 3, 3, 7, 3, 5, 5};
const std::vector<double> kMetric2 = {2, 1, 2, 6, 8, 8, 7, 6};
constexpr std::size_t kSystems = 4, kItems = 2;

struct PermCase {
  const char* key;
  Statistic statistic;
  Grouping grouping;
};
const PermCase kCases[] = {
    {"PERM.pearson.none", Statistic::pearson, Grouping::none},      // P1
    {"PERM.pearson.sys", Statistic::pearson, Grouping::sys},        // P2
    {"PERM.pearson.item", Statistic::pearson, Grouping::item},      // P3
    {"PERM.kendall_b.item", Statistic::kendall_b, Grouping::item},  // P4
    {"PERM.kendall_b.none", Statistic::kendall_b, Grouping::none},  // P5
};

CorrelationMeasure measure_of(Statistic statistic, Grouping grouping) {
  CorrelationMeasure measure;
  measure.statistic = statistic;
  measure.grouping = grouping;
  return measure;
}

// A synthetic table: gold plus noise at two levels, and pure noise.
struct Synthetic {
  std::vector<double> gold, good, fair, noise;
};
Synthetic synthetic(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Synthetic s;
  for (std::size_t k = 0; k < n; ++k) {
    const double g = normal(rng);
    s.gold.push_back(g);
    s.good.push_back(g + 0.3 * normal(rng));
    s.fair.push_back(g + 1.0 * normal(rng));
    s.noise.push_back(normal(rng));
  }
  return s;
}

std::vector<double> zscore(const std::vector<double>& x) {
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double var = 0;
  for (double v : x) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(x.size()));
  std::vector<double> z;
  for (double v : x) z.push_back((v - mean) / sd);
  return z;
}

}  // namespace

TEST(PermutationTest, ExactEnumerationMatchesVectorsP1ToP5) {
  for (const PermCase& c : kCases) {
    SCOPED_TRACE(c.key);
    const nlohmann::json& expected = perm_vectors().at(c.key);
    const PermutationResult r =
        exact_permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure_of(c.statistic, c.grouping));
    // perm_vectors.json <key>."exact_p(2^8 masks)": exact, a count over 256 masks.
    EXPECT_EQ(r.p_value, expected.at("exact_p(2^8 masks)").get<double>());
    // perm_vectors.json <key>.delta (= mtme_delta, mt-metrics-eval PermutationSigDiff).
    EXPECT_NEAR(r.delta, expected.at("delta").get<double>(), 1e-12);
    EXPECT_EQ(r.resamples_done, 256u);
  }
}

TEST(PermutationTest, MonteCarloConvergesToExactP) {
  for (const PermCase& c : kCases) {
    SCOPED_TRACE(c.key);
    const nlohmann::json& expected = perm_vectors().at(c.key);
    PermutationOptions options;
    options.resamples = 20000;
    options.block_size = 20000;  // no early stopping, as the reference run
    options.seed = 12345;
    const PermutationResult r =
        permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure_of(c.statistic, c.grouping), options);
    EXPECT_EQ(r.resamples_done, 20000u);
    EXPECT_EQ(r.seed, 12345u);
    // Spec 1.11: Monte Carlo within 0.01 of the exact p and of the reference's k = 20000 run.
    EXPECT_NEAR(r.p_value, expected.at("exact_p(2^8 masks)").get<double>(), 0.01);
    EXPECT_NEAR(r.p_value, expected.at("mtme_mc_k20000").get<double>(), 0.01);
    EXPECT_NEAR(r.delta, expected.at("delta").get<double>(), 1e-12);
  }
}

TEST(PermutationTest, SameSeedSameResultOtherSeedOtherDraws) {
  PermutationOptions options;
  options.resamples = 300;
  options.seed = 7;
  options.keep_draws = true;
  const auto measure = measure_of(Statistic::pearson, Grouping::item);
  const PermutationResult a = permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure, options);
  const PermutationResult b = permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure, options);
  EXPECT_EQ(a.p_value, b.p_value);
  EXPECT_EQ(a.draws, b.draws);
  ASSERT_EQ(a.draws.size(), 300u);
  options.seed = 8;
  const PermutationResult c = permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure, options);
  EXPECT_NE(a.draws, c.draws);
}

// The fast Pearson path must agree with correlations computed from scratch on the same hybrids. The
// masks are regenerated as the header documents them (xoshiro256++, ceil(n / 64) words per draw,
// bit e mod 64 of word e / 64 = 1 keeps element e).
TEST(PermutationTest, FastPearsonDrawsMatchDirectComputation) {
  const std::size_t systems = 5, items = 40, n = systems * items;
  const Synthetic s = synthetic(n, 3);
  for (Grouping grouping : {Grouping::none, Grouping::item, Grouping::sys}) {
    SCOPED_TRACE(static_cast<int>(grouping));
    PermutationOptions options;
    options.resamples = 50;
    options.seed = 99;
    options.keep_draws = true;
    const auto measure = measure_of(Statistic::pearson, grouping);
    const PermutationResult r = permutation_test(s.gold, s.fair, s.good, systems, items, measure, options);
    ASSERT_EQ(r.draws.size(), 50u);
    // Filtered layout position of flat index (sys, item): group order of the grouping.
    auto layout = [&](std::size_t sys, std::size_t item) {
      return grouping == Grouping::item ? item * systems + sys : sys * items + item;
    };
    const std::vector<double> z1 = zscore(s.fair), z2 = zscore(s.good);
    trenchcoat::meta::detail::MaskGenerator generator(99);  // the documented stream (src/meta/mask_generator.hpp)
    for (std::size_t d = 0; d < 50; ++d) {
      std::vector<std::uint64_t> words((n + 63) / 64);
      for (auto& w : words) w = generator();
      std::vector<double> h1(n), h2(n);
      for (std::size_t sys = 0; sys < systems; ++sys) {
        for (std::size_t item = 0; item < items; ++item) {
          const std::size_t flat = sys * items + item, e = layout(sys, item);
          const bool keep = (words[e / 64] >> (e % 64)) & 1U;
          h1[flat] = keep ? z1[flat] : z2[flat];
          h2[flat] = keep ? z2[flat] : z1[flat];
        }
      }
      const double c1 = average_correlation(s.gold, h1, systems, items, grouping, Statistic::pearson).value;
      const double c2 = average_correlation(s.gold, h2, systems, items, grouping, Statistic::pearson).value;
      EXPECT_NEAR(r.draws[d].first, c2, 1e-10);
      EXPECT_NEAR(r.draws[d].second, c1, 1e-10);
    }
  }
}

TEST(PermutationTest, IdenticalMetricsGiveZeroDeltaAndPOne) {
  // Every hybrid equals the originals, so every draw's difference is exactly 0 >= delta = 0.
  const Synthetic s = synthetic(60, 5);
  PermutationOptions options;
  options.resamples = 200;
  options.block_size = 200;
  for (Statistic statistic : {Statistic::pearson, Statistic::kendall_b}) {
    const PermutationResult r =
        permutation_test(s.gold, s.fair, s.fair, 3, 20, measure_of(statistic, Grouping::item), options);
    EXPECT_EQ(r.delta, 0.0);
    EXPECT_EQ(r.p_value, 1.0);
  }
}

TEST(PermutationTest, ClearlyBetterMetricStopsEarlyAtBlockBoundary) {
  const Synthetic s = synthetic(400, 11);
  PermutationOptions options;
  options.resamples = 1000;
  options.block_size = 100;
  options.seed = 1;
  // H1: metric2 (good) better than metric1 (noise): p ~ 0 < early_min after the first block.
  const PermutationResult r =
      permutation_test(s.gold, s.noise, s.good, 4, 100, measure_of(Statistic::pearson, Grouping::none), options);
  EXPECT_EQ(r.resamples_done, 100u);
  EXPECT_LT(r.p_value, 0.02);
  EXPECT_GT(r.delta, 0.5);
  // The reverse hypothesis: p ~ 1 > early_max, also stops at the first boundary.
  const PermutationResult reverse =
      permutation_test(s.gold, s.good, s.noise, 4, 100, measure_of(Statistic::pearson, Grouping::none), options);
  EXPECT_EQ(reverse.resamples_done, 100u);
  EXPECT_GT(reverse.p_value, 0.5);
}

TEST(PermutationTest, TieCalibratedRunsAndCountsIdentity) {
  // Exact enumeration with tie calibration on the P data (8 elements): the identity mask counts, so
  // p >= 1/256; the fully swapped mask gives -delta.
  CorrelationMeasure measure = measure_of(Statistic::acc23, Grouping::item);
  measure.tie_calibrated = true;
  const PermutationResult r = exact_permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure);
  const double expected_delta =
      calibrate_ties(kGold, kMetric2, kSystems, kItems, Grouping::item, TiesKendallVariant::acc23).value -
      calibrate_ties(kGold, kMetric1, kSystems, kItems, Grouping::item, TiesKendallVariant::acc23).value;
  EXPECT_NEAR(r.delta, expected_delta, 1e-12);  // z-scoring does not change the calibrated optimum
  EXPECT_GE(r.p_value, 1.0 / 256.0);
  EXPECT_LE(r.p_value, 1.0);
}

TEST(PermutationTest, RejectsBadInput) {
  const std::vector<double> big(25, 1.0);
  std::vector<double> big_gold(25);
  for (std::size_t k = 0; k < 25; ++k) big_gold[k] = static_cast<double>(k);
  EXPECT_THROW(exact_permutation_test(big_gold, big, big_gold, 5, 5, measure_of(Statistic::pearson, Grouping::none)),
               trenchcoat::Error);
  EXPECT_THROW(permutation_test(kGold, kMetric1, std::vector<double>(7, 0.0), kSystems, kItems,
                                measure_of(Statistic::pearson, Grouping::none), {}),
               trenchcoat::Error);
  CorrelationMeasure bad = measure_of(Statistic::pearson, Grouping::none);
  bad.tie_calibrated = true;
  EXPECT_THROW(permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, bad, {}), trenchcoat::Error);
  PermutationOptions zero_block;
  zero_block.block_size = 0;
  EXPECT_THROW(permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems,
                                measure_of(Statistic::pearson, Grouping::none), zero_block),
               trenchcoat::Error);
}

// ---- Pairwise permutation test ------------------------------------------------------------------

TEST(PairwisePermutationTest, IdenticalMetricsGiveZeroDeltaAndPOne) {
  // The reference counts c2 - c1 >= delta; identical metrics make every hybrid identical, so every
  // draw has difference exactly 0 = delta and counts: p = 1.
  const Synthetic s = synthetic(60, 5);
  PairwisePermutationMeasure measure;
  measure.grouping = Grouping::item;
  PermutationOptions options;
  options.resamples = 300;
  const PairwisePermutationResult r = pairwise_permutation_test(s.gold, s.fair, s.fair, 3, 20, measure, options);
  EXPECT_EQ(r.delta, 0.0);
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_EQ(r.resamples_done, 300u);
}

TEST(PairwisePermutationTest, DeltaIsTheDifferenceOfTieCalibratedValues) {
  // Spec 1.11 V5 (S = 3, 4 items); tie-calibrated acc23 by item is 0.8333 at epsilon 2 (corr_vectors
  // V5.tieopt_acc23.item). metric1 is a coarser copy of the V5 metric.
  const double nan = kMissing;
  const std::vector<double> gold = {0, -1, -5, nan, 0, -2, -5, -1, -3, -2, nan, -1};
  const std::vector<double> metric2 = {10, 8, 3, 7, 9, 8, 2, 7, 4, 7, 5, 9};
  const std::vector<double> metric1 = {10, 10, 0, 5, 10, 5, 0, 5, 5, 5, 5, 10};
  for (TiesKendallVariant variant : {TiesKendallVariant::acc23, TiesKendallVariant::tau23}) {
    PairwisePermutationMeasure measure;
    measure.variant = variant;
    measure.grouping = Grouping::item;
    PermutationOptions options;
    options.resamples = 100;
    const PairwisePermutationResult r = pairwise_permutation_test(gold, metric1, metric2, 3, 4, measure, options);
    const TieCalibration t1 = calibrate_ties(gold, metric1, 3, 4, Grouping::item, variant);
    const TieCalibration t2 = calibrate_ties(gold, metric2, 3, 4, Grouping::item, variant);
    EXPECT_EQ(r.epsilon1, t1.epsilon);
    EXPECT_EQ(r.epsilon2, t2.epsilon);
    EXPECT_NEAR(r.delta, t2.value - t1.value, 1e-12);
    if (variant == TiesKendallVariant::acc23) {
      EXPECT_NEAR(t2.value, corr_vectors().at("V5.tieopt_acc23.item")[0].get<double>(), 1e-12);
    }
  }
  // Variant b with given epsilons equals the grouped tau-b of average_correlation (epsilon 0).
  PairwisePermutationMeasure b;
  b.variant = TiesKendallVariant::b;
  b.grouping = Grouping::sys;
  b.epsilon1 = 0.0;
  b.epsilon2 = 0.0;
  const PairwisePermutationResult rb = pairwise_permutation_test(gold, metric1, metric2, 3, 4, b, {});
  const double expected = average_correlation(gold, metric2, 3, 4, Grouping::sys, Statistic::kendall_b).value -
                          average_correlation(gold, metric1, 3, 4, Grouping::sys, Statistic::kendall_b).value;
  EXPECT_NEAR(rb.delta, expected, 1e-12);
}

TEST(PairwisePermutationTest, ClearlyBetterMetricAndTheEarlyStoppingQuirk) {
  const Synthetic s = synthetic(15 * 40, 21);
  PairwisePermutationMeasure measure;
  measure.grouping = Grouping::item;
  PermutationOptions options;
  options.resamples = 1000;
  options.block_size = 100;
  options.seed = 4;
  // Reference quirk: the check runs only on draws that counted. With metric2 far better almost no
  // draw counts, so no check happens at a block boundary and all 1000 draws run.
  const PairwisePermutationResult quirk = pairwise_permutation_test(s.gold, s.noise, s.good, 15, 40, measure, options);
  EXPECT_LT(quirk.p_value, 0.01);
  EXPECT_GT(quirk.delta, 0.1);
  EXPECT_EQ(quirk.resamples_done, 1000u);
  measure.early_stopping = PairwisePermutationMeasure::EarlyStopping::every_block;
  const PairwisePermutationResult proper = pairwise_permutation_test(s.gold, s.noise, s.good, 15, 40, measure, options);
  EXPECT_EQ(proper.resamples_done, 100u);
  EXPECT_LT(proper.p_value, 0.02);
  // Same seed, same result.
  const PairwisePermutationResult again = pairwise_permutation_test(s.gold, s.noise, s.good, 15, 40, measure, options);
  EXPECT_EQ(again.p_value, proper.p_value);
  EXPECT_EQ(again.resamples_done, proper.resamples_done);
}

TEST(PairwisePermutationTest, RejectsTauCAndUncalibratedB) {
  PairwisePermutationMeasure measure;
  measure.variant = TiesKendallVariant::c;
  EXPECT_THROW(pairwise_permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure, {}), trenchcoat::Error);
  measure.variant = TiesKendallVariant::b;
  EXPECT_THROW(pairwise_permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure, {}), trenchcoat::Error);
}

// ---- CompareMetrics / AssignRanks ---------------------------------------------------------------

TEST(MetricComparison, AssignRanksMatchesVectors) {
  // Inputs: spec 1.11 "AssignRanks"; expected: corr_vectors.json RANKS / RANKS2.
  const std::vector<std::vector<double>> sig = {{0, .2, .01, .01}, {0, 0, .3, .02}, {0, 0, 0, .04}, {0, 0, 0, 0}};
  EXPECT_EQ(assign_ranks(sig, 0.05), corr_vectors().at("RANKS").get<std::vector<int>>());
  const std::vector<std::vector<double>> sig2 = {
      {0, .01, .01, .01, .01}, {0, 0, .5, .5, .01}, {0, 0, 0, .06, .03}, {0, 0, 0, 0, .5}, {0, 0, 0, 0, 0}};
  EXPECT_EQ(assign_ranks(sig2, 0.05), corr_vectors().at("RANKS2").get<std::vector<int>>());
  EXPECT_THROW(assign_ranks({{0, 1}}, 0.05), trenchcoat::Error);
}

TEST(MetricComparison, SortsTestsAndRanks) {
  const std::size_t systems = 4, items = 100;
  const Synthetic s = synthetic(systems * items, 8);
  const std::vector<std::span<const double>> metrics = {s.noise, s.good, s.fair};
  const std::vector<std::string> names = {"noise", "good", "fair"};
  PermutationOptions options;
  options.resamples = 1000;
  options.block_size = 100;
  options.seed = 42;
  const CorrelationMeasure measure = measure_of(Statistic::pearson, Grouping::none);
  const MetricComparison c =
      compare_metrics(s.gold, metrics, names, systems, items, measure, SignificanceTest::scores, options);
  EXPECT_EQ(c.names, (std::vector<std::string>{"good", "fair", "noise"}));
  EXPECT_EQ(c.values[0], average_correlation(s.gold, s.good, systems, items, Grouping::none, Statistic::pearson).value);
  EXPECT_EQ(c.ranks, (std::vector<int>{1, 2, 3}));
  EXPECT_LT(c.p_values[0][1], 0.05);
  EXPECT_LT(c.p_values[1][2], 0.05);
  EXPECT_EQ(c.p_values[1][0], 0.0);
  EXPECT_GT(c.resamples_done[0][1], 0u);
  EXPECT_EQ(c.seed, 42u);
  // Deterministic whatever the thread scheduling.
  const MetricComparison again =
      compare_metrics(s.gold, metrics, names, systems, items, measure, SignificanceTest::scores, options);
  EXPECT_EQ(again.p_values, c.p_values);
  EXPECT_EQ(again.resamples_done, c.resamples_done);
  // resamples = 0: no tests, every rank 1 (spec 1.8).
  options.resamples = 0;
  const MetricComparison none =
      compare_metrics(s.gold, metrics, names, systems, items, measure, SignificanceTest::scores, options);
  EXPECT_EQ(none.ranks, (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(none.p_values[0][1], 0.0);
}

TEST(MetricComparison, PairsTestWithTieCalibratedAcc23ByItem) {
  const std::size_t systems = 6, items = 50;
  const Synthetic s = synthetic(systems * items, 13);
  // Integer-valued copies so that ties and nonzero epsilons occur.
  std::vector<double> good, noise;
  for (double v : s.good) good.push_back(std::round(2 * v));
  for (double v : s.noise) noise.push_back(std::round(2 * v));
  const std::vector<std::span<const double>> metrics = {noise, good};
  CorrelationMeasure measure = measure_of(Statistic::acc23, Grouping::item);
  measure.tie_calibrated = true;
  PermutationOptions options;
  options.resamples = 500;
  options.block_size = 100;
  const MetricComparison c =
      compare_metrics(s.gold, metrics, {"noise", "good"}, systems, items, measure, SignificanceTest::pairs, options);
  EXPECT_EQ(c.names, (std::vector<std::string>{"good", "noise"}));
  EXPECT_EQ(c.values[0], calibrate_ties(s.gold, good, systems, items, Grouping::item, TiesKendallVariant::acc23).value);
  EXPECT_LT(c.p_values[0][1], 0.05);
  EXPECT_EQ(c.ranks, (std::vector<int>{1, 2}));
  CorrelationMeasure pearson = measure_of(Statistic::pearson, Grouping::item);
  EXPECT_THROW(
      compare_metrics(s.gold, metrics, {"noise", "good"}, systems, items, pearson, SignificanceTest::pairs, options),
      trenchcoat::Error);
}

// Progress: the callback is told the draws done, after every batch, up to the number of resamples
// (no early stopping when the block is as large as the run); compare_metrics adds up every pair.
TEST(PermutationTest, ProgressIsToldTheDrawsDone) {
  for (const Statistic statistic : {Statistic::pearson, Statistic::kendall_b}) {  // batched fast path, one by one
    PermutationOptions options;
    options.resamples = 700;
    options.block_size = 700;
    std::vector<std::size_t> told;
    options.progress = [&](std::size_t done, std::size_t total) {
      EXPECT_EQ(total, 700u);
      told.push_back(done);
    };
    const auto result =
        permutation_test(kGold, kMetric1, kMetric2, kSystems, kItems, measure_of(statistic, Grouping::none), options);
    ASSERT_FALSE(told.empty());
    EXPECT_TRUE(std::is_sorted(told.begin(), told.end()));
    EXPECT_EQ(told.back(), result.resamples_done);
    EXPECT_EQ(told.back(), 700u);
  }
}

TEST(MetricComparison, ProgressCoversEveryPairInFull) {
  const std::size_t systems = 4, items = 100;
  const Synthetic s = synthetic(systems * items, 8);
  const std::vector<std::span<const double>> metrics = {s.noise, s.good, s.fair};
  const std::vector<std::string> names = {"noise", "good", "fair"};
  PermutationOptions options;
  options.resamples = 1000;
  options.block_size = 100;  // clear differences stop early: the pair still counts in full
  std::vector<std::size_t> told;
  options.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 3000u);  // 3 pairs x 1000 draws
    told.push_back(done);
  };
  const MetricComparison c =
      compare_metrics(s.gold, metrics, names, systems, items, measure_of(Statistic::pearson, Grouping::none),
                      SignificanceTest::scores, options);
  ASSERT_FALSE(told.empty());
  EXPECT_TRUE(std::is_sorted(told.begin(), told.end()));
  EXPECT_EQ(told.back(), 3000u);
  EXPECT_LT(c.resamples_done[0][1], 1000u);  // stopped early, as SortsTestsAndRanks shows
}
