// `trenchcoat reproduce attribution` end to end: rows scored by length and ROUGE with hand-computed
// ROC AUC, the JSON result with its figures, SEAHORSE's published reference rows, text output, and bad
// input as one line with exit status 1 or 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

class ReproduceAttributionCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult attribution(std::vector<std::string> args) const {
    args.insert(args.begin(), {"reproduce", "attribution"});
    return trenchcoat(args);
  }
  static const nlohmann::json& scorer(const nlohmann::json& j, const std::string& name) {
    for (const auto& s : j["scorers"])
      if (s["name"] == name) return s;
    throw std::runtime_error("no scorer " + name);
  }
};

// Summaries of 5, 8, 9 characters labelled 1 and of 3, 8, 4 characters labelled 0.
constexpr const char* kRows = R"({"article": "the cat sat on the mat", "summary": "a cat", "label": 1})"
                              "\n"
                              R"({"article": "the dog ran", "summary": "dog ranX", "label": 1})"
                              "\n"
                              R"({"article": "it rained all day", "summary": "it rained", "label": 1})"
                              "\n"
                              R"({"article": "a bird sang", "summary": "owl", "label": 0})"
                              "\n"
                              R"({"article": "prices rose", "summary": "prices f", "label": 0})"
                              "\n"
                              R"({"article": "snow fell", "summary": "hail", "label": 0})"
                              "\n";

TEST_F(ReproduceAttributionCli, RowsWithLengthAndRouge) {
  write("rows.jsonl", kRows);
  const auto r = attribution({"--data", "rows.jsonl", "--scorer", "rouge:measure=p", "--bootstrap", "200"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["kind"], "reproduce attribution");
  EXPECT_EQ(j["items"], 6);
  EXPECT_EQ(j["positives"], 3);
  EXPECT_EQ(j["data"]["format"], "rows");
  EXPECT_EQ(j["reference"], "rouge");
  // Length: negatives below each positive, ties 1/2: 5 -> 2 (3, 4), 8 -> 2 + 1/2, 9 -> 3; 7.5 of 9 pairs.
  const auto& length = scorer(j, "length");
  EXPECT_EQ(length["family"], "baseline");
  EXPECT_EQ(length["auc"]["value"].get<double>(), 7.5 / 9);
  // ROUGE-L precision of the summary against the article (rouge-score tokens, by hand): a cat -> 1/2 (cat),
  // dog ranX -> 1/2 (dog; "ranx" is not "ran"), it rained -> 1, owl -> 0, prices f -> 1/2, hail -> 0.
  // Positives 1/2, 1/2, 1 against negatives 0, 1/2, 0: 2.5 + 2.5 + 3 = 8 of 9 pairs.
  const auto& rouge = scorer(j, "rouge");
  EXPECT_EQ(rouge["family"], "lexical");
  EXPECT_EQ(rouge["auc"]["value"].get<double>(), 8.0 / 9);
  EXPECT_EQ(rouge["threshold_rule"], "score >= 0.25");  // between 0 and 1/2: TPR 1, TNR 2/3
  EXPECT_TRUE(rouge["auc_difference"].is_null());
  EXPECT_EQ(length["auc_difference"]["value"].get<double>(), 7.5 / 9 - 8.0 / 9);
  const auto& majority = scorer(j, "majority class");
  EXPECT_EQ(majority["auc"]["value"].get<double>(), 0.5);
  EXPECT_TRUE(majority["pearson"]["value"].is_null());
  EXPECT_EQ(majority["pearson"]["reason"], "the scores are constant");
  // Figures: the comparison table and the AUC bars with their reference line.
  ASSERT_EQ(j["figures"].size(), 2u);
  EXPECT_EQ(j["figures"][0]["type"], "table");
  EXPECT_EQ(j["figures"][0]["rows"].size(), 3u);
  EXPECT_EQ(j["figures"][0]["columns"][2], "ROC AUC [95%]");
  const auto& bars = j["figures"][1];
  EXPECT_EQ(bars["type"], "bars");
  EXPECT_EQ(bars["reference_line"], 0.5);
  EXPECT_EQ(bars["categories"], nlohmann::json({"rouge", "length", "majority class"}));
  EXPECT_EQ(bars["series"][0]["values"][1].get<double>(), 7.5 / 9);
  EXPECT_EQ(bars["series"][0]["low"].size(), 3u);
  EXPECT_TRUE(j["published"].empty());
  // Text: the table, with the families.
  const auto text =
      attribution({"--data", "rows.jsonl", "--scorer", "rouge:measure=p", "--bootstrap", "200", "-f", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("6 summaries, 3 attributable"), std::string::npos) << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("lexical"), std::string::npos);
  EXPECT_NE(text.stdout_text.find("ROC AUC of each scorer minus rouge's"), std::string::npos);
}

TEST_F(ReproduceAttributionCli, SeahorseShowsPublishedRowsAndFamilies) {
  write(
      "val.tsv",
      "gem_id\tworker_lang\tsummary\tmodel\tquestion1\tquestion2\tquestion3\tquestion4\tquestion5\tquestion6\tarticle\n"
      "g1\ten-US\ta cat\tm\tYes\tYes\tYes\tYes\tYes\tYes\tthe cat sat\n"
      "g2\ten-US\towl\tm\tYes\tYes\tYes\tNo\tYes\tYes\ta bird sang\n"
      "g3\ten-US\tit rained\tm\tYes\tYes\tYes\tYes\tYes\tYes\tit rained all day\n"
      "g4\ten-US\thail\tm\tYes\tYes\tYes\tNo\tYes\tYes\tsnow fell\n"
      "g5\ten-US\tx\tm\tYes\tYes\tYes\tUnsure\tYes\tYes\tsnow fell\n");
  const auto r =
      attribution({"--data", "val.tsv", "--scorer", "chrf:as=ch", "--family", "ch=NLI", "--bootstrap", "50"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["data"]["format"], "seahorse");
  EXPECT_EQ(j["data"]["unsure"], 1);
  EXPECT_EQ(j["items"], 4);
  EXPECT_EQ(scorer(j, "ch")["family"], "NLI");
  // The SEAHORSE leaderboard's question 4 rows (README of google-research-datasets/seahorse, d57af43).
  ASSERT_EQ(j["published"].size(), 4u);
  EXPECT_EQ(j["published"][0]["name"], "mT5-seahorse (published)");
  EXPECT_EQ(j["published"][0]["auc"], 0.85);
  EXPECT_EQ(j["published"][0]["pearson"], 0.59);
  EXPECT_EQ(j["published"][1]["auc"], 0.78);
  EXPECT_EQ(j["published"][2]["pearson"], 0.13);
  EXPECT_EQ(j["published"][3]["auc"], 0.5);
  EXPECT_NE(j["published_note"].get<std::string>().find("test set"), std::string::npos);
  EXPECT_EQ(j["figures"][0]["rows"].size(), 3u + 4u);
  EXPECT_EQ(j["figures"][0]["rows"][3][6], "test set");
}

TEST_F(ReproduceAttributionCli, BadInputIsOneLine) {
  write("rows.jsonl", std::string(kRows) + R"({"article": "a", "summary": "b", "label": "maybe"})" + "\n");
  auto r = attribution({"--data", "rows.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text,
            "trenchcoat reproduce attribution: error: rows.jsonl:7: label 'label' = 'maybe' is not Yes/No, true/false, "
            "a number or Unsure\n");
  r = attribution({"--data", "missing.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("missing.jsonl"), std::string::npos);
  write("good.jsonl", kRows);
  r = attribution({"--data", "good.jsonl", "--scorer", "nosuch"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.stderr_text.find("nosuch"), std::string::npos);
  r = attribution({"--data", "good.jsonl", "--family", "nosuch=NLI"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("'nosuch', which is no scorer's column"), std::string::npos);
  r = attribution({"--data", "good.jsonl", "--folds", "1"});
  EXPECT_EQ(r.exit_code, 2);
  write("unlabelled.jsonl", R"({"article": "a", "summary": "b", "label": "Unsure"})"
                            "\n");
  r = attribution({"--data", "unlabelled.jsonl"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("no labelled summary (1 rows, 1 Unsure, 0 unlabelled)"), std::string::npos);
}

TEST_F(ReproduceAttributionCli, UnscoredSummariesAreAnErrorOrDroppedForEveryScorer) {
  write("rows.jsonl", kRows);
  // A program (the dedicated-metric slot) with no score for the summary "owl" (row 4), and the article
  // as its source.
  write("metric.py",
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    item = json.loads(line)\n"
        "    print('null' if item['candidate'] == 'owl' else len(item['source']), flush=True)\n");
  auto r =
      attribution({"--data", "rows.jsonl", "--scorer", "cmd:run=python3 metric.py,as=metric", "--bootstrap", "20"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text,
            "trenchcoat reproduce attribution: error: rows.jsonl:4: scorer 'metric' gave no score for this summary "
            "(give --missing drop to leave such summaries out for every scorer)\n");
  r = attribution({"--data", "rows.jsonl", "--scorer", "cmd:run=python3 metric.py,as=metric", "--bootstrap", "20",
                   "--missing", "drop"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["items"], 5);
  EXPECT_EQ(j["positives"], 3);
  EXPECT_EQ(j["data"]["unscored_dropped"], 1);
  EXPECT_EQ(scorer(j, "metric")["family"], "dedicated metric");
  // Article lengths: positives 22, 11, 17 against the negatives left, 11 and 9: 2 + 1.5 + 2 = 5.5 of 6 pairs.
  EXPECT_EQ(scorer(j, "metric")["auc"]["value"].get<double>(), 5.5 / 6);
  // Length without "owl": positives 5, 8, 9 against 8, 4: 1 + 1.5 + 2 = 4.5 of 6 pairs.
  EXPECT_EQ(scorer(j, "length")["auc"]["value"].get<double>(), 4.5 / 6);
}

TEST_F(ReproduceAttributionCli, ListedInHelpAndWithItsOwnHelp) {
  auto r = trenchcoat({"--help"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_text.find("\n    reproduce attribution "), std::string::npos) << r.stdout_text;
  r = trenchcoat({"reproduce", "--help"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_text.find("\n  attribution "), std::string::npos) << r.stdout_text;
  r = attribution({"--help"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_text.find("--article-field"), std::string::npos);
  r = trenchcoat({"reproduce", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.stderr_text.rfind("trenchcoat reproduce: error: unknown reproduce command 'nope'", 0), 0u)
      << r.stderr_text;
}

}  // namespace
