// Tie calibration reports how many pairs its epsilon ties, and a value whose epsilon ties (nearly)
// every pair is flagged, in `meta corr` and in the WMT task-set averages. All values are hand counts
// of the pairs of tiny tables.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/task_set.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"

using namespace trenchcoat::meta;

namespace {

TEST(TieCalibrationWarning, AllGoldTiesMakeTheLargestEpsilonWinAndItIsCounted) {
  // 3 systems, 1 item, gold all equal (3 gold-tied pairs), metric {0, 1, 3}: |dm| = 1, 3, 2. acc_23 is
  // 0/3 at epsilon 0, 1/3 at 1, 2/3 at 2 and 3/3 at 3, so the reference's sweep picks epsilon 3, the
  // largest difference, which makes every pair a metric tie: the value is only the share of gold ties.
  const std::vector<double> gold = {0, 0, 0}, metric = {0, 1, 3};
  const TieCalibration t = calibrate_ties(gold, metric, 3, 1, Grouping::none, TiesKendallVariant::acc23);
  EXPECT_EQ(t.value, 1.0);
  EXPECT_EQ(t.epsilon, 3.0);
  EXPECT_EQ(t.num_pairs, 3u);
  EXPECT_EQ(t.metric_tied_pairs, 3u);
  EXPECT_EQ(t.gold_tied_pairs, 3u);

  // Gold and metric in the same strict order: epsilon 0 wins with acc 1 and ties nothing.
  const TieCalibration clean = calibrate_ties(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2, 3}, 3, 1,
                                              Grouping::none, TiesKendallVariant::acc23);
  EXPECT_EQ(clean.epsilon, 0.0);
  EXPECT_EQ(clean.metric_tied_pairs, 0u);
  EXPECT_EQ(clean.gold_tied_pairs, 0u);
}

TEST(TieCalibrationWarning, AgreementValueCarriesTheCountsAndTheWarning) {
  ScoreTable gold({"A", "B", "C"}, 1), metric({"A", "B", "C"}, 1), good({"A", "B", "C"}, 1);
  const std::vector<double> g = {0, 0, 0}, m = {0, 1, 3}, s = {5, 6, 7};
  for (std::size_t i = 0; i < 3; ++i) {
    gold.set(i, 0, g[i]);
    metric.set(i, 0, m[i]);
    good.set(i, 0, s[i]);
  }
  AgreementOptions options;
  const AgreementValue v = compute_agreement(gold, metric, AgreementStatistic::acc23_calibrated, options);
  ASSERT_TRUE(v.metric_tied_pairs && v.gold_tied_pairs && v.epsilon);
  EXPECT_EQ(*v.metric_tied_pairs, 3u);
  EXPECT_EQ(metric_tie_share(v), std::optional<double>(1.0));
  EXPECT_TRUE(ties_nearly_all_pairs(v));
  const std::string w = tie_calibration_warning(v);
  EXPECT_NE(w.find("epsilon 3 makes 100.0% of 3 pairs metric ties (gold ties: 100.0%)"), std::string::npos) << w;
  // Other statistics carry no counts and no warning.
  const AgreementValue p = compute_agreement(gold, good, AgreementStatistic::pearson, options);
  EXPECT_FALSE(metric_tie_share(p));
  EXPECT_EQ(tie_calibration_warning(p), "");
}

TEST(TieCalibrationWarning, TaskSetFlagsTheMetricWhoseTieCalibratedTaskTiesEverything) {
  // WMT24: sys spa, seg acc23-opt item. A flagged acc23-opt value names its task; a clean one does not.
  const TaskSet set = wmt24_task_set();
  AgreementValue spa, flagged, clean;
  spa.value = 0.8;
  flagged.value = 0.48;
  flagged.epsilon = 100.0;
  flagged.pairs = 1000.0;
  flagged.metric_tied_pairs = 995;  // 99.5% >= 99%
  flagged.gold_tied_pairs = 480;
  clean = flagged;
  clean.metric_tied_pairs = 989;  // 98.9% < 99%
  EXPECT_EQ(flagged_tasks(set, {spa, flagged}), (std::vector<std::string>{"seg acc23-opt item"}));
  EXPECT_TRUE(flagged_tasks(set, {spa, clean}).empty());
  EXPECT_TRUE(flagged_tasks(set, {spa, std::nullopt}).empty());
}

}  // namespace
