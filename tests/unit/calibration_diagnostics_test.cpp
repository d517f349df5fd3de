// Diagnostics beside ECE that keep a calibration report from misleading: base rate, ROC AUC, the
// Murphy decomposition of the Brier score, equal-mass bins that keep tied probabilities together,
// the temperature fit naming an offset, missing scorer scores under a policy, and a standard error of
// the length-controlled win rate that is not 0 by construction. Every expected value is a hand
// computation written beside it (checked with numpy 1.24).
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/calibration.hpp"
#include "trenchcoat/meta/calibration_data.hpp"
#include "trenchcoat/meta/cross_fitted_calibration.hpp"
#include "trenchcoat/meta/length_controlled_win_rate.hpp"
#include "trenchcoat/meta/recalibration.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

namespace {

TEST(CalibrationDiagnostics, ConstantPredictorIsOneBinWithNoResolutionAndChanceAuc) {
  // p = 0.5 for ten points, four labelled 1 (base rate 0.4). Equal width: one bin, ECE |0.4 - 0.5| =
  // 0.1. numpy array_split puts one point in each of 10 bins: ECE = mean |y - 0.5| = 0.5, a number
  // about nothing; keeping ties together gives the one bin and 0.1 again. AUC: every pair tied, 1/2.
  // Brier = mean (0.5 - y)^2 = 0.25 = REL (0.5 - 0.4)^2 = 0.01 - RES 0 + UNC 0.4 * 0.6 = 0.24.
  const std::vector<double> p(10, 0.5), y = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  EXPECT_NEAR(calibration_error(p, y, 10, BinningScheme::equal_mass).ece, 0.5, 1e-15);
  const CalibrationError tied = calibration_error(p, y, 10, BinningScheme::equal_mass_ties_together);
  EXPECT_NEAR(tied.ece, 0.1, 1e-15);
  EXPECT_EQ(tied.diagram.counts, (std::vector<std::size_t>{10, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(roc_auc(p, y), std::optional<double>(0.5));
  EXPECT_NEAR(base_rate(y), 0.4, 1e-15);
  const CalibrationMetrics m = measure_calibration(p, y, 10);
  EXPECT_NEAR(m.ece_equal_mass, 0.1, 1e-15);
  EXPECT_NEAR(m.base_rate, 0.4, 1e-15);
  ASSERT_TRUE(m.auc);
  EXPECT_EQ(*m.auc, 0.5);
  EXPECT_NEAR(m.brier_parts.reliability, 0.01, 1e-15);
  EXPECT_EQ(m.brier_parts.resolution, 0.0);
  EXPECT_NEAR(m.brier_parts.uncertainty, 0.24, 1e-15);
  EXPECT_NEAR(m.brier_parts.within_bin, 0.0, 1e-15);
}

TEST(CalibrationDiagnostics, EqualMassBoundariesNeverSplitEqualProbabilities) {
  // p = {0.1, 0.1, 0.1, 0.2, 0.3, 0.3}, B = 3: array_split chunks start at 0, 2, 4; the boundary at 2
  // falls inside the run of 0.1 and moves to 3. Bins {0.1 x3}, {0.2}, {0.3 x2}.
  const std::vector<double> p = {0.1, 0.3, 0.1, 0.2, 0.3, 0.1}, y = {0, 1, 1, 0, 1, 0};
  EXPECT_EQ(assign_calibration_bins(p, 3, BinningScheme::equal_mass_ties_together),
            (std::vector<std::size_t>{0, 2, 0, 1, 2, 0}));
  // ECE = 3/6 |1/3 - 0.1| + 1/6 |0 - 0.2| + 2/6 |1 - 0.3| = 0.38333...
  EXPECT_NEAR(calibration_error(p, y, 3, BinningScheme::equal_mass_ties_together).ece,
              0.5 * (1.0 / 3.0 - 0.1) + 0.2 / 6.0 + 0.7 / 3.0, 1e-15);
  // A run longer than a chunk swallows the next boundary too; the emptied bins carry count 0.
  const std::vector<double> q = {0.4, 0.4, 0.4, 0.4, 0.4, 0.9};
  EXPECT_EQ(calibration_error(q, std::vector<double>{0, 1, 0, 1, 0, 1}, 3, BinningScheme::equal_mass_ties_together)
                .diagram.counts,
            (std::vector<std::size_t>{5, 0, 1}));
  // Distinct probabilities: the same bins as array_split.
  const std::vector<double> d = {0.1, 0.2, 0.3, 0.4};
  EXPECT_EQ(assign_calibration_bins(d, 2, BinningScheme::equal_mass_ties_together),
            assign_calibration_bins(d, 2, BinningScheme::equal_mass));
}

TEST(CalibrationDiagnostics, RocAucIsMannWhitneyWithTiesHalf) {
  // sklearn's roc_auc_score docs example: 0.75.
  EXPECT_EQ(roc_auc(std::vector<double>{0.1, 0.4, 0.35, 0.8}, std::vector<double>{0, 0, 1, 1}),
            std::optional<double>(0.75));
  // Positives at 0.2, 0.6, 0.9; negatives at 0.2, 0.6: (0.5 + 0) + (1 + 0.5) + (1 + 1) = 4 of 6 pairs.
  EXPECT_NEAR(*roc_auc(std::vector<double>{0.2, 0.2, 0.6, 0.6, 0.9}, std::vector<double>{0, 1, 0, 1, 1}), 4.0 / 6.0,
              1e-15);
  // Soft labels: y = {0.5, 1} at p = {0.3, 0.7}: positive weight 1 at 0.7 beats negative weight 0.5 at
  // 0.3 (0.5); positive weight 0.5 at 0.3 meets negative weight 0 at 0.7; the self pair is left out.
  // AUC = 0.5 / (1 * 0.5 + 0.5 * 0) = 1.
  EXPECT_EQ(roc_auc(std::vector<double>{0.3, 0.7}, std::vector<double>{0.5, 1}), std::optional<double>(1.0));
  // A single class has no pair.
  EXPECT_FALSE(roc_auc(std::vector<double>{0.3, 0.7}, std::vector<double>{1, 1}));
}

TEST(CalibrationDiagnostics, MurphyDecompositionOverTheReliabilityBins) {
  // p = {0.1, 0.15, 0.8, 0.9}, y = {0, 1, 1, 1}, 2 equal-width bins: bin 0 conf 0.125 acc 0.5, bin 1
  // conf 0.85 acc 1; ybar = 0.75. REL = 0.5 * 0.375^2 + 0.5 * 0.15^2 = 0.0815625; RES = 0.5 * 0.25^2 +
  // 0.5 * 0.25^2 = 0.0625; UNC = 0.75 * 0.25 = 0.1875; Brier = (0.01 + 0.7225 + 0.04 + 0.01) / 4 =
  // 0.195625, so within_bin = 0.195625 - 0.2065625 = -0.0109375.
  const std::vector<double> p = {0.1, 0.15, 0.8, 0.9}, y = {0, 1, 1, 1};
  const CalibrationError e = calibration_error(p, y, 2);
  const BrierDecomposition d = brier_decomposition(p, y, e.diagram);
  EXPECT_NEAR(d.reliability, 0.0815625, 1e-15);
  EXPECT_NEAR(d.resolution, 0.0625, 1e-15);
  EXPECT_NEAR(d.uncertainty, 0.1875, 1e-15);
  EXPECT_NEAR(d.brier, 0.195625, 1e-15);
  EXPECT_NEAR(d.within_bin, -0.0109375, 1e-15);
  EXPECT_EQ(d.brier, d.reliability - d.resolution + d.uncertainty + d.within_bin);
}

TEST(CalibrationDiagnostics, TemperatureFitNamesAnOffsetWhenTheRankingIsRight) {
  // z = {1, 2, 3, 4}, y = {0, 0, 0, 1}: cov(z, y) = 0.375 > 0 (the highest logit is the positive), but
  // every logit is positive while the base rate is 1/4: g(0) = mean((1/2 - y) z) = 0.25 >= 0.
  const std::string offset = error_of([] {
    fit_temperature(std::vector<double>{1, 2, 3, 4}, std::vector<double>{0, 0, 0, 1});
  });
  EXPECT_NE(offset.find("an offset, not the ranking"), std::string::npos) << offset;
  EXPECT_NE(offset.find("covariance 0.375"), std::string::npos) << offset;
  EXPECT_NE(offset.find("mean 2.5"), std::string::npos) << offset;
  EXPECT_NE(offset.find("base rate 0.25"), std::string::npos) << offset;
  EXPECT_EQ(offset.find("anti-related"), std::string::npos) << offset;
  // Anti-related logits keep the old diagnosis: cov = -0.5.
  const std::string anti = error_of([] {
    fit_temperature(std::vector<double>{1, 2, 3, 4}, std::vector<double>{1, 1, 0, 0});
  });
  EXPECT_NE(anti.find("anti-related"), std::string::npos) << anti;
  EXPECT_EQ(anti.find("offset"), std::string::npos) << anti;
}

TEST(CalibrationDiagnostics, MissingScorerScoresFollowThePolicy) {
  const double nan = std::nan("");
  std::vector<PreferenceExample> rows(3);
  rows[0].line = 1;
  rows[0].scores = {2, 1};
  rows[1].line = 2;
  rows[1].scores = {nan, nan};  // a judge that failed
  rows[2].line = 3;
  rows[2].scores = {1, 3};
  EXPECT_NE(error_of([&] {
              calibration_pairs_from_preferences(rows, TieHandling::half, false);
            }).find("line 2: a score is missing (null): --missing drop"),
            std::string::npos);
  const CalibrationData drop =
      calibration_pairs_from_preferences(rows, TieHandling::half, false, trenchcoat::meta::MissingPolicy::drop);
  EXPECT_EQ(drop.scores, (std::vector<double>{1, -2}));
  EXPECT_EQ(drop.missing_scores, 1u);
  const CalibrationData tie =
      calibration_pairs_from_preferences(rows, TieHandling::half, false, trenchcoat::meta::MissingPolicy::tie);
  EXPECT_EQ(tie.scores, (std::vector<double>{1, 0, -2}));  // no preference: difference 0
  EXPECT_EQ(tie.missing_scores, 1u);

  // Tables: system B's metric score is None on item 1; pairs (A, B) and (B, C) of that item.
  ScoreTable metric({"A", "B", "C"}, 1), human({"A", "B", "C"}, 1);
  const std::vector<double> m = {3, nan, 1}, h = {3, 2, 1};
  for (std::size_t s = 0; s < 3; ++s) {
    metric.set(s, 0, m[s]);
    human.set(s, 0, h[s]);
  }
  EXPECT_NE(error_of([&] {
              calibration_pairs_from_tables(metric, human, TieHandling::half);
            }).find("system 'B' is missing (None)"),
            std::string::npos);
  const CalibrationData t =
      calibration_pairs_from_tables(metric, human, TieHandling::half, {}, trenchcoat::meta::MissingPolicy::drop);
  EXPECT_EQ(t.scores, (std::vector<double>{2}));  // only (A, C)
  EXPECT_EQ(t.missing_scores, 2u);
}

TEST(LengthControlledStandardError, IsNotZeroWhenTheDifficultyTermIsDropped) {
  // No difficulty, all length differences equal: only theta_model is fitted, sigma(theta_model) =
  // mean y = 0.75, so every per-instruction LC probability is 0.75 and AlpacaEval's lc_standard_error
  // (their spread) is 0. The delta-method one is 100 sqrt(sum (y - 0.75)^2) / n = 100 sqrt(0.05) / 4 =
  // 5.5901699437494745 (the ddof-0 standard error of the mean preference).
  const std::vector<double> lb = {10, 10, 10, 10}, lm = {20, 20, 20, 20}, y = {0.9, 0.6, 0.7, 0.8};
  const LengthControlledResult r = length_controlled_win_rate({lb, lm, y, {}});
  EXPECT_TRUE(r.length_term_dropped);
  EXPECT_TRUE(r.difficulty_term_dropped);
  EXPECT_NEAR(r.lc_win_rate, 75.0, 1e-9);
  EXPECT_EQ(r.lc_standard_error, 0.0);
  EXPECT_NEAR(r.lc_standard_error_delta, 100.0 * std::sqrt(0.05) / 4.0, 1e-9);
}

}  // namespace
