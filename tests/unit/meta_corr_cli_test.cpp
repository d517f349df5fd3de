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
  EXPECT_NEAR(j["metrics"][0]["value"].get<double>(), 1.0, 1e-15);  // pooled: (1,2,3,5,7) vs (10,20,30,50,70)
  EXPECT_EQ(j["systems"], 3);                                       // D has no gold scores and is not used
  // Grouped by item: item 1 has all three systems, item 2 only A and C (B's gold is missing).
  const auto item = nlohmann::json::parse(
      corr({"--gold", "gold.seg.score", "--metric", "M=M-refA.seg.score", "--group", "item"}).stdout_text);
  EXPECT_EQ(item["metrics"][0]["groups"], 2);
  // --exclude narrows the systems.
  const auto excl = nlohmann::json::parse(
      corr({"--gold", "gold.seg.score", "--metric", "M=M-refA.seg.score", "--exclude", "B"}).stdout_text);
  EXPECT_EQ(excl["systems"], 2);
}

TEST_F(MetaCorrCli, ClearErrors) {
  write("gold.seg.score", "A 1\nA 2\nB 3\nB 4\n");
  write("short.seg.score", "A 1\nB 2\n");
  write("missing.seg.score", "A 1\nA 2\n");
  write("nan.seg.score", "A 1\nA nan\nB 1\nB 2\n");
  const auto s = corr({"--gold", "gold.seg.score", "--metric", "S=short.seg.score"});
  EXPECT_NE(s.stderr_text.find("short.seg.score: 1 scores per system, but the gold file has 2"), std::string::npos)
      << s.stderr_text;
  const auto m = corr({"--gold", "gold.seg.score", "--metric", "M=missing.seg.score"});
  EXPECT_NE(m.stderr_text.find("missing.seg.score: no scores for system 'B'"), std::string::npos) << m.stderr_text;
  const auto n = corr({"--gold", "gold.seg.score", "--metric", "N=nan.seg.score"});
  EXPECT_NE(n.stderr_text.find("nan.seg.score:2: score 'nan' is not a finite number"), std::string::npos)
      << n.stderr_text;
  const auto p =
      corr({"--gold", "gold.seg.score", "--metric", "M=gold.seg.score", "--stat", "kendall-like", "--perm", "100"});
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_NE(p.stderr_text.find("--perm is not available for --stat kendall-like"), std::string::npos) << p.stderr_text;
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
    const auto r = trenchcoat(
        {"meta", "corr", "--gold", "gold.sys.score", "--metric", "M=m.sys.score", "--stat", stat, "--group", group});
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return nlohmann::json::parse(r.stdout_text.empty() ? R"({"metrics": [{}]})" : r.stdout_text)["metrics"][0];
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
  // being neither concordant nor discordant in gold, counts as discordant (mt-metrics-eval's KendallLike):
  // (5 - 1) / 6.
  EXPECT_EQ(run("kendall-like")["value"].get<double>(), 4.0 / 6.0);
  const auto bad = trenchcoat({"meta", "corr", "--gold", "gold.sys.score", "--metric", "M=m.sys.score", "--stat",
                               "pairwise-acc", "--group", "item"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace

namespace {

class MetaCorrCliSignificance : public trenchcoat::testing::TempDirectoryTest {
 protected:
  // Four systems x six segments. Metric "good" is gold plus a little noise, "bad" ranks backwards
  // within systems, "same" is a copy of "good".
  void SetUp() override {
    TempDirectoryTest::SetUp();
    std::string gold, good, bad;
    const double g[4][6] = {{1, 2, 3, 4, 5, 6}, {2, 3, 1, 5, 4, 7}, {0, 1, 5, 2, 3, 8}, {3, 3, 2, 6, 1, 9}};
    for (int s = 0; s < 4; ++s)
      for (int i = 0; i < 6; ++i) {
        const std::string name = "S" + std::to_string(s);
        gold += name + " " + std::to_string(g[s][i]) + "\n";
        good += name + " " + std::to_string(g[s][i] + 0.01 * ((i * 7 + s) % 5)) + "\n";
        bad += name + " " + std::to_string(10 - g[s][i]) + "\n";
      }
    write("gold.seg.score", gold + "Z None\nZ None\nZ None\nZ None\nZ None\nZ None\n");
    write("good.seg.score", good);
    write("bad.seg.score", bad);
  }
  nlohmann::json corr(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "corr", "--gold", "gold.seg.score", "--metric", "bad=bad.seg.score", "--metric",
                               "good=good.seg.score"});
    const auto r = trenchcoat(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return nlohmann::json::parse(r.stdout_text.empty() ? "{}" : r.stdout_text);
  }
};

TEST_F(MetaCorrCliSignificance, PermutationRanksAndMatrix) {
  const auto j = corr({"--perm", "200", "--seed", "3"});
  // Sorted by value: good first, in its own cluster; bad second.
  EXPECT_EQ(j["metrics"][0]["metric"], "good");
  EXPECT_EQ(j["metrics"][0]["rank"], 1);
  EXPECT_EQ(j["metrics"][1]["rank"], 2);
  EXPECT_EQ(j["significance"]["test"], "PERM-BOTH");
  EXPECT_EQ(j["significance"]["seed"], 3);
  EXPECT_LT(j["significance"]["p_values"][0][1].get<double>(), 0.05);
  // The system whose gold is missing everywhere is left out and reported.
  EXPECT_EQ(j["systems"], 4);
  EXPECT_EQ(j["systems_without_gold"][0], "Z");
  // Same seed, same answer.
  EXPECT_EQ(corr({"--perm", "200", "--seed", "3"}).dump(), j.dump());
  // Tie-calibrated accuracy uses the pairwise permutation test.
  const auto t = corr({"--stat", "acc23-opt", "--group", "item", "--perm", "100"});
  EXPECT_EQ(t["significance"]["test"], "pairwise permutation");
  EXPECT_EQ(t["metrics"][0]["metric"], "good");
}

TEST_F(MetaCorrCliSignificance, BootstrapIntervalsContainTheValue) {
  const auto j = corr({"--bootstrap", "300", "--seed", "5", "--group", "sys"});
  for (const auto& row : j["metrics"]) {
    const double v = row["value"], lo = row["interval"][0], hi = row["interval"][1];
    EXPECT_LE(lo, v);
    EXPECT_LE(v, hi);
  }
  EXPECT_EQ(j["bootstrap"]["seed"], 5);
  EXPECT_EQ(j["bootstrap"]["resamples"], 300);
}

TEST_F(MetaCorrCliSignificance, SoftPairwiseAccuracyExactAndTextTable) {
  const auto j = corr({"--stat", "spa", "--spa-exact"});
  EXPECT_EQ(j["metrics"][1]["metric"], "good");
  EXPECT_TRUE(j["metrics"][1]["spa"]["exact"].get<bool>());
  EXPECT_EQ(j["metrics"][1]["spa"]["permutations"], 64);  // 2^6 sign vectors
  EXPECT_GT(j["metrics"][1]["value"].get<double>(), j["metrics"][0]["value"].get<double>());
  const auto text = trenchcoat(
      {"meta", "corr", "--gold", "gold.seg.score", "--metric", "good=good.seg.score", "--perm", "50", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("rank"), std::string::npos) << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("left out (no gold score): Z"), std::string::npos) << text.stdout_text;
}

}  // namespace

namespace {

class MetaCorrCliSkips : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaCorrCliSkips, GroupsWithoutEnoughGoldAreCountedNotHidden) {
  // Item grouping, three items: item 2 has one gold score (skipped), item 3 a constant gold (Pearson
  // undefined, skipped); only item 1 is averaged.
  write("gold.seg.score", "A 1\nA None\nA 5\nB 2\nB 3\nB 5\nC 3\nC None\nC 5\n");
  write("m.seg.score", "A 1\nA 2\nA 3\nB 2\nB 1\nB 2\nC 3\nC 3\nC 1\n");
  const auto r =
      trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--group", "item"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["metrics"][0]["groups"], 1);
  EXPECT_EQ(j["metrics"][0]["groups_skipped"], 2);
  // Item 1: gold (1, 2, 3) vs metric (1, 2, 3); scipy 1.10.1 pearsonr gives 0.9999999999999998.
  EXPECT_EQ(j["metrics"][0]["value"].get<double>(), 0.9999999999999998);
}

TEST_F(MetaCorrCliSkips, BadInputNamesTheFileAndLine) {
  write("gold.seg.score", "A 1\nA 2\nB 3\nB 4\n");
  write("ragged.seg.score", "A 1\nA 2\nB 3\n");
  write("text.seg.score", "A 1\nA high\nB 3\nB 4\n");
  const auto ragged = trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "R=ragged.seg.score"});
  EXPECT_EQ(ragged.exit_code, 1);
  EXPECT_NE(ragged.stderr_text.find("ragged.seg.score"), std::string::npos) << ragged.stderr_text;
  const auto text = trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "T=text.seg.score"});
  EXPECT_NE(text.stderr_text.find("text.seg.score:2:"), std::string::npos) << text.stderr_text;
  const auto unknown =
      trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "M=gold.seg.score", "--systems", "A,Q"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.stderr_text.find("gold.seg.score: no scores for system 'Q'"), std::string::npos)
      << unknown.stderr_text;
  const auto stat =
      trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "M=gold.seg.score", "--stat", "rho"});
  EXPECT_EQ(stat.exit_code, 2);
  EXPECT_NE(stat.stderr_text.find("unknown --stat 'rho' (known: pearson,"), std::string::npos) << stat.stderr_text;
}

}  // namespace

namespace {

class MetaCorrCliWilliams : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaCorrCliWilliams, MatchesTheReferenceVector) {
  // corr_vectors.json "WILL" (Williams test): gold [1..5], m1 [1.1,2,3.1,4,5.1],
  // m2 [1.5,2,3.1,4,5.5] -> one-sided p 0.019073687983159792 (mt-metrics-eval WilliamsSigDiff, Pearson).
  write("gold.sys.score", "A 1\nB 2\nC 3\nD 4\nE 5\n");
  write("m1.sys.score", "A 1.1\nB 2\nC 3.1\nD 4\nE 5.1\n");
  write("m2.sys.score", "A 1.5\nB 2\nC 3.1\nD 4\nE 5.5\n");
  const auto r = trenchcoat({"meta", "corr", "--gold", "gold.sys.score", "--metric", "m1=m1.sys.score", "--metric",
                             "m2=m2.sys.score", "--level", "sys", "--williams"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_NEAR(j["williams"]["p_values"][0][1].get<double>(), 0.019073687983159792, 1e-15);
  const auto bad = trenchcoat({"meta", "corr", "--gold", "gold.sys.score", "--metric", "m1=m1.sys.score", "--stat",
                               "pairwise-acc", "--williams"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace

namespace {

class MetaCorrCliFormats : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaCorrCliFormats, CsvMarkdownAndLatexDrawTheTextTable) {
  // Two systems x two segments; the metric is gold times 10, so the pooled Pearson is 1 (hand
  // computation) over one group. The metric's name holds a comma, a pipe and an underscore: CSV quotes
  // it, Markdown escapes the pipe, LaTeX the underscore.
  write("gold.seg.score", "A 1\nA 2\nB 3\nB 4\n");
  write("m.seg.score", "A 10\nA 20\nB 30\nB 40\n");
  const std::vector<std::string> args = {"meta", "corr", "--gold", "gold.seg.score", "--metric", "a_b|c,d=m.seg.score"};
  auto with_format = [&](const std::string& format) {
    auto a = args;
    a.insert(a.end(), {"-f", format});
    return trenchcoat(a);
  };
  const auto csv = with_format("csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.stderr_text;
  EXPECT_EQ(csv.stdout_text, "metric,pearson,groups,skipped\r\n\"a_b|c,d\",1.0000,1,0\r\n");
  const auto markdown = with_format("markdown");
  ASSERT_EQ(markdown.exit_code, 0) << markdown.stderr_text;
  EXPECT_EQ(markdown.stdout_text,
            "2 systems x 2 items, pearson, grouping none\n"
            "\n"
            "| metric | pearson | groups | skipped |\n"
            "|:---|---:|---:|---:|\n"
            "| a_b\\|c,d | 1.0000 | 1 | 0 |\n");
  const auto latex = with_format("latex");
  ASSERT_EQ(latex.exit_code, 0) << latex.stderr_text;
  // tabulate's latex_booktabs: cells padded to the column (at least the header + 2), then escaped.
  EXPECT_NE(latex.stdout_text.find("\\begin{tabular}{lrrr}"), std::string::npos) << latex.stdout_text;
  EXPECT_NE(latex.stdout_text.find(" a\\_b|c,d  &    1.0000 &        1 &         0 \\\\"), std::string::npos)
      << latex.stdout_text;
  // The text format is unchanged by the render layer: the heading, then the fancy_grid table.
  const auto text = with_format("text");
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_EQ(text.stdout_text.rfind("2 systems x 2 items, pearson, grouping none\n╒", 0), 0u) << text.stdout_text;
  EXPECT_EQ(with_format("html").exit_code, 2);
}

}  // namespace
