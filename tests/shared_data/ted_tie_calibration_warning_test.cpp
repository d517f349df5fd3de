// Tie-calibrated acc_23 on real data: on WMT21 TED en-de (13 MT systems x 529 segments, MQM as gold,
// reference refA), 48% of the per-segment system pairs are MQM ties, and mt-metrics-eval's tie
// calibration then picks an epsilon that ties (nearly) every metric pair for BLEU, chrF and TER: each
// value is about the share of gold ties (0.4803), whatever the metric. The epsilon must be shown and
// the value flagged, in `meta corr` and in the `mtme eval` task-set averages. Expected values were
// measured with this implementation (its sweep equals the reference on the spec's vectors,
// tie_calibration_test): BLEU epsilon 100 (the largest sentence-BLEU difference), TER 300.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "shared_data.hpp"
#include "test_support.hpp"

namespace {

using trenchcoat::testing::shared_data_path;

class TedTieCalibration : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(TedTieCalibration, EveryPairTiedIsShownAndFlagged) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv");
  auto ok = [&](const std::vector<std::string>& args) {
    const auto r = trenchcoat(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return r;
  };
  ok({"mtme", "import-mqm", "--tsv", shared_data_path("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv"), "--root",
      "ted", "--lp", "en-de", "--reference", "ref=refA", "--domain", "ted"});
  ok({"mtme", "score", "--root", "ted", "--lp", "en-de", "--ref", "refA"});
  const auto corr = ok({"meta", "corr", "--gold", "ted/human-scores/en-de.mqm.seg.score", "--metric",
                        "BLEU=ted/metric-scores/en-de/BLEU-refA.seg.score", "--metric",
                        "TER=ted/metric-scores/en-de/TER-refA.seg.score", "--exclude", "refA", "--stat", "acc23-opt",
                        "--group", "item"});
  const auto j = nlohmann::json::parse(corr.stdout_text);
  for (const auto& row : j["metrics"]) {
    SCOPED_TRACE(row["metric"].get<std::string>());
    EXPECT_EQ(row["pairs"], 41262.0);          // 529 segments x C(13, 2)
    EXPECT_EQ(row["gold_tied_pairs"], 19818);  // 48.0%
    EXPECT_GE(row["metric_tied_pairs"].get<double>(), 0.99 * 41262);
    EXPECT_TRUE(row.contains("warning"));
  }
  EXPECT_NEAR(j["metrics"][0]["epsilon"].get<double>(), 100.0, 1e-9);  // BLEU
  EXPECT_EQ(j["metrics"][1]["epsilon"], 300.0);                        // TER
  EXPECT_NE(corr.stderr_text.find("warning: BLEU: epsilon 100 makes 100.0% of 41262 pairs"), std::string::npos)
      << corr.stderr_text;

  const auto eval = ok({"mtme", "eval", "--root", "ted", "--lp", "en-de", "--ref", "refA"});
  const auto e = nlohmann::json::parse(eval.stdout_text);
  ASSERT_EQ(e["task_sets"].size(), 2u);
  for (const auto& set : e["task_sets"])
    for (const auto& row : set["metrics"]) {
      SCOPED_TRACE(set["task_set"].get<std::string>() + " " + row["metric"].get<std::string>());
      ASSERT_TRUE(row.contains("flagged_tasks"));
      EXPECT_EQ(row["flagged_tasks"][0], "seg acc23-opt item");
    }
  const auto text = ok({"mtme", "eval", "--root", "ted", "--lp", "en-de", "--ref", "refA", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("0.4803 eps 100 !"), std::string::npos) << text.stdout_text;
}

}  // namespace
