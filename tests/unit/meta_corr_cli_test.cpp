// `trenchcoat meta corr` on small mt-metrics-eval score files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

class MetaCorrCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult corr(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "corr"});
    return trenchcoat(args);
  }
};

TEST_F(MetaCorrCli, SegmentLevelPearsonAndSystemSelection) {
  // Three systems x two segments; gold has one missing value. Metric M equals gold (up to scale), so
  // Pearson is 1 wherever it is defined.
  write("gold.seg.score", "A 1\nA 2\nB 3\nB None\nC 5\nC 7\n");
  write("M-refA.seg.score", "A 10\nA 20\nB 30\nB 99\nC 50\nC 70\nD 1\nD 1\n");
  const auto r = corr({"--gold", "gold.seg.score", "--metric", "M=M-refA.seg.score", "--stat", "pearson"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_NEAR(j[0]["value"].get<double>(), 1.0, 1e-15);  // pooled: (1,2,3,5,7) vs (10,20,30,50,70)
  EXPECT_EQ(j[0]["systems"], 3);                          // D has no gold scores and is not used
  // Grouped by item: item 1 has all three systems, item 2 only A and C (B's gold is missing).
  const auto item = nlohmann::json::parse(corr({"--gold", "gold.seg.score", "--metric", "M=M-refA.seg.score", "--group", "item"}).stdout_text);
  EXPECT_EQ(item[0]["groups"], 2);
  // --exclude narrows the systems.
  const auto excl = nlohmann::json::parse(
      corr({"--gold", "gold.seg.score", "--metric", "M=M-refA.seg.score", "--exclude", "B"}).stdout_text);
  EXPECT_EQ(excl[0]["systems"], 2);
}

TEST_F(MetaCorrCli, ClearErrors) {
  write("gold.seg.score", "A 1\nA 2\nB 3\nB 4\n");
  write("short.seg.score", "A 1\nB 2\n");
  write("missing.seg.score", "A 1\nA 2\n");
  write("nan.seg.score", "A 1\nA nan\nB 1\nB 2\n");
  const auto s = corr({"--gold", "gold.seg.score", "--metric", "S=short.seg.score"});
  EXPECT_NE(s.stderr_text.find("short.seg.score: 1 scores per system, but the gold file has 2"), std::string::npos) << s.stderr_text;
  const auto m = corr({"--gold", "gold.seg.score", "--metric", "M=missing.seg.score"});
  EXPECT_NE(m.stderr_text.find("missing.seg.score: no scores for system 'B'"), std::string::npos) << m.stderr_text;
  const auto n = corr({"--gold", "gold.seg.score", "--metric", "N=nan.seg.score"});
  EXPECT_NE(n.stderr_text.find("nan.seg.score:2: score 'nan' is not a finite number"), std::string::npos) << n.stderr_text;
  EXPECT_NE(corr({"--gold", "gold.seg.score", "--metric", "M=gold.seg.score", "--perm", "100"}).stderr_text.find("not supported yet"),
            std::string::npos);
  EXPECT_EQ(corr({"--gold", "gold.seg.score", "--metric", "nofile"}).exit_code, 2);
}

}  // namespace

namespace {

class MetaCorrCliStatistics : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaCorrCliStatistics, TieCalibratedPairwiseAndKendallLike) {
  // System level, four systems. Gold ranks A < B < C = D; the metric ranks A < B, and C and D 0.05 apart.
  write("gold.sys.score", "A 1\nB 2\nC 3\nD 3\n");
  write("m.sys.score", "A 10\nB 20\nC 30\nD 30.05\n");
  auto run = [&](const std::string& stat, const std::string& group = "none") {
    const auto r = trenchcoat({"meta", "corr", "--gold", "gold.sys.score", "--metric", "M=m.sys.score", "--stat", stat, "--group", group});
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return nlohmann::json::parse(r.stdout_text.empty() ? "[{}]" : r.stdout_text)[0];
  };
  // 6 pairs: 5 ordered alike, C-D tied in gold only. acc23 = 5/6 with epsilon 0; calibration finds
  // epsilon = |30.05 - 30| (the C-D tie becomes a metric tie too) and 6/6.
  const auto acc = run("acc23");
  EXPECT_DOUBLE_EQ(acc["value"].get<double>(), 5.0 / 6.0);
  const auto opt = run("acc23-opt");
  EXPECT_EQ(opt["value"].get<double>(), 1.0);
  EXPECT_EQ(opt["epsilon"].get<double>(), 30.05 - 30.0);
  // Pairwise accuracy (Kocmi et al.): a tie on one side only disagrees: 5 of 6.
  const auto pa = run("pairwise-acc");
  EXPECT_EQ(pa["agree"], 5);
  EXPECT_EQ(pa["pairs"], 6);
  // KendallLike keeps pairs with |gold difference| >= threshold, so with 0 the gold tie C-D stays and,
  // being neither concordant nor discordant in gold, counts as discordant (spec/metaeval.md 1.5):
  // (5 - 1) / 6.
  EXPECT_EQ(run("kendall-like")["value"].get<double>(), 4.0 / 6.0);
  const auto bad = trenchcoat({"meta", "corr", "--gold", "gold.sys.score", "--metric", "M=m.sys.score", "--stat", "pairwise-acc", "--group", "item"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
