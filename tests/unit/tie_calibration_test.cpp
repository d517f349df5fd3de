// Tie calibration (spec 1.4), KendallLike (1.5) and system-level pairwise accuracy (1.6) against
// tests/fixtures/corr_vectors.json; the inputs of each key are those of spec 1.11.
//
// EXPECT_EQ where the reference's value is a ratio of integer pair counts computed the same way
// (single-group tie calibration, KendallLike, Agreement, pooled accuracy) and for thresholds, which
// are plain abs(m_i - m_j) doubles; EXPECT_NEAR 1e-12 for means over several groups, whose last bits
// depend on summation order. A brute-force O(candidates x pairs) oracle checks the sweep on random
// small tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/kendall_like.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"
#include "trenchcoat/meta/pairwise_accuracy.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"

using namespace trenchcoat::meta;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTol = 1e-12;

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("corr_vectors.json");
  return parsed;
}
const nlohmann::json& key(const std::string& k) { return vectors().at(k); }
std::vector<double> doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

const std::vector<double> kV2Gold = {1, 2, 2, 3, 4}, kV2Metric = {2, 1, 1.5, 5, 3};
const std::vector<double> kV4Gold = {1, 2, kNaN, 4, 2, 2, 3, 5, 3, kNaN, 1, 6};
const std::vector<double> kV4Metric = {0.1, 0.4, 0.3, 0.9, 0.2, 0.2, 0.5, 0.7, 0.3, 0.8, 0.1, 0.6};
const std::vector<double> kV5Gold = {0, -1, -5, kNaN, 0, -2, -5, -1, -3, -2, kNaN, -1};
const std::vector<double> kV5Metric = {10, 8, 3, 7, 9, 8, 2, 7, 4, 7, 5, 9};

const char* name(Grouping g) {
  switch (g) {
    case Grouping::none:
      return "none";
    case Grouping::item:
      return "item";
    case Grouping::sys:
      return "sys";
  }
  return "?";
}

TieCalibrationOptions curve() {
  TieCalibrationOptions o;
  o.keep_curve = true;
  return o;
}

// Checks a calibration against a vector entry: every threshold exactly, the taus and the best tau
// exactly or within kTol, the best epsilon exactly.
void expect_curve(const TieCalibration& r, const std::string& k, const nlohmann::json& thresholds_json,
                  const nlohmann::json& taus_json, double best_eps, double best_tau, bool exact) {
  const auto thresholds = doubles(thresholds_json), taus = doubles(taus_json);
  ASSERT_EQ(r.thresholds.size(), thresholds.size()) << k;
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    EXPECT_EQ(r.thresholds[i], thresholds[i]) << k << " threshold " << i;
    if (exact) {
      EXPECT_EQ(r.values[i], taus[i]) << k << " tau " << i;
    } else {
      EXPECT_NEAR(r.values[i], taus[i], kTol) << k << " tau " << i;
    }
  }
  EXPECT_EQ(r.epsilon, best_eps) << k;
  if (exact) {
    EXPECT_EQ(r.value, best_tau) << k;
  } else {
    EXPECT_NEAR(r.value, best_tau, kTol) << k;
  }
}

// A [thresholds, taus, best eps, best tau] entry (the TO.* layout).
void expect_to_key(const TieCalibration& r, const std::string& k, bool exact) {
  const auto& v = key(k);
  expect_curve(r, k, v[0], v[1], v[2].get<double>(), v[3].get<double>(), exact);
}

// A [best tau, best eps, thresholds, taus] entry (the V2 / V5 layout).
void expect_tieopt_key(const TieCalibration& r, const std::string& k, bool exact) {
  const auto& v = key(k);
  expect_curve(r, k, v[2], v[3], v[1].get<double>(), v[0].get<double>(), exact);
}

}  // namespace

TEST(TieCalibration, V2SingleGroup) {
  // "V2.tieopt.acc23", "V2.tieopt.23": one group, so every tau is a single ratio of pair counts.
  expect_tieopt_key(calibrate_ties(kV2Gold, kV2Metric, 1, 5, Grouping::none, TiesKendallVariant::acc23, curve()),
                    "V2.tieopt.acc23", true);
  expect_tieopt_key(calibrate_ties(kV2Gold, kV2Metric, 1, 5, Grouping::none, TiesKendallVariant::tau23, curve()),
                    "V2.tieopt.23", true);
}

TEST(TieCalibration, V4Groupings) {
  // "V4.tieopt_acc23.<grouping>" = [best tau, 0, number of active groups].
  for (Grouping g : {Grouping::none, Grouping::sys, Grouping::item}) {
    const std::string k = std::string("V4.tieopt_acc23.") + name(g);
    const auto r = calibrate_ties(kV4Gold, kV4Metric, 3, 4, g, TiesKendallVariant::acc23);
    const auto& v = key(k);
    EXPECT_NEAR(r.value, v[0].get<double>(), kTol) << k;
    EXPECT_EQ(r.epsilon, 0.0) << k;  // spec 1.11 V4 table: best epsilon 0 in every grouping
    EXPECT_EQ(static_cast<double>(r.num_groups), v[2].get<double>()) << k;
  }
  // Spec 1.11: the V4 `none` threshold list keeps float artefacts as separate candidates.
  const auto r = calibrate_ties(kV4Gold, kV4Metric, 3, 4, Grouping::none, TiesKendallVariant::acc23, curve());
  const std::vector<double> head = {
      0.0, 0.09999999999999998, 0.1, 0.10000000000000003, 0.19999999999999996, 0.19999999999999998,
      0.2, 0.20000000000000007};
  ASSERT_GE(r.thresholds.size(), head.size());
  for (std::size_t i = 0; i < head.size(); ++i) EXPECT_EQ(r.thresholds[i], head[i]) << i;
}

TEST(TieCalibration, V5Groupings) {
  // "V5.tieopt_acc23.<g>", "V5.tieopt_23.<g>": multi-group means (tolerance) except none (one group).
  for (Grouping g : {Grouping::none, Grouping::sys, Grouping::item}) {
    for (auto [variant, vname] :
         {std::pair{TiesKendallVariant::acc23, "acc23"}, std::pair{TiesKendallVariant::tau23, "23"}}) {
      const std::string k = std::string("V5.tieopt_") + vname + "." + name(g);
      expect_tieopt_key(calibrate_ties(kV5Gold, kV5Metric, 3, 4, g, variant, curve()), k, false);
    }
  }
}

TEST(TieCalibration, TauOptimizationVectors) {
  // "TO.a", "TO.b": tau_optimization(metric, human) on one row; here gold = human.
  const std::vector<double> metric = {0, 2, 6, 8};
  expect_to_key(
      calibrate_ties(std::vector<double>{1, 2, 3, 4}, metric, 1, 4, Grouping::none, TiesKendallVariant::acc23, curve()),
      "TO.a", true);
  const auto b =
      calibrate_ties(std::vector<double>{1, 1, 1, 4}, metric, 1, 4, Grouping::none, TiesKendallVariant::acc23, curve());
  expect_to_key(b, "TO.b", true);
  EXPECT_EQ(b.epsilon, 4.0);  // smallest epsilon among the tied maxima

  // "TO.c", "TO.c.ref", "TO.c.tau23": rows are groups (sys grouping of a 5 x 5 table); the last row is
  // all missing and one human value is missing, and positions missing on either side are dropped.
  const std::vector<double> mc = {0, 5, 2, 3, 2, kNaN, 2, 1,    5,    3,    9,    1,   5,
                                  3, 8, 9, 3, 4, 4,    1, kNaN, kNaN, kNaN, kNaN, kNaN};
  const std::vector<double> hc = {1, 5, 2, 1, 1,    4, 2, 2,    1,    4,    5,    9,   2,
                                  8, 7, 7, 6, kNaN, 3, 2, kNaN, kNaN, kNaN, kNaN, kNaN};
  const auto acc = calibrate_ties(hc, mc, 5, 5, Grouping::sys, TiesKendallVariant::acc23, curve());
  EXPECT_EQ(acc.num_groups, 4u);
  expect_to_key(acc, "TO.c", false);
  expect_to_key(acc, "TO.c.ref", false);
  expect_to_key(calibrate_ties(hc, mc, 5, 5, Grouping::sys, TiesKendallVariant::tau23, curve()), "TO.c.tau23", false);
}

namespace {

// Oracle: O(candidates x pairs), per-group kendall_variant at every candidate, plain mean, first argmax.
TieCalibration oracle(const std::vector<double>& gold, const std::vector<double>& metric, std::size_t ns,
                      std::size_t ni, Grouping grouping, TiesKendallVariant variant) {
  std::vector<std::vector<std::size_t>> groups;
  if (grouping == Grouping::none) {
    groups.emplace_back();
    for (std::size_t k = 0; k < ns * ni; ++k) groups.back().push_back(k);
  } else if (grouping == Grouping::item) {
    for (std::size_t i = 0; i < ni; ++i) {
      groups.emplace_back();
      for (std::size_t s = 0; s < ns; ++s) groups.back().push_back(s * ni + i);
    }
  } else {
    for (std::size_t s = 0; s < ns; ++s) {
      groups.emplace_back();
      for (std::size_t i = 0; i < ni; ++i) groups.back().push_back(s * ni + i);
    }
  }
  std::vector<std::pair<std::vector<double>, std::vector<double>>> active;
  std::vector<double> thresholds = {0.0};
  for (const auto& idx : groups) {
    std::vector<double> g, m;
    for (std::size_t k : idx) {
      if (std::isnan(gold[k]) || std::isnan(metric[k])) continue;
      g.push_back(gold[k]);
      m.push_back(metric[k]);
    }
    if (g.size() < 2) continue;
    for (std::size_t i = 0; i < m.size(); ++i)
      for (std::size_t j = i + 1; j < m.size(); ++j) thresholds.push_back(std::fabs(m[i] - m[j]));
    active.emplace_back(g, m);
  }
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  TieCalibration r;
  r.num_groups = active.size();
  r.thresholds = thresholds;
  for (double eps : thresholds) {
    double sum = 0.0;
    for (const auto& [g, m] : active) sum += kendall_variant(g, m, variant, eps);
    r.values.push_back(active.empty() ? kNaN : sum / static_cast<double>(active.size()));
  }
  std::size_t best = 0;
  double top = r.values[0];
  for (double v : r.values) top = std::max(top, v);
  while (r.values[best] < top - 1e-12) ++best;  // first index within rounding of the maximum
  r.value = r.values[best];
  r.epsilon = thresholds[best];
  return r;
}

}  // namespace

TEST(TieCalibration, MatchesBruteForceOracle) {
  std::mt19937_64 rng(12345);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t ns = 1 + rng() % 6, ni = 1 + rng() % 6;
    const bool integer = trial % 2 == 0;
    std::vector<double> gold(ns * ni), metric(ns * ni);
    for (std::size_t k = 0; k < ns * ni; ++k) {
      gold[k] = static_cast<double>(rng() % 4);
      metric[k] = integer ? static_cast<double>(rng() % 5) : static_cast<double>(rng() % 1000) / 100.0;
      if (rng() % 8 == 0) gold[k] = kNaN;
      if (rng() % 10 == 0) metric[k] = kNaN;
    }
    for (Grouping g : {Grouping::none, Grouping::item, Grouping::sys}) {
      for (TiesKendallVariant v : {TiesKendallVariant::acc23, TiesKendallVariant::tau23}) {
        const auto fast = calibrate_ties(gold, metric, ns, ni, g, v, curve());
        const auto slow = oracle(gold, metric, ns, ni, g, v);
        const std::string where = "trial " + std::to_string(trial) + " " + name(g);
        ASSERT_EQ(fast.num_groups, slow.num_groups) << where;
        if (slow.num_groups == 0) {
          EXPECT_TRUE(std::isnan(fast.value)) << where;
          continue;
        }
        ASSERT_EQ(fast.thresholds, slow.thresholds) << where;
        for (std::size_t i = 0; i < slow.values.size(); ++i) EXPECT_NEAR(fast.values[i], slow.values[i], kTol) << where;
        EXPECT_NEAR(fast.value, slow.value, kTol) << where;
        EXPECT_EQ(fast.epsilon, slow.epsilon) << where;
      }
    }
  }
}

TEST(TieCalibration, SamplingIsSeededAndReported) {
  std::vector<double> gold(200), metric(200);
  std::mt19937_64 rng(7);
  for (std::size_t k = 0; k < gold.size(); ++k) {
    gold[k] = static_cast<double>(rng() % 10);
    metric[k] = static_cast<double>(rng() % 20);
  }
  TieCalibrationOptions o;
  o.sample_rate = 0.25;
  o.seed = 99;
  const auto a = calibrate_ties(gold, metric, 1, 200, Grouping::none, TiesKendallVariant::acc23, o);
  const auto b = calibrate_ties(gold, metric, 1, 200, Grouping::none, TiesKendallVariant::acc23, o);
  EXPECT_TRUE(a.sampled);
  EXPECT_EQ(a.seed, 99u);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.epsilon, b.epsilon);
  EXPECT_EQ(a.num_pairs, b.num_pairs);
  EXPECT_GT(a.num_pairs, 0u);
  EXPECT_LT(a.num_pairs, 200u * 199u / 2u);
  const auto full = calibrate_ties(gold, metric, 1, 200, Grouping::none, TiesKendallVariant::acc23);
  EXPECT_FALSE(full.sampled);
  EXPECT_EQ(full.num_pairs, 200u * 199u / 2u);
}

TEST(TieCalibration, RejectsMisuse) {
  const std::vector<double> v = {1, 2, 3};
  EXPECT_THROW(calibrate_ties(v, v, 1, 3, Grouping::none, TiesKendallVariant::b), trenchcoat::Error);
  EXPECT_THROW(calibrate_ties(v, v, 1, 2, Grouping::none, TiesKendallVariant::acc23), trenchcoat::Error);
  TieCalibrationOptions o;
  o.sample_rate = 0.0;
  EXPECT_THROW(calibrate_ties(v, v, 1, 3, Grouping::none, TiesKendallVariant::acc23, o), trenchcoat::Error);
  const std::vector<double> missing = {kNaN, kNaN, 1};
  const auto r = calibrate_ties(missing, v, 1, 3, Grouping::none, TiesKendallVariant::acc23);
  EXPECT_EQ(r.num_groups, 0u);
  EXPECT_TRUE(std::isnan(r.value));
}

TEST(KendallLike, Vectors) {
  auto expect = [](const KendallLikeResult& r, const std::string& k) {
    const auto& v = key(k);  // [tau, 0, #pairs, concordant, discordant]
    EXPECT_EQ(r.tau, v[0].get<double>()) << k;
    EXPECT_EQ(r.num_pairs, v[2].get<std::int64_t>()) << k;
    EXPECT_EQ(r.concordant, v[3].get<std::int64_t>()) << k;
    EXPECT_EQ(r.discordant, v[4].get<std::int64_t>()) << k;
  };
  const std::vector<double> g = {10, 11, 100, 150}, m = {2, 1, 4, 3};
  expect(kendall_like(g, m), "KL.t25");  // default thresh 25
  expect(kendall_like(g, m, 1), "KL.t1");
  expect(kendall_like(std::vector<double>{1, 2, 3}, std::vector<double>{5, 5, 6}, 0), "KL.metric_tie");
  // "KL.none.t1": S = 1, one missing gold, grouping none.
  const std::vector<double> gm = {10, kNaN, 100, 150};
  EXPECT_EQ(average_kendall_like(gm, m, 1, 4, Grouping::none, 1).value, key("KL.none.t1").get<double>());
  // "V4.kendalllike_t1.<grouping>": micro average weighted by #pairs.
  for (Grouping gr : {Grouping::none, Grouping::sys, Grouping::item}) {
    const std::string k = std::string("V4.kendalllike_t1.") + name(gr);
    EXPECT_NEAR(average_kendall_like(kV4Gold, kV4Metric, 3, 4, gr, 1).value, key(k).get<double>(), kTol) << k;
  }
}

TEST(PairwiseAccuracy, Vectors) {
  const auto c = agreement(std::vector<double>{1, 2, 3, 3, 4}, std::vector<double>{1, 1, 2, 1, 2});
  EXPECT_EQ(c.agree, key("AGR")[0].get<std::int64_t>()) << "AGR";
  EXPECT_EQ(c.num_pairs, key("AGR")[1].get<std::int64_t>()) << "AGR";

  const std::vector<double> ga = {80, 75, 70, 60}, ma = {0.9, 0.85, 0.86, 0.5};
  const std::vector<double> gb = {10, 12, 15}, mb = {1, 3, 2};
  const auto& v = key("ACC.pooled");  // [[agree, pairs] lp A, [agree, pairs] lp B, pooled accuracy]
  const auto a = agreement(ga, ma), b = agreement(gb, mb);
  EXPECT_EQ(a.agree, v[0][0].get<std::int64_t>()) << "ACC.pooled A";
  EXPECT_EQ(a.num_pairs, v[0][1].get<std::int64_t>()) << "ACC.pooled A";
  EXPECT_EQ(b.agree, v[1][0].get<std::int64_t>()) << "ACC.pooled B";
  EXPECT_EQ(b.num_pairs, v[1][1].get<std::int64_t>()) << "ACC.pooled B";
  const auto pooled = pooled_pairwise_accuracy({{ga, ma}, {gb, mb}});
  EXPECT_EQ(pooled.accuracy, v[2].get<double>()) << "ACC.pooled";
  EXPECT_EQ(pooled.num_pairs, 9);

  // Missing gold drops the pairs; one-sided ties disagree.
  const auto d = agreement(std::vector<double>{1, kNaN, 1, 2}, std::vector<double>{0, 5, 1, 2});
  EXPECT_EQ(d.num_pairs, 3);
  EXPECT_EQ(d.agree, 2);
  EXPECT_TRUE(std::isnan(pooled_pairwise_accuracy({}).accuracy));
}
