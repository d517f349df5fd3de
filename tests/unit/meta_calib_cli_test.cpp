// `trenchcoat meta calib` end to end: the three inputs (system pairs from mt-metrics-eval score
// files, preference rows, pointwise rows), the report's shape, and bad input as one line + exit 1/2.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "trenchcoat/meta/recalibration.hpp"

namespace {

class MetaCalibCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult calib(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "calib"});
    return trenchcoat(args);
  }
  const nlohmann::json& method(const nlohmann::json& scorer, const std::string& name) {
    for (const auto& m : scorer["methods"])
      if (m["method"] == name) return m;
    throw std::runtime_error("no method " + name);
  }
};

TEST_F(MetaCalibCli, SystemPairsFromScoreFiles) {
  // Two systems, three segments. Gold: a better, tie, b better; metric: a - b = 2, 0, -1.
  write("gold.seg.score", "a\t-1\na\t0\na\t-3\nb\t-2\nb\t0\nb\t-1\nref\tNone\nref\tNone\nref\tNone\n");
  write("m.seg.score", "a\t3\na\t1\na\t1\nb\t1\nb\t1\nb\t2\nref\t9\nref\t9\nref\t9\n");
  const auto r = calib({"--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--folds", "3", "--method", "raw"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["input"]["systems_without_gold"][0], "ref");  // gold missing everywhere: left out, said
  const auto& s = j["scorers"][0];
  EXPECT_EQ(s["name"], "M");
  EXPECT_EQ(s["pairs"], 3);
  EXPECT_EQ(s["ties"]["count"], 1);
  const auto& raw = method(s, "raw");
  // Brier over the symmetrised points: sigma(2) vs 1, sigma(0) vs 1/2, sigma(-1) vs 0, and mirrors.
  const double a = 1 - trenchcoat::meta::sigmoid(2.0), c = trenchcoat::meta::sigmoid(-1.0);
  EXPECT_NEAR(raw["overall"]["brier"].get<double>(), (2 * a * a + 2 * c * c) / 6, 1e-15);  // hand arithmetic
  EXPECT_EQ(raw["overall"]["samples"], 6);
  EXPECT_EQ(raw["overall"]["reliability"]["edges"].size(), 11u);
  // Per subset from an mt-metrics-eval documents file: segments 1-2 in domain "news", 3 in "ted".
  write("docs", "news d1\nnews d1\nted d2\n");
  const auto sub = nlohmann::json::parse(
      calib({"--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--folds", "2", "--documents", "docs"})
          .stdout_text);
  EXPECT_EQ(method(sub["scorers"][0], "raw")["subsets"]["news"]["samples"], 4);  // 2 pairs, symmetrised
  EXPECT_EQ(method(sub["scorers"][0], "raw")["subsets"]["ted"]["samples"], 2);
  write("short.docs", "news d1\n");
  EXPECT_EQ(calib({"--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--documents", "short.docs"}).exit_code, 1);
  // Ties dropped: two pairs left.
  const auto d = nlohmann::json::parse(
      calib({"--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--ties", "drop", "--folds", "2"}).stdout_text);
  EXPECT_EQ(d["scorers"][0]["pairs"], 2);
  EXPECT_EQ(d["scorers"][0]["ties"]["dropped"], 1);
}

TEST_F(MetaCalibCli, PreferenceRowsWithSubsetsAndText) {
  std::string rows;
  for (int i = 0; i < 40; ++i)
    rows += "{\"id\": " + std::to_string(i) + ", \"subset\": \"" + (i % 2 ? "odd" : "even") +
            "\", \"rm.chosen\": " + std::to_string(std::sin(i) * 2 + 0.5) +
            ", \"rm.rejected\": " + std::to_string(std::cos(i * 3.0)) + "}\n";
  write("scored.jsonl", rows);
  const auto r = calib({"--data", "scored.jsonl", "--scorer", "rm"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["scorers"][0]["pairs"], 40);
  const auto& t = method(j["scorers"][0], "temperature");
  ASSERT_TRUE(t["measured"].get<bool>()) << t.dump();
  EXPECT_EQ(t["fold_fits"].size(), 5u);
  EXPECT_TRUE(t["subsets"].contains("odd"));
  const auto text = calib({"--data", "scored.jsonl", "--scorer", "rm", "-f", "text", "--reliability"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("temperature"), std::string::npos);
  EXPECT_NE(text.stdout_text.find("reliability, raw:"), std::string::npos);
  EXPECT_NE(text.stdout_text.find("right-closed"), std::string::npos);  // the bin convention is printed
}

TEST_F(MetaCalibCli, LowerIsBetterScoresAreNegated) {
  // Chosen TER 1, rejected TER 3: with --direction lower the difference read is +2, so raw P = sigma(2)
  // for label 1 (and its mirror sigma(-2) for label 0): Brier = (1 - sigma(2))^2 on every point.
  write("ter.jsonl",
        "{\"id\": 1, \"ter.chosen\": 1, \"ter.rejected\": 3}\n{\"id\": 2, \"ter.chosen\": 1, \"ter.rejected\": 3}\n");
  const auto r =
      calib({"--data", "ter.jsonl", "--scorer", "ter", "--direction", "lower", "--method", "raw", "--folds", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const double miss = 1 - trenchcoat::meta::sigmoid(2.0);
  EXPECT_NEAR(method(nlohmann::json::parse(r.stdout_text)["scorers"][0], "raw")["overall"]["brier"].get<double>(),
              miss * miss, 1e-15);  // hand arithmetic
}

TEST_F(MetaCalibCli, PointwiseRowsWithAThreshold) {
  // TSV: numbers as strings; the human score is made binary with --threshold 3.
  std::string tsv = "score\thuman\tdoc\n";
  for (int i = 0; i < 30; ++i)
    tsv += std::to_string(i / 30.0) + "\t" + std::to_string((i * 7) % 5 + (i > 15 ? 1 : 0)) + "\t" +
           std::to_string(i / 3) + "\n";
  write("rows.tsv", tsv);
  const auto r =
      calib({"--data", "rows.tsv", "--score", "score", "--label", "human", "--threshold", "3", "--group-field", "doc"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["scorers"][0]["samples"], 30);
  EXPECT_EQ(j["scorers"][0]["groups"], 10);
  EXPECT_TRUE(method(j["scorers"][0], "raw")["measured"].get<bool>());  // scores in [0, 1]
}

TEST_F(MetaCalibCli, BadInputIsOneLineAndANonZeroExit) {
  write("rows.tsv", "score\tlabel\n0.5\t1\n0.2\tmaybe\n");
  auto r = calib({"--data", "rows.tsv", "--score", "score", "--label", "label"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("rows.tsv:3"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("not a number"), std::string::npos);
  write("soft.tsv", "score\tlabel\n0.5\t1\n0.2\t4\n");
  r = calib({"--data", "soft.tsv", "--score", "score", "--label", "label"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("--threshold"), std::string::npos) << r.stderr_text;
  r = calib({"--data", "soft.tsv", "--score", "score", "--label", "label", "--folds", "1"});
  EXPECT_EQ(r.exit_code, 2);
  r = calib({"--data", "soft.tsv", "--score", "score", "--label", "label", "--method", "beta"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("known: raw, temperature"), std::string::npos) << r.stderr_text;
  write("gold.seg.score", "a\t1\nb\t2\n");
  r = calib({"--gold", "gold.seg.score", "--data", "soft.tsv", "--score", "s", "--label", "l"});
  EXPECT_EQ(r.exit_code, 2);
  // Every pair a tie, dropped: nothing to calibrate, said so.
  write("m.seg.score", "a\t1\nb\t2\n");
  write("tie.seg.score", "a\t1\nb\t1\n");
  r = calib({"--gold", "tie.seg.score", "--metric", "M=m.seg.score", "--ties", "drop"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("every pair is a tie"), std::string::npos) << r.stderr_text;
}

}  // namespace
