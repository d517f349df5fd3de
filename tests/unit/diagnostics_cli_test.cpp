// Meta-evaluation commands whose output must not mislead, end to end: tie-calibrated statistics show
// their epsilon and warn when it ties (nearly) every pair; `meta calib` reports base rate, AUC and the
// Brier decomposition and keeps tied probabilities in one equal-mass bin; `meta winrate` reads the
// lengths from the sides of the probability and gives a standard error that is not 0 by construction;
// `meta corr`, `meta calib` and `meta bon` handle missing scores by an explicit, counted --missing
// policy. Expected values are hand computations written beside them.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

class DiagnosticsCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  bool has(const std::string& text, const std::string& part) const { return text.find(part) != std::string::npos; }
};

TEST_F(DiagnosticsCli, MetaCorrShowsTheEpsilonAndWarnsWhenEveryPairIsTied) {
  // One item, gold all 0 (every pair a gold tie), metric {0, 1, 3}: acc23-opt picks epsilon 3, the
  // largest difference, tying all 3 pairs (tie_calibration_warning_test has the sweep by hand).
  write("gold.seg.score", "A 0\nB 0\nC 0\n");
  write("m.seg.score", "A 0\nB 1\nC 3\n");
  const std::vector<std::string> base = {"meta",     "corr",          "--gold", "gold.seg.score",
                                         "--metric", "M=m.seg.score", "--stat", "acc23-opt"};
  auto args = base;
  args.insert(args.end(), {"-f", "text"});
  const auto t = trenchcoat(args);
  ASSERT_EQ(t.exit_code, 0) << t.stderr_text;
  EXPECT_TRUE(has(t.stdout_text, "epsilon")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "% tied")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "100.0 !")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "warning: M: epsilon 3 makes 100.0% of 3 pairs metric ties (gold ties: 100.0%)"))
      << t.stdout_text;
  const auto j = trenchcoat(base);
  ASSERT_EQ(j.exit_code, 0) << j.stderr_text;
  const auto out = nlohmann::json::parse(j.stdout_text);
  const auto& row = out["metrics"][0];
  EXPECT_EQ(row["epsilon"], 3.0);
  EXPECT_EQ(row["metric_tied_pairs"], 3);
  EXPECT_EQ(row["gold_tied_pairs"], 3);
  EXPECT_TRUE(row.contains("warning"));
  EXPECT_TRUE(has(j.stderr_text, "trenchcoat meta corr: warning: M: epsilon 3")) << j.stderr_text;
}

TEST_F(DiagnosticsCli, MetaCorrMissingMetricScores) {
  write("gold.seg.score", "A 1\nA 2\nB 3\nB 4\nC 5\nC 7\n");
  write("m.seg.score", "A 1\nA None\nB 3\nB 4\nC 5\nC 7\n");
  write("n.seg.score", "A 2\nA 1\nB 3\nB 5\nC 6\nC 9\n");
  const auto e = trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "M=m.seg.score"});
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_TRUE(has(e.stderr_text, "m.seg.score:2: missing score (None)")) << e.stderr_text;
  EXPECT_TRUE(has(e.stderr_text, "--missing drop")) << e.stderr_text;
  const auto t =
      trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--missing", "tie"});
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_TRUE(has(t.stderr_text, "--missing tie has no meaning for meta corr")) << t.stderr_text;
  // drop: (A, item 2) leaves both metrics; pooled Pearson over the 5 remaining entries. M equals gold
  // there (1, 3, 4, 5, 7), so 1; N is computed on the same 5 entries (2, 3, 5, 6, 9).
  const auto d = trenchcoat({"meta", "corr", "--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--metric",
                             "N=n.seg.score", "--missing", "drop"});
  ASSERT_EQ(d.exit_code, 0) << d.stderr_text;
  const auto j = nlohmann::json::parse(d.stdout_text);
  EXPECT_EQ(j["missing"]["policy"], "drop");
  EXPECT_EQ(j["missing"]["entries_dropped"], 1);
  EXPECT_EQ(j["metrics"][0]["missing_scores"], 1);
  EXPECT_EQ(j["metrics"][1]["missing_scores"], 0);
  EXPECT_NEAR(j["metrics"][0]["value"].get<double>(), 1.0, 1e-15);
  // Pearson of (1, 3, 4, 5, 7) and (2, 3, 5, 6, 9): cov 10.4 / 4, sd 2.2803508501982761 and
  // 2.7748873851023217 (numpy): 0.986... computed as np.corrcoef = 0.98626...; checked to 1e-12 below.
  const double gx[] = {1, 3, 4, 5, 7}, gy[] = {2, 3, 5, 6, 9};
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < 5; ++i) mx += gx[i] / 5, my += gy[i] / 5;
  for (int i = 0; i < 5; ++i)
    sxy += (gx[i] - mx) * (gy[i] - my), sxx += (gx[i] - mx) * (gx[i] - mx), syy += (gy[i] - my) * (gy[i] - my);
  EXPECT_NEAR(j["metrics"][1]["value"].get<double>(), sxy / std::sqrt(sxx * syy), 1e-12);
  auto text_args = std::vector<std::string>{
      "meta", "corr", "--gold", "gold.seg.score", "--metric", "M=m.seg.score", "--missing", "drop", "-f", "text"};
  EXPECT_TRUE(has(trenchcoat(text_args).stdout_text, "1 rows with a missing score: dropped (--missing drop)"));
}

TEST_F(DiagnosticsCli, MetaCalibReportsBaseRateAucAndBrierPartsAndKeepsTiesInOneBin) {
  // A constant predictor: p = 0.5 on ten rows, four labelled 1. ECE 0.1 with equal width and, ties
  // kept together, with equal mass too (array_split would give 0.5); AUC 1/2; RES 0; UNC 0.24.
  std::string rows;
  for (int i = 0; i < 10; ++i) rows += nlohmann::json({{"p", 0.5}, {"y", i < 4 ? 1 : 0}}).dump() + "\n";
  write("rows.jsonl", rows);
  const auto r =
      trenchcoat({"meta", "calib", "--data", "rows.jsonl", "--score", "p", "--label", "y", "--method", "raw"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto o = nlohmann::json::parse(r.stdout_text)["scorers"][0]["methods"][0]["overall"];
  EXPECT_NEAR(o["ece"].get<double>(), 0.1, 1e-15);
  EXPECT_NEAR(o["ece_equal_mass"].get<double>(), 0.1, 1e-15);
  EXPECT_NEAR(o["base_rate"].get<double>(), 0.4, 1e-15);
  EXPECT_EQ(o["auc"], 0.5);
  EXPECT_EQ(o["brier_decomposition"]["resolution"], 0.0);
  EXPECT_NEAR(o["brier_decomposition"]["reliability"].get<double>(), 0.01, 1e-15);
  EXPECT_NEAR(o["brier_decomposition"]["uncertainty"].get<double>(), 0.24, 1e-15);
  const auto t = trenchcoat(
      {"meta", "calib", "--data", "rows.jsonl", "--score", "p", "--label", "y", "--method", "raw", "-f", "text"});
  EXPECT_TRUE(has(t.stdout_text, "base rate (mean label) 0.4000")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "AUC")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "REL")) << t.stdout_text;
}

TEST_F(DiagnosticsCli, MetaCalibTemperatureSaysOffset) {
  // Pointwise scores read as logits, all positive, base rate 1/4, the highest score the positive one:
  // temperature scaling cannot fit (no offset term) and says so instead of "anti-related".
  // Four groups (kept in one fold each) of scores k/10 + {1, 2, 3, 4} with labels {0, 0, 0, 1}: every
  // training fold has cov(s, y) > 0 and g(0) = -cov + mean(s) (1/2 - 1/4) > 0 (as the library test).
  std::string rows;
  for (int i = 0; i < 16; ++i)
    rows += nlohmann::json({{"s", i % 4 + 1 + (i / 4) * 0.1}, {"y", i % 4 == 3 ? 1 : 0}, {"g", i / 4}}).dump() + "\n";
  write("rows.jsonl", rows);
  const auto r = trenchcoat({"meta", "calib", "--data", "rows.jsonl", "--score", "s", "--label", "y", "--group-field",
                             "g", "--method", "temperature", "--folds", "2", "-f", "text"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_TRUE(has(r.stdout_text, "an offset, not the ranking")) << r.stdout_text;
  EXPECT_FALSE(has(r.stdout_text, "anti-related")) << r.stdout_text;
}

TEST_F(DiagnosticsCli, MetaCalibMissingScores) {
  // A judge that failed on row 2: null preference.
  write("pairs.jsonl",
        "{\"judge.preference\": 0.8}\n{\"judge.preference\": null}\n{\"judge.preference\": "
        "0.3}\n{\"judge.preference\": 0.6}\n");
  const std::vector<std::string> base = {"meta",     "calib", "--data",   "pairs.jsonl",
                                         "--scorer", "judge", "--method", "raw"};
  const auto e = trenchcoat(base);
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_TRUE(has(e.stderr_text, "line 2: a score is missing (null): --missing drop")) << e.stderr_text;
  auto drop = base;
  drop.insert(drop.end(), {"--missing", "drop"});
  const auto d = trenchcoat(drop);
  ASSERT_EQ(d.exit_code, 0) << d.stderr_text;
  const auto dj = nlohmann::json::parse(d.stdout_text)["scorers"][0];
  EXPECT_EQ(dj["pairs"], 3);
  EXPECT_EQ(dj["missing_scores"]["policy"], "drop");
  EXPECT_EQ(dj["missing_scores"]["count"], 1);
  auto tie = base;
  tie.insert(tie.end(), {"--missing", "tie", "-f", "text"});
  const auto t = trenchcoat(tie);
  ASSERT_EQ(t.exit_code, 0) << t.stderr_text;
  EXPECT_TRUE(has(t.stdout_text, "4 pairs (")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "1 pairs with a missing score: read as no preference, difference 0 (--missing tie)"))
      << t.stdout_text;
  // Pointwise rows have nothing to tie with.
  write("points.jsonl", "{\"p\": 0.8, \"y\": 1}\n{\"p\": null, \"y\": 0}\n");
  const auto p =
      trenchcoat({"meta", "calib", "--data", "points.jsonl", "--score", "p", "--label", "y", "--missing", "tie"});
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_TRUE(has(p.stderr_text, "--missing tie is for pairs")) << p.stderr_text;
  const auto pe = trenchcoat({"meta", "calib", "--data", "points.jsonl", "--score", "p", "--label", "y"});
  EXPECT_EQ(pe.exit_code, 1);
  EXPECT_TRUE(has(pe.stderr_text, "points.jsonl:2: 'p' is missing (null): give --missing drop")) << pe.stderr_text;
}

TEST_F(DiagnosticsCli, MetaBonMissingScores) {
  write("c.jsonl",
        "{\"prompt_id\": 1, \"rm\": 1, \"gold\": 1}\n{\"prompt_id\": 1, \"rm\": null, \"gold\": 3}\n"
        "{\"prompt_id\": 1, \"rm\": 2, \"gold\": 2}\n{\"prompt_id\": 2, \"rm\": 5, \"gold\": 1}\n{\"prompt_id\": 2, "
        "\"rm\": 4, \"gold\": 2}\n");
  const std::vector<std::string> base = {"meta", "bon", "--data", "c.jsonl", "--proxy", "rm", "--gold", "gold"};
  const auto e = trenchcoat(base);
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_TRUE(has(e.stderr_text, "c.jsonl:2: 'rm' is null")) << e.stderr_text;
  EXPECT_TRUE(has(e.stderr_text, "--missing drop")) << e.stderr_text;
  auto tie = base;
  tie.insert(tie.end(), {"--missing", "tie"});
  EXPECT_EQ(trenchcoat(tie).exit_code, 2);
  auto drop = base;
  drop.insert(drop.end(), {"--missing", "drop"});
  const auto d = trenchcoat(drop);
  ASSERT_EQ(d.exit_code, 0) << d.stderr_text;
  const auto j = nlohmann::json::parse(d.stdout_text);
  EXPECT_EQ(j["inputs"]["missing"]["candidates_dropped"], 1);
  EXPECT_EQ(j["inputs"]["candidates_used"], 4);
}

TEST_F(DiagnosticsCli, MetaWinrateReadsLengthsFromTheSidesOfTheProbability) {
  // LLMBar rows scored by a pairwise judge: judge.preference = P(chosen better), chosen = output_LABEL.
  // The chosen text is always the long one (20 characters) and the rejected the short one (5), but
  // output_1 / output_2 alternate. From the chosen / rejected sides every length difference is -15, so
  // the length term is dropped; read from output_1 / output_2 (as before) it alternated +-15.
  const std::string long_text = "aaaaaaaaaaaaaaaaaaaa", short_text = "bbbbb";
  const double p[] = {0.9, 0.6, 0.7, 0.8};
  std::string rows;
  for (int i = 0; i < 4; ++i) {
    const bool first = i % 2 == 0;
    rows += nlohmann::json({{"input", "q"},
                            {"output_1", first ? long_text : short_text},
                            {"output_2", first ? short_text : long_text},
                            {"label", first ? 1 : 2},
                            {"judge.preference", p[i]}})
                .dump() +
            "\n";
  }
  write("judged.jsonl", rows);
  const auto r =
      trenchcoat({"meta", "winrate", "--data", "judged.jsonl", "--model-win-probability", "judge.preference"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["sides"]["model"], "chosen");
  EXPECT_EQ(j["length_controlled"]["length_term_dropped"], true);
  // Win rate 100 mean p = 75, standard error 100 sd(p, ddof 1) / sqrt(4) = 100 sqrt(0.05 / 3) / 2.
  EXPECT_NEAR(j["win_rate"]["win_rate"].get<double>(), 75.0, 1e-12);
  EXPECT_NEAR(j["win_rate"]["standard_error"].get<double>(), 100.0 * std::sqrt(0.05 / 3.0) / 2.0, 1e-12);
  // LC: only theta_model is fitted; AlpacaEval's lc_standard_error is 0, the delta-method one is
  // 100 sqrt(0.05) / 4 = 5.59 (length_controlled test has the derivation).
  EXPECT_EQ(j["length_controlled"]["lc_standard_error"], 0.0);
  EXPECT_NEAR(j["length_controlled"]["lc_standard_error_delta"].get<double>(), 100.0 * std::sqrt(0.05) / 4.0, 1e-9);
  const auto t = trenchcoat(
      {"meta", "winrate", "--data", "judged.jsonl", "--model-win-probability", "judge.preference", "-f", "text"});
  EXPECT_TRUE(has(t.stdout_text, "(standard error 5.59, delta method")) << t.stdout_text;
  EXPECT_TRUE(has(t.stdout_text, "model = chosen, baseline = rejected")) << t.stdout_text;
}

}  // namespace
