// `trenchcoat meta bon` end to end: scored candidates in, the best-of-n curve and its fits out; bad rows
// name file:line. Expected curves are the BON.unbiased vector of tests/fixtures/lc_bon_vectors.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/meta/best_of_n_study.hpp"

namespace {

// BON.unbiased.input of tests/fixtures/lc_bon_vectors.json: proxy = [0.3, 1.2, -0.5, 2.0, 0.9, 1.7], gold = [0.1, 0.8,
// -0.2, 0.5, 0.6, 1.0].
const std::vector<double> kProxy = {0.3, 1.2, -0.5, 2.0, 0.9, 1.7};
const std::vector<double> kGold = {0.1, 0.8, -0.2, 0.5, 0.6, 1.0};
// BON.unbiased, E_gold and E_proxy for n = 1..6.
const std::vector<double> kExpectedGold = {0.4666666666666666, 0.68, 0.7, 0.6533333333333333, 0.5833333333333334, 0.5};
const std::vector<double> kExpectedProxy = {0.9333333333333332, 1.5, 1.735, 1.8666666666666667, 1.95, 2.0};

std::string number_text(double x) { return nlohmann::json(x).dump(); }  // shortest round-trip text

// The reference vector as one row per candidate (prompt "p"), with scores multiplied by the signs given.
std::string candidate_rows(double proxy_sign = 1.0, double gold_sign = 1.0, const std::string& prompt = "p") {
  std::string out;
  for (std::size_t i = 0; i < kProxy.size(); ++i)
    out += R"({"prompt_id": ")" + prompt + R"(", "rm": )" + number_text(proxy_sign * kProxy[i]) + R"(, "gold": )" +
           number_text(gold_sign * kGold[i]) + "}\n";
  return out;
}

class MetaBonCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult bon(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "bon"});
    return trenchcoat(args);
  }
  nlohmann::json bon_json(std::vector<std::string> args) const {
    const auto r = bon(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return nlohmann::json::parse(r.stdout_text);
  }
  // The curve equals the reference vector's: E_gold exactly, E_proxy to 1e-15.
  static void expect_spec_curve(const nlohmann::json& j) {
    ASSERT_EQ(j["curve"].size(), 6u) << j.dump(2);
    for (std::size_t k = 0; k < 6; ++k) {
      EXPECT_EQ(j["curve"][k]["n"].get<std::size_t>(), k + 1);
      EXPECT_EQ(j["curve"][k]["gold"].get<double>(), kExpectedGold[k]) << "k = " << k + 1;
      // E_proxy: within 1e-15, as the library's own test (best_of_n_test.cpp: the vector's E_proxy
      // values are one rounding of the exact sums, the ascending-rank sum may differ in the last bit).
      EXPECT_NEAR(j["curve"][k]["proxy"].get<double>(), kExpectedProxy[k], 1e-15) << "k = " << k + 1;
    }
    EXPECT_EQ(j["gold_peak"]["n"], 3);  // the gold reward peaks at n = 3
  }
};

TEST_F(MetaBonCli, SpecVectorOneRowPerCandidate) {
  write("rows.jsonl", candidate_rows());
  const auto j = bon_json({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold"});
  expect_spec_curve(j);
  EXPECT_EQ(j["inputs"]["layout"], "one row per candidate");
  EXPECT_EQ(j["inputs"]["group"], "prompt_id");
  EXPECT_EQ(j["inputs"]["prompts_used"], 1);
  EXPECT_EQ(j["inputs"]["candidates_per_prompt"]["min"], 6);
  EXPECT_EQ(j["normalization"]["method"], "none");
  EXPECT_NE(j["normalization"]["gap_units"].get<std::string>().find("raw units"), std::string::npos);
  EXPECT_NE(j["estimator"]["kl"].get<std::string>().find("upper bound"), std::string::npos);
  // KL and d: reference values KL(2) = 0.1931471805599453, d(4) = 0.7976806134787848.
  EXPECT_EQ(j["curve"][1]["kl"].get<double>(), 0.1931471805599453);
  EXPECT_EQ(j["curve"][3]["distance"].get<double>(), 0.7976806134787848);
  EXPECT_NEAR(j["curve"][2]["gap"].get<double>(), 1.735 - 0.7, 1e-15);  // gap = proxy - gold (reference k = 3)
}

TEST_F(MetaBonCli, SpecVectorOneRowPerPromptAndFromTsv) {
  // One row per prompt: list fields.
  write("lists.jsonl", R"({"id": 1, "rm": [0.3, 1.2, -0.5, 2.0, 0.9, 1.7], "gold": [0.1, 0.8, -0.2, 0.5, 0.6, 1.0]})"
                       "\n");
  const auto lists = bon_json({"--data", "lists.jsonl", "--proxy", "rm", "--gold", "gold"});
  expect_spec_curve(lists);
  EXPECT_EQ(lists["inputs"]["layout"], "one row per prompt");
  EXPECT_TRUE(lists["inputs"]["group"].is_null());
  // TSV: numbers as strings, grouped by an explicit --group.
  std::string tsv = "segment\trm\tgold\n";
  for (std::size_t i = 0; i < kProxy.size(); ++i)
    tsv += "7\t" + number_text(kProxy[i]) + "\t" + number_text(kGold[i]) + "\n";
  write("rows.tsv", tsv);
  const auto t = bon_json({"--data", "rows.tsv", "--proxy", "rm", "--gold", "gold", "--group", "segment"});
  expect_spec_curve(t);
  // TSV holding lists as JSON text (as `trenchcoat score` writes list values to TSV).
  write("lists.tsv", "rm\tgold\n[0.3, 1.2, -0.5, 2.0, 0.9, 1.7]\t[0.1, 0.8, -0.2, 0.5, 0.6, 1.0]\n");
  expect_spec_curve(bon_json({"--data", "lists.tsv", "--proxy", "rm", "--gold", "gold"}));
}

TEST_F(MetaBonCli, SpecVectorFromMtMetricsEvalScoreFiles) {
  // The reference vector as one segment of six systems (s0..s5, in order), plus a reference with no gold
  // (None everywhere: left out, as mt-metrics-eval does) and a second segment where s5's gold is None
  // (not a candidate there: that segment has 5 candidates, so --min-candidates 6 leaves it out).
  std::string proxy, gold;
  for (std::size_t i = 0; i < kProxy.size(); ++i) {
    proxy += "s" + std::to_string(i) + "\t" + number_text(kProxy[i]) + "\ns" + std::to_string(i) + "\t0\n";
    gold += "s" + std::to_string(i) + "\t" + number_text(kGold[i]) + "\ns" + std::to_string(i) + "\t" +
            (i == 5 ? "None" : "0") + "\n";
  }
  proxy += "ref\t9\nref\t9\n";
  gold += "ref\tNone\nref\tNone\n";
  write("proxy.seg.score", proxy);
  write("gold.seg.score", gold);
  const auto j =
      bon_json({"--proxy-scores", "proxy.seg.score", "--gold-scores", "gold.seg.score", "--min-candidates", "6"});
  expect_spec_curve(j);
  EXPECT_EQ(j["inputs"]["candidates_without_gold"], 1);
  EXPECT_EQ(j["inputs"]["prompts_left_out"]["count"], 1);
  const auto both = bon({"--proxy-scores", "proxy.seg.score", "--gold-scores", "gold.seg.score", "--data", "x.jsonl"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(MetaBonCli, MultiPromptMeanRunsToTheFewestCandidates) {
  // Prompt "b": proxy [1, 2, 3], gold [0, 0, 0.3] (rows interleaved with prompt "a", the reference vector).
  // Hand computation for b: k = 1: mean gold 0.1; k = 2: weights [0, 1/3, 2/3] -> 0.2; k = 3: 0.3.
  std::string rows = candidate_rows(1.0, 1.0, "a");
  rows.insert(0, R"({"prompt_id": "b", "rm": 1, "gold": 0})"
                 "\n");
  rows += R"({"prompt_id": "b", "rm": 2, "gold": 0})"
          "\n"
          R"({"prompt_id": "b", "rm": 3, "gold": 0.3})"
          "\n";
  write("rows.jsonl", rows);
  const auto j = bon_json({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold"});
  ASSERT_EQ(j["curve"].size(), 3u);  // min N = 3
  const double b_gold[] = {0.1, 0.2, 0.3};
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_DOUBLE_EQ(j["curve"][k]["gold"].get<double>(), (b_gold[k] + kExpectedGold[k]) / 2) << "k = " << k + 1;
  EXPECT_EQ(j["inputs"]["prompts_used"], 2);
  EXPECT_EQ(j["inputs"]["candidates_per_prompt"]["min"], 3);
  EXPECT_EQ(j["inputs"]["candidates_per_prompt"]["max"], 6);
  EXPECT_NE(j["notes"].dump().find("the curve runs to k = 3"), std::string::npos) << j["notes"].dump();
  // --min-candidates 4 leaves b out: the reference curve again, with b counted.
  const auto m = bon_json({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold", "--min-candidates", "4"});
  expect_spec_curve(m);
  EXPECT_EQ(m["inputs"]["prompts_left_out"]["count"], 1);
  EXPECT_EQ(m["inputs"]["prompts_left_out"]["candidates"], 3);
}

TEST_F(MetaBonCli, ZScoreNormalisation) {
  write("rows.jsonl", candidate_rows());
  const auto j = bon_json({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold", "--normalize", "zscore"});
  // z = (x - mean) / sd (population sd) is affine, so each curve point is the z-score of the reference value.
  auto scale = [](const std::vector<double>& x) {
    double mean = 0, ss = 0;
    for (double v : x) mean += v / x.size();
    for (double v : x) ss += (v - mean) * (v - mean);
    return std::pair{mean, std::sqrt(ss / x.size())};
  };
  const auto [gm, gs] = scale(kGold);   // 0.4666..., 0.40688...
  const auto [pm, ps] = scale(kProxy);  // 0.9333..., 0.86923...
  EXPECT_NEAR(j["normalization"]["gold"]["mean"].get<double>(), gm, 1e-15);
  EXPECT_NEAR(j["normalization"]["gold"]["sd"].get<double>(), gs, 1e-15);
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_NEAR(j["curve"][k]["gold"].get<double>(), (kExpectedGold[k] - gm) / gs, 1e-12) << "k = " << k + 1;
    EXPECT_NEAR(j["curve"][k]["proxy"].get<double>(), (kExpectedProxy[k] - pm) / ps, 1e-12) << "k = " << k + 1;
  }
  EXPECT_NEAR(j["curve"][0]["gold"].get<double>(), 0.0, 1e-12);  // k = 1 is the mean: z = 0
  EXPECT_NE(j["normalization"]["gap_units"].get<std::string>().find("one scale"), std::string::npos);
}

TEST_F(MetaBonCli, DirectionLowerNegates) {
  // Negated scores with direction lower are the reference scores again (negation is exact): same curve.
  write("neg.jsonl", candidate_rows(-1.0, -1.0));
  const auto j = bon_json({"--data", "neg.jsonl", "--proxy", "rm", "--gold", "gold", "--direction-proxy", "lower",
                           "--direction-gold", "lower"});
  expect_spec_curve(j);
  EXPECT_EQ(j["inputs"]["proxy"]["direction"], "lower");
  write("neg_gold.jsonl", candidate_rows(1.0, -1.0));
  expect_spec_curve(
      bon_json({"--data", "neg_gold.jsonl", "--proxy", "rm", "--gold", "gold", "--direction-gold", "lower"}));
}

TEST_F(MetaBonCli, MaxN) {
  write("rows.jsonl", candidate_rows());
  const auto j = bon_json({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold", "--max-n", "2"});
  ASSERT_EQ(j["curve"].size(), 2u);
  EXPECT_EQ(j["curve"][1]["gold"].get<double>(), 0.68);  // reference E_gold(2)
  EXPECT_EQ(j["gold_peak"]["n"], 2);                     // 0.68 > 0.4666...
  EXPECT_EQ(j["fits"]["bon"]["fittable"], false);        // one point with d > 0
  EXPECT_NE(j["fits"]["bon"]["reason"].get<std::string>().find("at least 2 points"), std::string::npos);
  const auto too_many = bon({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold", "--max-n", "7"});
  EXPECT_EQ(too_many.exit_code, 1);
  EXPECT_NE(too_many.stderr_text.find("--max-n 7 is more than the fewest candidates of a prompt (6)"),
            std::string::npos)
      << too_many.stderr_text;
  EXPECT_EQ(bon({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold", "--max-n", "0"}).exit_code, 2);
}

TEST_F(MetaBonCli, FitsSatisfyTheNormalEquations) {
  // The reference curve: 5 points with d > 0 (k = 2..6). At the least-squares solution the residuals are
  // orthogonal to both features (d and d^2 for R_bon, d and d log d for R_RL).
  write("rows.jsonl", candidate_rows());
  const auto j = bon_json({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold"});
  for (const std::string form : {"bon", "rl"}) {
    const auto& f = j["fits"][form];
    ASSERT_TRUE(f["fittable"].get<bool>()) << f.dump();
    EXPECT_EQ(f["points"], 5);
    const double a = f["alpha"], b = f["beta"];
    double r1 = 0, r2 = 0, ss = 0;
    for (std::size_t k = 1; k < 6; ++k) {
      const double d = j["curve"][k]["distance"], y = j["curve"][k]["gold"].get<double>() - kExpectedGold[0];
      const double f2 = form == "bon" ? d * d : d * std::log(d);
      const double r = y - (a * d - b * f2);
      r1 += r * d;
      r2 += r * f2;
      ss += r * r;
    }
    EXPECT_NEAR(r1, 0.0, 1e-12) << form;
    EXPECT_NEAR(r2, 0.0, 1e-12) << form;
    EXPECT_NEAR(f["residual_rms"].get<double>(), std::sqrt(ss / 5), 1e-12) << form;
    // The gold rises then falls: beta > 0 and a peak.
    EXPECT_GT(b, 0.0) << form;
    EXPECT_TRUE(f["peak_distance"].is_number()) << form;
  }
}

TEST(MetaBonCliFit, RecoversTheSpecForms) {
  using trenchcoat::meta::OverOptimisationForm;
  // Gao, Schulman & Hilton 2023 forms with alpha = 1, beta_bon = 0.2, beta_RL = 0.3 at d = 0.5, 1, 2, 4 (and d = 0,
  // which is left out of the fit). Exact data: the fit recovers the parameters and their argmax.
  const std::vector<double> d = {0.0, 0.5, 1.0, 2.0, 4.0};
  const std::vector<double> bon = {0.0, 0.45, 0.8, 1.2, 0.7999999999999998};
  const std::vector<double> rl = {0.0, 0.6039720770839918, 1.0, 1.5841116916640328, 2.336446766656131};
  const auto fb = trenchcoat::meta::fit_over_optimisation_form(d, bon, OverOptimisationForm::bon);
  ASSERT_TRUE(fb.fittable);
  EXPECT_EQ(fb.points, 4u);
  EXPECT_NEAR(fb.alpha, 1.0, 1e-12);
  EXPECT_NEAR(fb.beta, 0.2, 1e-12);
  EXPECT_NEAR(*fb.peak_distance, 2.5, 1e-10);  // reference argmax bon 2.5
  EXPECT_NEAR(fb.residual_rms, 0.0, 1e-12);
  const auto fr = trenchcoat::meta::fit_over_optimisation_form(d, rl, OverOptimisationForm::rl);
  ASSERT_TRUE(fr.fittable);
  EXPECT_NEAR(fr.alpha, 1.0, 1e-12);
  EXPECT_NEAR(fr.beta, 0.3, 1e-12);
  EXPECT_NEAR(*fr.peak_distance, 10.312258501325767, 1e-9);  // reference argmax RL
  // A rising straight line y = d: beta = 0 (up to rounding) or below, no peak unless beta > 0.
  const std::vector<double> line = {0.0, 0.5, 1.0, 2.0, 4.0};
  const auto fl = trenchcoat::meta::fit_over_optimisation_form(d, line, OverOptimisationForm::bon);
  ASSERT_TRUE(fl.fittable);
  EXPECT_NEAR(fl.alpha, 1.0, 1e-12);
  EXPECT_NEAR(fl.beta, 0.0, 1e-12);
  // One point with d > 0: not fittable, with the reason.
  const auto one = trenchcoat::meta::fit_over_optimisation_form(
      std::vector<double>{0.0, 1.0}, std::vector<double>{0.0, 0.5}, OverOptimisationForm::rl);
  EXPECT_FALSE(one.fittable);
  EXPECT_NE(one.reason.find("has 1"), std::string::npos) << one.reason;
}

TEST_F(MetaBonCli, SingleCandidatePromptsGiveAOnePointCurve) {
  write("one.jsonl", R"({"prompt": "x", "rm": 0.5, "gold": 2})"
                     "\n"
                     R"({"prompt": "y", "rm": 1.5, "gold": 4})"
                     "\n");
  const auto r = bon({"--data", "one.jsonl", "--proxy", "rm", "--gold", "gold"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text.find("NaN"), std::string::npos);
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["inputs"]["group"], "prompt");  // no prompt_id: falls back to prompt
  ASSERT_EQ(j["curve"].size(), 1u);
  EXPECT_EQ(j["curve"][0]["gold"].get<double>(), 3.0);  // mean of 2 and 4
  EXPECT_EQ(j["curve"][0]["kl"].get<double>(), 0.0);
  EXPECT_FALSE(j["fits"]["bon"]["fittable"].get<bool>());
  EXPECT_FALSE(j["fits"]["rl"]["fittable"].get<bool>());
  EXPECT_NE(j["notes"].dump().find("n >= 2"), std::string::npos) << j["notes"].dump();
}

TEST_F(MetaBonCli, BadInputNamesFileAndLine) {
  auto expect_error = [&](const std::string& name, const std::string& content, const std::string& message,
                          std::vector<std::string> extra = {}) {
    write(name, content);
    std::vector<std::string> args = {"--data", name, "--proxy", "rm", "--gold", "gold"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = bon(args);
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_NE(r.stderr_text.find(message), std::string::npos) << name << ": " << r.stderr_text;
    EXPECT_EQ(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n'), 1) << "one line: " << r.stderr_text;
  };
  expect_error("missing.jsonl",
               R"({"prompt_id": 1, "rm": 1, "gold": 2})"
               "\n"
               R"({"prompt_id": 1, "rm": 1})"
               "\n",
               "missing.jsonl:2: no 'gold' field (--gold)");
  expect_error("word.tsv", "prompt_id\trm\tgold\n1\t0.5\t1\n1\t0.7\tgood\n",
               "word.tsv:3: 'gold' is not a number: \"good\"");
  expect_error("space.csv", "prompt_id,rm,gold\n1,0.5, 1\n", "space.csv:2: 'gold' is not a number");
  expect_error("nan.tsv", "prompt_id\trm\tgold\n1\tnan\t1\n", "nan.tsv:2: 'rm' is NaN or infinite");
  expect_error("inf.csv", "prompt_id,rm,gold\n1,1,-inf\n", "inf.csv:2: 'gold' is NaN or infinite");
  expect_error("null.jsonl",
               R"({"prompt_id": 1, "rm": null, "gold": 1})"
               "\n",
               "null.jsonl:1: 'rm' is null");
  expect_error("lengths.jsonl",
               R"({"rm": [1, 2], "gold": [1, 2]})"
               "\n"
               R"({"rm": [1, 2, 3], "gold": [1, 2]})"
               "\n",
               "lengths.jsonl:2: 'rm' has 3 scores but 'gold' has 2");
  expect_error("empty_list.jsonl",
               R"({"rm": [], "gold": []})"
               "\n",
               "empty_list.jsonl:1: a prompt with no candidates");
  expect_error("list_item.jsonl",
               R"({"rm": [1, "x"], "gold": [1, 2]})"
               "\n",
               "list_item.jsonl:1: 'rm'[1] is not a number");
  expect_error("mixed.jsonl",
               R"({"rm": [1, 2], "gold": [1, 2]})"
               "\n"
               R"({"rm": 1, "gold": 2})"
               "\n",
               "mixed.jsonl:2: 'rm' is not a list");
  expect_error("no_rows.jsonl", "\n", "no_rows.jsonl: no rows, so no prompts");
  expect_error("no_group.jsonl",
               R"({"id": 1, "rm": 1, "gold": 2})"
               "\n",
               "name the prompt field with --group FIELD");
  expect_error("small.jsonl",
               R"({"prompt": 1, "rm": 1, "gold": 2})"
               "\n",
               "small.jsonl: no prompt has at least 2 candidates (--min-candidates)", {"--min-candidates", "2"});
}

TEST_F(MetaBonCli, TextFormat) {
  write("rows.jsonl", candidate_rows());
  const auto r = bon({"--data", "rows.jsonl", "--proxy", "rm", "--gold", "gold", "-f", "text"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stdout_text.find("gold peaks at k = 3"), std::string::npos) << r.stdout_text;
  EXPECT_NE(r.stdout_text.find("0.7000"), std::string::npos) << r.stdout_text;  // E_gold(3) = 0.7
  EXPECT_NE(r.stdout_text.find("R_bon(d) = d (alpha - beta d)"), std::string::npos) << r.stdout_text;
  EXPECT_NE(r.stdout_text.find("raw units"), std::string::npos) << r.stdout_text;
}

}  // namespace
