// Soft pairwise accuracy (mt-metrics-eval pce.py) against tests/fixtures/corr_vectors.json
// keys SPA.1.exact, SPA.2.exact (exact enumeration: compared with ==, the p-values are multiples of
// 2^-L) and the reference's Monte Carlo values SPA.1.mtme_mc1000_seed4, SPA.2.mtme_mc20000_seed4
// (numpy's stream cannot be reproduced, so Monte Carlo is checked against the exact value within
// 0.005 at K = 20000, a bound the reference's own values meet). The inputs are written out below.
// A brute-force oracle in integer arithmetic checks the meet-in-the-middle enumeration, ties included.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/soft_pairwise_accuracy.hpp"

using namespace trenchcoat::meta;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMonteCarloTolerance = 0.005;  // the reference's Monte Carlo values are this close

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("corr_vectors.json");
  return parsed;
}

// SPA-1 (from mt-metrics-eval's stats_test): S = 2 systems x 3 segments.
const std::vector<double> kSpa1Gold = {1, 2, 3, 2, 3, 4};
const std::vector<double> kSpa1Metric = {2, 2, 4, 1, 3, 5};
// SPA-2 (the SPA.2.* vectors): S = 3 systems x 4 segments, system-major.
const std::vector<double> kSpa2Gold = {0.9, 0.7, 0.8, 0.6, 0.5, 0.6, 0.4, 0.7, 0.2, 0.3, 0.1, 0.4};
const std::vector<double> kSpa2Metric = {3, 1, 2, 2, 2, 2, 1, 3, 1, 3, 0, 1};

SoftPairwiseAccuracyOptions exact_options() {
  SoftPairwiseAccuracyOptions options;
  options.method = SpaMethod::exact;
  return options;
}

SoftPairwiseAccuracyOptions monte_carlo_options(std::size_t permutations, std::uint64_t seed) {
  SoftPairwiseAccuracyOptions options;
  options.method = SpaMethod::monte_carlo;
  options.permutations = permutations;
  options.seed = seed;
  return options;
}

// The exact p_ij of the definition, by enumerating every set F of flipped segments in integer
// arithmetic: T* >= T iff sum_{k in F} d_k <= 0.
std::vector<double> oracle_p_values(const std::vector<std::int64_t>& flat, std::size_t systems, std::size_t items) {
  std::vector<double> p;
  for (std::size_t i = 0; i < systems; ++i) {
    for (std::size_t j = i + 1; j < systems; ++j) {
      std::uint64_t count = 0;
      for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << items); ++mask) {
        std::int64_t flipped = 0;
        for (std::size_t k = 0; k < items; ++k)
          if ((mask >> k) & 1u) flipped += flat[i * items + k] - flat[j * items + k];
        if (flipped <= 0) ++count;
      }
      p.push_back(static_cast<double>(count) / static_cast<double>(std::uint64_t{1} << items));
    }
  }
  return p;
}

}  // namespace

TEST(SoftPairwiseAccuracyTest, ExactSpa1) {
  // corr_vectors.json "SPA.1.exact" = [SPA, p_human, p_metric] = [0.875, [1.0], [0.875]].
  const auto& expected = vectors().at("SPA.1.exact");
  const SoftPairwiseAccuracy result = soft_pairwise_accuracy(kSpa1Gold, kSpa1Metric, 2, 3, exact_options());
  EXPECT_EQ(result.value, expected[0].get<double>());
  EXPECT_EQ(result.p_human, expected[1].get<std::vector<double>>());
  EXPECT_EQ(result.p_metric, expected[2].get<std::vector<double>>());
  EXPECT_TRUE(result.exact);
  EXPECT_EQ(result.permutations, 8u);
  EXPECT_EQ(result.num_items_used, 3u);
  EXPECT_EQ(result.items_dropped, 0u);
  // automatic picks exact enumeration for so few segments.
  EXPECT_EQ(soft_pairwise_accuracy(kSpa1Gold, kSpa1Metric, 2, 3).value, expected[0].get<double>());
}

TEST(SoftPairwiseAccuracyTest, ExactSpa2) {
  // corr_vectors.json "SPA.2.exact" = [0.6875, [0.1875, 0.0625, 0.0625], [0.6875, 0.3125, 0.25]];
  // pairs in the order 01, 02, 12. The gold decimals make some T* equal T only up to rounding.
  const auto& expected = vectors().at("SPA.2.exact");
  const SoftPairwiseAccuracy result = soft_pairwise_accuracy(kSpa2Gold, kSpa2Metric, 3, 4, exact_options());
  EXPECT_EQ(result.value, expected[0].get<double>());
  EXPECT_EQ(result.p_human, expected[1].get<std::vector<double>>());
  EXPECT_EQ(result.p_metric, expected[2].get<std::vector<double>>());
  EXPECT_EQ(result.permutations, 16u);
  EXPECT_EQ(result.seed, 0u);
}

TEST(SoftPairwiseAccuracyTest, MonteCarloApproachesExact) {
  // Reference Monte Carlo (numpy default_rng(4), float32): SPA.1.mtme_mc1000_seed4 = 0.872,
  // SPA.2.mtme_mc1000_seed4 = 0.68666..., SPA.2.mtme_mc20000_seed4 = 0.68468...; all within
  // 0.005 of the exact values, as ours must be at K = 20000 for any seed.
  const double exact1 = vectors().at("SPA.1.exact")[0].get<double>();
  const double exact2 = vectors().at("SPA.2.exact")[0].get<double>();
  EXPECT_NEAR(vectors().at("SPA.1.mtme_mc1000_seed4").get<double>(), exact1, kMonteCarloTolerance);
  EXPECT_NEAR(vectors().at("SPA.2.mtme_mc20000_seed4").get<double>(), exact2, kMonteCarloTolerance);
  for (std::uint64_t seed : {1u, 4u, 2024u}) {
    const SoftPairwiseAccuracy spa1 =
        soft_pairwise_accuracy(kSpa1Gold, kSpa1Metric, 2, 3, monte_carlo_options(20000, seed));
    EXPECT_NEAR(spa1.value, exact1, kMonteCarloTolerance) << "seed " << seed;
    const SoftPairwiseAccuracy spa2 =
        soft_pairwise_accuracy(kSpa2Gold, kSpa2Metric, 3, 4, monte_carlo_options(20000, seed));
    EXPECT_NEAR(spa2.value, exact2, kMonteCarloTolerance) << "seed " << seed;
    const auto exact_human = vectors().at("SPA.2.exact")[1].get<std::vector<double>>();
    for (std::size_t pair = 0; pair < 3; ++pair) EXPECT_NEAR(spa2.p_human[pair], exact_human[pair], 0.01);
    EXPECT_FALSE(spa2.exact);
    EXPECT_EQ(spa2.permutations, 20000u);
    EXPECT_EQ(spa2.seed, seed);
  }
}

TEST(SoftPairwiseAccuracyTest, MonteCarloIsDeterministicAndSharesMasks) {
  const auto a = soft_pairwise_accuracy(kSpa2Gold, kSpa2Metric, 3, 4, monte_carlo_options(500, 7));
  const auto b = soft_pairwise_accuracy(kSpa2Gold, kSpa2Metric, 3, 4, monte_carlo_options(500, 7));
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.p_human, b.p_human);
  EXPECT_EQ(a.p_metric, b.p_metric);
  // Human and metric see the same sign vectors: a metric equal to gold, or an exact rescaling of
  // integer gold, agrees on every draw, so SPA is exactly 1 even with few permutations.
  EXPECT_EQ(soft_pairwise_accuracy(kSpa2Gold, kSpa2Gold, 3, 4, monte_carlo_options(50, 3)).value, 1.0);
  std::vector<double> scaled;
  for (double v : kSpa1Gold) scaled.push_back(8.0 * v);
  EXPECT_EQ(soft_pairwise_accuracy(kSpa1Gold, scaled, 2, 3, monte_carlo_options(37, 11)).value, 1.0);
}

TEST(SoftPairwiseAccuracyTest, ExactMatchesIntegerOracleWithTies) {
  // Scores in tenths with many ties and zero differences; the oracle works on the integers.
  std::mt19937 generator(12345);
  std::uniform_int_distribution<int> score(0, 4);
  for (std::size_t items : {1u, 2u, 5u, 9u, 12u, 13u}) {
    const std::size_t systems = 4;
    std::vector<std::int64_t> gold_int, metric_int;
    std::vector<double> gold, metric;
    for (std::size_t k = 0; k < systems * items; ++k) {
      gold_int.push_back(score(generator));
      metric_int.push_back(score(generator) * 3);
      gold.push_back(static_cast<double>(gold_int.back()) / 10.0);
      metric.push_back(static_cast<double>(metric_int.back()) / 10.0);
    }
    const auto result = soft_pairwise_accuracy(gold, metric, systems, items, exact_options());
    const auto expected_human = oracle_p_values(gold_int, systems, items);
    const auto expected_metric = oracle_p_values(metric_int, systems, items);
    EXPECT_EQ(result.p_human, expected_human) << items << " items";
    EXPECT_EQ(result.p_metric, expected_metric) << items << " items";
    double error = 0.0;
    for (std::size_t pair = 0; pair < expected_human.size(); ++pair)
      error += std::fabs(expected_human[pair] - expected_metric[pair]);
    EXPECT_EQ(result.value, 1.0 - error / static_cast<double>(expected_human.size()));
  }
}

TEST(SoftPairwiseAccuracyTest, DropsSegmentsWithMissingGold) {
  // 3 systems x 5 segments; segment 2 lacks gold for system 1 and is dropped for everyone.
  const std::vector<double> gold = {1, 4, 2, 3, 5, 2, 2, kNaN, 1, 4, 0, 1, 3, 2, 2};
  const std::vector<double> metric = {0.5, 0.9, kNaN, 0.1, 0.8, 0.4, 0.3, 0.2, 0.2, 0.6, 0.1, 0.1, 0.7, 0.3, 0.2};
  const std::vector<double> gold_kept = {1, 4, 3, 5, 2, 2, 1, 4, 0, 1, 2, 2};
  const std::vector<double> metric_kept = {0.5, 0.9, 0.1, 0.8, 0.4, 0.3, 0.2, 0.6, 0.1, 0.1, 0.3, 0.2};
  const auto result = soft_pairwise_accuracy(gold, metric, 3, 5, exact_options());
  const auto reduced = soft_pairwise_accuracy(gold_kept, metric_kept, 3, 4, exact_options());
  EXPECT_EQ(result.num_items_used, 4u);
  EXPECT_EQ(result.items_dropped, 1u);
  EXPECT_EQ(result.value, reduced.value);
  EXPECT_EQ(result.p_human, reduced.p_human);
  EXPECT_EQ(result.p_metric, reduced.p_metric);
  // A missing metric score where gold is complete is an error.
  std::vector<double> broken = metric;
  broken[0] = kNaN;
  EXPECT_THROW(soft_pairwise_accuracy(gold, broken, 3, 5), trenchcoat::Error);
}

TEST(SoftPairwiseAccuracyTest, EdgeCasesAndErrors) {
  // One system: no pair, SPA undefined.
  const auto single = soft_pairwise_accuracy(std::vector<double>{1, 2}, std::vector<double>{3, 4}, 1, 2);
  EXPECT_TRUE(std::isnan(single.value));
  EXPECT_TRUE(single.p_human.empty());
  // Every segment dropped: undefined, with NaN p-values.
  const auto empty =
      soft_pairwise_accuracy(std::vector<double>{kNaN, 1, 2, kNaN}, std::vector<double>{1, 2, 3, 4}, 2, 2);
  EXPECT_TRUE(std::isnan(empty.value));
  EXPECT_EQ(empty.items_dropped, 2u);
  ASSERT_EQ(empty.p_human.size(), 1u);
  EXPECT_TRUE(std::isnan(empty.p_human[0]));
  // Shape errors.
  EXPECT_THROW(soft_pairwise_accuracy(kSpa1Gold, std::vector<double>{1, 2}, 2, 3), trenchcoat::Error);
  EXPECT_THROW(soft_pairwise_accuracy(kSpa1Gold, kSpa1Metric, 4, 3), trenchcoat::Error);
  EXPECT_THROW(soft_pairwise_accuracy(kSpa1Gold, kSpa1Metric, 2, 3, monte_carlo_options(0, 1)), trenchcoat::Error);
  // 25 segments: too many to enumerate when asked to; automatic falls back to Monte Carlo.
  std::vector<double> gold(50), metric(50);
  for (std::size_t k = 0; k < 50; ++k) {
    gold[k] = static_cast<double>(k % 7);
    metric[k] = static_cast<double>(k % 5);
  }
  EXPECT_THROW(soft_pairwise_accuracy(gold, metric, 2, 25, exact_options()), trenchcoat::Error);
  SoftPairwiseAccuracyOptions automatic;
  automatic.permutations = 300;
  automatic.seed = 99;
  const auto fallback = soft_pairwise_accuracy(gold, metric, 2, 25, automatic);
  EXPECT_FALSE(fallback.exact);
  EXPECT_EQ(fallback.permutations, 300u);
  EXPECT_EQ(fallback.seed, 99u);
  // 24 segments are still enumerated.
  const auto largest = soft_pairwise_accuracy(std::vector<double>(gold.begin(), gold.begin() + 48),
                                              std::vector<double>(metric.begin(), metric.begin() + 48), 2, 24);
  EXPECT_TRUE(largest.exact);
  EXPECT_EQ(largest.permutations, std::uint64_t{1} << 24);
}

TEST(SoftPairwiseAccuracyTest, MonteCarloOnAWmtSizedTask) {
  // 15 systems x 1000 segments x 1000 permutations (a WMT-sized system-level task). Its speed is
  // measured by bench/, not here.
  const std::size_t systems = 15, items = 1000;
  std::mt19937_64 generator(5);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> gold(systems * items), metric(systems * items);
  for (std::size_t s = 0; s < systems; ++s) {
    for (std::size_t k = 0; k < items; ++k) {
      gold[s * items + k] = 0.02 * static_cast<double>(s) + noise(generator);
      metric[s * items + k] = gold[s * items + k] + noise(generator);
    }
  }
  const auto result = soft_pairwise_accuracy(gold, metric, systems, items, monte_carlo_options(1000, 4));
  EXPECT_EQ(result.p_human.size(), 105u);
  EXPECT_GT(result.value, 0.5);
}
