// `trenchcoat meta pairs` end to end: rows in, RewardBench-style report out; bad rows name file:line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "trenchcoat/meta/bootstrap_mean.hpp"

namespace {

class MetaPairsCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult pairs(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "pairs"});
    return trenchcoat(args);
  }
};

TEST_F(MetaPairsCli, RewardBenchV1FromChosenRejectedColumns) {
  // Columns as `trenchcoat score` names them (length.chosen / length.rejected). The tie is wrong under
  // RewardBench v1's strict policy and half right under --tie half.
  write("rows.jsonl", R"({"id": 1, "subset": "alpacaeval-easy", "length.chosen": 10, "length.rejected": 5})"
                      "\n"
                      R"({"id": 2, "subset": "alpacaeval-easy", "length.chosen": 3, "length.rejected": 3})"
                      "\n\n"
                      R"({"id": 3, "subset": "hep-go", "length.chosen": 1, "length.rejected": 2})"
                      "\n");
  const auto r = pairs({"--data", "rows.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["tie_policy"], "strict");
  EXPECT_EQ(j["examples"], 3);
  EXPECT_EQ(j["subsets"][0]["subset"], "alpacaeval-easy");
  EXPECT_EQ(j["subsets"][0]["accuracy"].get<double>(), 0.5);
  EXPECT_EQ(j["sections"]["Chat"].get<double>(), 0.5);               // the only Chat subset present
  EXPECT_EQ(j["sections"]["Reasoning"].get<double>(), 0.0);          // hep-go: 0 of 1
  EXPECT_EQ(j["score"].get<double>(), (0.5 + 0.0 + 0.0 + 0.0) / 4);  // Chat Hard and Safety absent: 0
  EXPECT_FALSE(j["missing_subsets"].empty());
  const auto half = nlohmann::json::parse(pairs({"--data", "rows.jsonl", "--tie", "half"}).stdout_text);
  EXPECT_EQ(half["subsets"][0]["accuracy"].get<double>(), 0.75);
  const auto text = pairs({"--data", "rows.jsonl", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("tie policy strict (a tie is wrong)"), std::string::npos) << text.stdout_text;
}

TEST_F(MetaPairsCli, RewardBench2BestOfFourWithSharedCredit) {
  // rb_vectors "RB2.bo4": [3,3,1,0] -> 0.5 under shared credit, the RewardBench 2 default.
  write("rb2.jsonl", R"({"id": "a", "subset": "Math", "scores": [3, 3, 1, 0]})"
                     "\n"
                     R"({"id": "b", "subset": "Math", "scores": [[3], [1], [2], [0]]})"
                     "\n");
  const auto j = nlohmann::json::parse(pairs({"--data", "rb2.jsonl", "--scheme", "rewardbench2"}).stdout_text);
  EXPECT_EQ(j["tie_policy"], "shared");
  EXPECT_EQ(j["subsets"][0]["accuracy"].get<double>(), 0.75);
  EXPECT_EQ(j["score"].get<double>(), 0.75);  // only Math present (the others are listed as missing)
  EXPECT_EQ(j["missing_subsets"].size(), 5u);
}

TEST_F(MetaPairsCli, BadRowsNameFileAndLine) {
  write("bad.jsonl", R"({"subset": "x", "scores": [1, 2]})"
                     "\n"
                     R"({"subset": "x", "scores": [1, "a"]})"
                     "\n");
  const auto r = pairs({"--data", "bad.jsonl"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.stderr_text.find("bad.jsonl:2:"), std::string::npos) << r.stderr_text;
  write("broken.jsonl", "{\"subset\": \"x\", \n");
  const auto b = pairs({"--data", "broken.jsonl"});
  EXPECT_NE(b.stderr_text.find("broken.jsonl:1: not valid JSON"), std::string::npos) << b.stderr_text;
  write("none.jsonl", R"({"subset": "x", "a": 1})"
                      "\n");
  const auto n = pairs({"--data", "none.jsonl"});
  EXPECT_NE(n.stderr_text.find("none.jsonl:1: no score fields found"), std::string::npos) << n.stderr_text;
  EXPECT_EQ(pairs({"--data", "none.jsonl", "--tie", "lenient"}).exit_code, 2);
}

}  // namespace

namespace {

class MetaPairsCliCalibrated : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaPairsCliCalibrated, MarginIsCalibratedOnGoldTies) {
  // Four pairs: two clear wins (margins 2 and 0.5), one near-miss win (margin 0.05) and two pairs the
  // gold calls a tie (gaps 0.1 and 0.3). Credit(eps) = #{margin > eps} + #{gap <= eps}:
  // eps 0: 3 + 0; eps 0.05: 2 + 0; eps 0.1: 2 + 1; eps 0.3: 2 + 2 = 4 (best); eps 0.5: 1 + 2; eps 2: 0 + 2.
  write("pairs.jsonl",
        "{\"id\": \"a\", \"subset\": \"s\", \"chosen\": 3, \"rejected\": 1}\n"
        "{\"id\": \"b\", \"subset\": \"s\", \"chosen\": 1.5, \"rejected\": 1}\n"
        "{\"id\": \"c\", \"subset\": \"s\", \"chosen\": 1.05, \"rejected\": 1}\n"
        "{\"id\": \"d\", \"subset\": \"s\", \"chosen\": 1, \"rejected\": 1.1, \"tie\": true}\n"
        "{\"id\": \"e\", \"subset\": \"s\", \"chosen\": 0.7, \"rejected\": 1, \"tie\": true}\n");
  const auto r = trenchcoat({"meta", "pairs", "--data", "pairs.jsonl", "--tie", "calibrated", "--chosen", "chosen",
                             "--rejected", "rejected"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["tie_policy"], "calibrated");
  EXPECT_EQ(j["tie_margin"].get<double>(), 1.0 - 0.7);  // the gap of pair e, as computed in double
  EXPECT_EQ(j["gold_ties"], 2);
  EXPECT_EQ(j["subsets"][0]["accuracy"].get<double>(), 4.0 / 5.0);
  // Another policy cannot score a gold tie: one line naming the file and line.
  const auto strict =
      trenchcoat({"meta", "pairs", "--data", "pairs.jsonl", "--chosen", "chosen", "--rejected", "rejected"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.stderr_text.find("pairs.jsonl:4: the gold calls this pair a tie"), std::string::npos)
      << strict.stderr_text;
}

}  // namespace

namespace {

class MetaPairsCliScorerColumns : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaPairsCliScorerColumns, PicksAScorersColumnsAndReadsPreferenceProbabilities) {
  // Rows as `trenchcoat score` writes them: two pointwise scorers and one pairwise scorer.
  write("scored.jsonl",
        "{\"id\": \"1\", \"subset\": \"s\", \"a.chosen\": 2, \"a.rejected\": 1, \"b.chosen\": 0, \"b.rejected\": 1, "
        "\"j.preference\": 0.9}\n"
        "{\"id\": \"2\", \"subset\": \"s\", \"a.chosen\": 1, \"a.rejected\": 3, \"b.chosen\": 5, \"b.rejected\": 1, "
        "\"j.preference\": 0.5}\n");
  auto accuracy = [&](const std::string& scorer, const std::string& tie = "strict") {
    const auto r = trenchcoat({"meta", "pairs", "--data", "scored.jsonl", "--scorer", scorer, "--tie", tie});
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return r.exit_code == 0 ? nlohmann::json::parse(r.stdout_text)["subsets"][0]["accuracy"].get<double>() : -1.0;
  };
  EXPECT_EQ(accuracy("a"), 0.5);  // row 1 right, row 2 wrong
  EXPECT_EQ(accuracy("b"), 0.5);  // row 1 wrong, row 2 right
  // j.preference: P(chosen preferred) 0.9 is right; 0.5 is a tie: wrong when strict, 1/2 with half credit.
  EXPECT_EQ(accuracy("j"), 0.5);
  EXPECT_EQ(accuracy("j", "half"), 0.75);
  // Without --scorer every scorer is evaluated, side by side, in the order of their names.
  const auto r = trenchcoat({"meta", "pairs", "--data", "scored.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto all = nlohmann::json::parse(r.stdout_text);
  ASSERT_EQ(all["scorers"].size(), 3u);
  EXPECT_EQ(all["scorers"][0]["scorer"], "a");
  EXPECT_EQ(all["scorers"][1]["scorer"], "b");
  EXPECT_EQ(all["scorers"][2]["scorer"], "j");
  EXPECT_EQ(all["scorers"][2]["columns"], "j.preference");
  EXPECT_EQ(all["scorers"][2]["accuracy"].get<double>(), 0.5);  // as with --scorer j (strict)
  // --scorer is repeatable: those scorers, in that order.
  const auto two = nlohmann::json::parse(
      trenchcoat({"meta", "pairs", "--data", "scored.jsonl", "--scorer", "j", "--scorer", "a"}).stdout_text);
  ASSERT_EQ(two["scorers"].size(), 2u);
  EXPECT_EQ(two["scorers"][0]["scorer"], "j");
}

}  // namespace

namespace {

// The length-bias analysis beside the result (meta/length_bias.hpp): lengths from columns, from the
// completion texts, or none (a note).
class MetaPairsCliLengthBias : public trenchcoat::testing::TempDirectoryTest {
 protected:
  nlohmann::json length_bias(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "pairs"});
    const auto r = trenchcoat(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return nlohmann::json::parse(r.stdout_text).at("length_bias");
  }
};

TEST_F(MetaPairsCliLengthBias, FromLengthColumnsBesideEverySubset) {
  // Pair 1: chosen shorter (3 < 8), scorer right (0.9 > 0.1), baseline wrong.
  // Pair 2: equal lengths (4 = 4), scorer tie, baseline tie.
  // Pair 3: chosen longer (9 > 2), scorer wrong (0.2 < 0.7), baseline right.
  // The texts "x" / "y" are ignored: the columns come first.
  write(
      "rows.jsonl",
      R"({"id": 1, "subset": "s", "chosen": "x", "rejected": "y", "reward.chosen": 0.9, "reward.rejected": 0.1, "length.chosen": 3, "length.rejected": 8})"
      "\n"
      R"({"id": 2, "subset": "s", "chosen": "x", "rejected": "y", "reward.chosen": 0.5, "reward.rejected": 0.5, "length.chosen": 4, "length.rejected": 4})"
      "\n"
      R"({"id": 3, "subset": "t", "chosen": "x", "rejected": "y", "reward.chosen": 0.2, "reward.rejected": 0.7, "length.chosen": 9, "length.rejected": 2})"
      "\n");
  const auto j = length_bias({"--data", "rows.jsonl", "--scorer", "reward"});
  EXPECT_EQ(j["source"], "columns");
  EXPECT_EQ(j["lengths"], "length.chosen / length.rejected");
  EXPECT_EQ(j["examples"], 3);
  EXPECT_DOUBLE_EQ(j["length_baseline_accuracy"].get<double>(), 1.0 / 3);  // (0 + 0 + 1) / 3, strict
  EXPECT_DOUBLE_EQ(j["scorer_accuracy"].get<double>(), 1.0 / 3);           // (1 + 0 + 0) / 3
  EXPECT_EQ(j["chosen_shorter"]["examples"], 1);
  EXPECT_EQ(j["chosen_shorter"]["scorer_accuracy"].get<double>(), 1.0);
  EXPECT_EQ(j["chosen_longer"]["scorer_accuracy"].get<double>(), 0.0);
  EXPECT_EQ(j["equal_length"]["scorer_accuracy"].get<double>(), 0.0);      // a tie is wrong under strict
  EXPECT_DOUBLE_EQ(j["mean_length"]["chosen"].get<double>(), 16.0 / 3);    // (3 + 4 + 9) / 3
  EXPECT_DOUBLE_EQ(j["mean_length"]["rejected"].get<double>(), 14.0 / 3);  // (8 + 4 + 2) / 3
  EXPECT_TRUE(j["correlation_with_length"]["pearson"]["statistic"].is_number());
  EXPECT_EQ(j["correlation_with_length"]["completions"], 6);
  ASSERT_EQ(j["subsets"].size(), 2u);
  EXPECT_EQ(j["subsets"][0]["subset"], "s");
  EXPECT_EQ(j["subsets"][0]["scorer"].get<double>(), 0.5);           // (1 + 0) / 2
  EXPECT_EQ(j["subsets"][0]["length_baseline"].get<double>(), 0.0);  // (0 + 0) / 2
  EXPECT_EQ(j["subsets"][1]["length_baseline"].get<double>(), 1.0);  // t: 9 > 2
  // --tie half carries over to the baseline's equal lengths: s = (0 + 1/2) / 2; the scorer's s = (1 + 1/2) / 2.
  const auto half = length_bias({"--data", "rows.jsonl", "--scorer", "reward", "--tie", "half"});
  EXPECT_EQ(half["subsets"][0]["length_baseline"].get<double>(), 0.25);
  EXPECT_EQ(half["subsets"][0]["scorer"].get<double>(), 0.75);
  EXPECT_EQ(half["equal_length"]["scorer_accuracy"].get<double>(), 0.5);
  // --length-scorer names other columns; constant scores give an undefined correlation, with the reason.
  write("flat.jsonl", R"({"subset": "s", "reward.chosen": 1, "reward.rejected": 1, "len.chosen": 2, "len.rejected": 5})"
                      "\n"
                      R"({"subset": "s", "reward.chosen": 1, "reward.rejected": 1, "len.chosen": 7, "len.rejected": 5})"
                      "\n");
  const auto flat = length_bias({"--data", "flat.jsonl", "--scorer", "reward", "--length-scorer", "len"});
  EXPECT_EQ(flat["lengths"], "len.chosen / len.rejected");
  EXPECT_EQ(flat["length_baseline_accuracy"].get<double>(), 0.5);  // 2 < 5 wrong, 7 > 5 right
  EXPECT_TRUE(flat["correlation_with_length"]["pearson"]["statistic"].is_null());
  EXPECT_EQ(flat["correlation_with_length"]["pearson"]["undefined"], "the scores are constant");
}

TEST_F(MetaPairsCliLengthBias, FromCompletionTextsInCodePointsOrWords) {
  // Row 1: chosen "héllo wörld" is 11 code points (13 bytes), 2 words; rejected "hi" 2 code points, 1 word.
  //        chosen longer; scorer wrong (0.2 < 0.9); baseline right.
  // Row 2: chosen "ok" 2 code points, 1 word; rejected "a longer answer" 15 code points, 3 words.
  //        chosen shorter; scorer right (1 > 0); baseline wrong.
  write(
      "texts.jsonl",
      R"({"subset": "s", "prompt": "q", "chosen": "héllo wörld", "rejected": "hi", "score_chosen": 0.2, "score_rejected": 0.9})"
      "\n"
      R"({"subset": "s", "prompt": "q", "chosen": "ok", "rejected": "a longer answer", "score_chosen": 1, "score_rejected": 0})"
      "\n");
  const auto j = length_bias({"--data", "texts.jsonl"});
  EXPECT_EQ(j["source"], "texts");
  EXPECT_EQ(j["unit"], "chars");
  EXPECT_EQ(j["mean_length"]["chosen"].get<double>(), 6.5);    // (11 + 2) / 2
  EXPECT_EQ(j["mean_length"]["rejected"].get<double>(), 8.5);  // (2 + 15) / 2
  EXPECT_EQ(j["length_baseline_accuracy"].get<double>(), 0.5);
  EXPECT_EQ(j["chosen_shorter"]["scorer_accuracy"].get<double>(), 1.0);
  EXPECT_EQ(j["chosen_longer"]["scorer_accuracy"].get<double>(), 0.0);
  EXPECT_EQ(j["equal_length"]["examples"], 0);  // an empty group: no accuracy
  EXPECT_TRUE(j["equal_length"]["scorer_accuracy"].is_null());
  const auto words = length_bias({"--data", "texts.jsonl", "--length-unit", "words"});
  EXPECT_EQ(words["unit"], "words");
  EXPECT_EQ(words["mean_length"]["chosen"].get<double>(), 1.5);    // (2 + 1) / 2
  EXPECT_EQ(words["mean_length"]["rejected"].get<double>(), 2.0);  // (1 + 3) / 2
  // LLMBar: label 2 makes output_2 (6 code points) the chosen, output_1 (3) the rejected.
  write(
      "llmbar.jsonl",
      R"({"subset": "Natural", "input": "q", "output_1": "aaa", "output_2": "bbbbbb", "label": 2, "score_chosen": 1, "score_rejected": 0})"
      "\n");
  const auto llmbar = length_bias({"--data", "llmbar.jsonl"});
  EXPECT_EQ(llmbar["mean_length"]["chosen"].get<double>(), 6.0);
  EXPECT_EQ(llmbar["mean_length"]["rejected"].get<double>(), 3.0);
  // HH transcripts: each completion is what follows its last "\n\nAssistant:", verbatim: " hello there" is
  // 12 code points, " no" 3.
  write(
      "hh.jsonl",
      R"({"subset": "harmless", "chosen": "\n\nHuman: hi\n\nAssistant: hello there", "rejected": "\n\nHuman: hi\n\nAssistant: no", "score_chosen": 0, "score_rejected": 1})"
      "\n");
  const auto hh = length_bias({"--data", "hh.jsonl"});
  EXPECT_EQ(hh["mean_length"]["chosen"].get<double>(), 12.0);
  EXPECT_EQ(hh["mean_length"]["rejected"].get<double>(), 3.0);
  EXPECT_EQ(hh["length_baseline_accuracy"].get<double>(), 1.0);
  EXPECT_EQ(hh["scorer_accuracy"].get<double>(), 0.0);
}

TEST_F(MetaPairsCliLengthBias, NoLengthsOrListsGiveANoteNotAnError) {
  write("scores.jsonl", R"({"subset": "s", "score_chosen": 1, "score_rejected": 0})"
                        "\n");
  const auto j = length_bias({"--data", "scores.jsonl"});
  EXPECT_EQ(j["source"], "none");
  EXPECT_NE(j["note"].get<std::string>().find("no length columns and no completion texts"), std::string::npos);
  write("rb2.jsonl", R"({"subset": "Math", "scores": [3, 1, 2, 0]})"
                     "\n");
  const auto lists = length_bias({"--data", "rb2.jsonl", "--scheme", "rewardbench2"});
  EXPECT_EQ(lists["source"], "none");
  EXPECT_NE(lists["note"].get<std::string>().find("pairs only"), std::string::npos);
  const auto text = trenchcoat({"meta", "pairs", "--data", "scores.jsonl", "-f", "text"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.stdout_text.find("no length analysis"), std::string::npos) << text.stdout_text;
}

TEST_F(MetaPairsCliLengthBias, TextReportHasTheSecondTableAndTheLines) {
  write("rows.jsonl",
        R"({"subset": "s", "score_chosen": 2, "score_rejected": 1, "length.chosen": 3, "length.rejected": 8})"
        "\n"
        R"({"subset": "s", "score_chosen": 0, "score_rejected": 1, "length.chosen": 9, "length.rejected": 2})"
        "\n");
  const auto r = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "--chosen", "score_chosen", "--rejected",
                             "score_rejected", "-f", "text"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const char* piece : {"length baseline", "chosen shorter (shorter preferred): 1.0000 over 1 examples",
                            "chosen longer (longer preferred): 0.0000 over 1 examples", "Pearson", "Kendall tau-b"})
    EXPECT_NE(r.stdout_text.find(piece), std::string::npos) << piece << "\n" << r.stdout_text;
}

}  // namespace

namespace {

class MetaPairsCliPlain : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaPairsCliPlain, SubsetsThatAreNotRewardBenchsGetTheAccuracyWithIntervals) {
  // LLMBar-like subsets. Natural: 2 > 1 right, 5 > 0 right, 1 < 4 wrong; Adversarial: 0 < 3 wrong,
  // 2 = 2 a tie (wrong under strict). Overall 2 of 5; Natural 2 of 3; Adversarial 0 of 2.
  write("rows.jsonl",
        "{\"id\": 1, \"subset\": \"Natural\", \"score_chosen\": 2, \"score_rejected\": 1}\n"
        "{\"id\": 2, \"subset\": \"Natural\", \"score_chosen\": 5, \"score_rejected\": 0}\n"
        "{\"id\": 3, \"subset\": \"Natural\", \"score_chosen\": 1, \"score_rejected\": 4}\n"
        "{\"id\": 4, \"subset\": \"Adversarial\", \"score_chosen\": 0, \"score_rejected\": 3}\n"
        "{\"id\": 5, \"subset\": \"Adversarial\", \"score_chosen\": 2, \"score_rejected\": 2}\n");
  const auto r = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "--seed", "7"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["scheme"], "plain");
  EXPECT_NE(j["scheme_choice"].get<std::string>().find("chosen automatically (no subset is a RewardBench subset"),
            std::string::npos);
  EXPECT_EQ(j["accuracy"].get<double>(), 2.0 / 5);  // hand count above
  EXPECT_EQ(j["score"].get<double>(), 2.0 / 5);
  EXPECT_FALSE(j.contains("sections"));
  EXPECT_FALSE(j.contains("missing_subsets"));
  ASSERT_EQ(j["subsets"].size(), 2u);
  EXPECT_EQ(j["subsets"][0]["subset"], "Adversarial");
  EXPECT_EQ(j["subsets"][0]["accuracy"].get<double>(), 0.0);
  EXPECT_EQ(j["subsets"][1]["accuracy"].get<double>(), 2.0 / 3);
  // The intervals are bootstrap_mean_intervals over the per-pair credits (rows in file order), seeded.
  EXPECT_EQ(j["bootstrap"]["seed"], 7);
  EXPECT_EQ(j["bootstrap"]["resamples"], 1000);
  const auto overall = trenchcoat::meta::bootstrap_mean_intervals({{1, 1, 0, 0, 0}}, 1000, 0.95, 7).front().interval;
  EXPECT_EQ(j["accuracy_interval"][0].get<double>(), overall.lower);
  EXPECT_EQ(j["accuracy_interval"][1].get<double>(), overall.upper);
  const auto natural = trenchcoat::meta::bootstrap_mean_intervals({{1, 1, 0}}, 1000, 0.95, 7).front().interval;
  EXPECT_EQ(j["subsets"][1]["interval"][0].get<double>(), natural.lower);
  EXPECT_EQ(j["subsets"][1]["interval"][1].get<double>(), natural.upper);
  // The text report: the accuracy first, the seed printed, no RewardBench headline or sections.
  const auto text = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "-f", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_EQ(text.stdout_text.rfind("scorer score_chosen (score_chosen / score_rejected)\nplain: accuracy 0.4000 [", 0),
            0u)
      << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("seed 0"), std::string::npos) << text.stdout_text;
  EXPECT_EQ(text.stdout_text.find("rewardbench"), std::string::npos) << text.stdout_text;
  EXPECT_EQ(text.stdout_text.find("Chat Hard"), std::string::npos) << text.stdout_text;
  // --bootstrap 0: no intervals.
  const auto none =
      nlohmann::json::parse(trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "--bootstrap", "0"}).stdout_text);
  EXPECT_FALSE(none.contains("accuracy_interval"));
  // RewardBench named for data without its subsets: an error pointing to plain, not a score of 0.
  const auto rb = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "--scheme", "rewardbench"});
  EXPECT_EQ(rb.exit_code, 1);
  EXPECT_NE(rb.stderr_text.find("--scheme plain"), std::string::npos) << rb.stderr_text;
}

TEST_F(MetaPairsCliPlain, RewardBenchSubsetsStillChooseRewardBench) {
  write("rows.jsonl", "{\"subset\": \"alpacaeval-easy\", \"score_chosen\": 2, \"score_rejected\": 1}\n");
  const auto j = nlohmann::json::parse(trenchcoat({"meta", "pairs", "--data", "rows.jsonl"}).stdout_text);
  EXPECT_EQ(j["scheme"], "rewardbench");
  EXPECT_EQ(j["sections"]["Chat"].get<double>(), 1.0);
  EXPECT_FALSE(j.contains("accuracy_interval"));
  // The text says which sections have none of their subsets (scored 0, as the reference does).
  const auto text = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("1 of 5"), std::string::npos) << text.stdout_text;  // Chat: alpacaeval-easy of 5
  EXPECT_NE(text.stdout_text.find("none (0 in the score)"), std::string::npos) << text.stdout_text;
}

TEST_F(MetaPairsCliPlain, PartialRewardBenchDataAlsoShowsTheAccuracyOfTheExamplesPresent) {
  // Three examples of two RewardBench subsets, two of them right: 2/3 over the data, whatever the
  // scheme's section weights make of it (hand count).
  write("rows.jsonl",
        "{\"subset\": \"alpacaeval-easy\", \"score_chosen\": 2, \"score_rejected\": 1}\n"
        "{\"subset\": \"alpacaeval-easy\", \"score_chosen\": 1, \"score_rejected\": 2}\n"
        "{\"subset\": \"mt-bench-easy\", \"score_chosen\": 3, \"score_rejected\": 1}\n");
  const auto text = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("accuracy over the 3 examples of the subsets present: 0.6667"), std::string::npos)
      << text.stdout_text;
}

class MetaPairsCliMissing : public trenchcoat::testing::TempDirectoryTest {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    // A judge whose request for row 2 failed: `trenchcoat score` wrote null.
    write("judged.jsonl",
          "{\"id\": 1, \"subset\": \"s\", \"judge.preference\": 0.9}\n"
          "{\"id\": 2, \"subset\": \"s\", \"judge.preference\": null}\n"
          "{\"id\": 3, \"subset\": \"s\", \"judge.preference\": 0.2}\n"
          "{\"id\": 4, \"subset\": \"s\", \"judge.preference\": 1}\n");
  }
};

TEST_F(MetaPairsCliMissing, NullIsAnErrorNamingTheFlagUnlessDroppedOrTied) {
  const auto error = trenchcoat({"meta", "pairs", "--data", "judged.jsonl"});
  EXPECT_EQ(error.exit_code, 1);
  EXPECT_NE(error.stderr_text.find("judged.jsonl:2: 'judge.preference' is null"), std::string::npos)
      << error.stderr_text;
  EXPECT_NE(error.stderr_text.find("--missing drop"), std::string::npos) << error.stderr_text;
  // drop: rows 1, 3, 4 remain; 0.9 and 1 right, 0.2 wrong.
  const auto drop =
      nlohmann::json::parse(trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "drop"}).stdout_text);
  EXPECT_EQ(drop["examples"], 3);
  EXPECT_EQ(drop["accuracy"].get<double>(), 2.0 / 3);
  EXPECT_EQ(drop["missing_scores"]["policy"], "drop");
  EXPECT_EQ(drop["missing_scores"]["rows"], 1);
  EXPECT_EQ(drop["missing_scores"]["note"], "1 row with a missing score: dropped (--missing drop)");
  // tie: row 2 is a tie, wrong under strict (2 of 4), half right under --tie half ((1 + 1/2 + 0 + 1) / 4).
  const auto tie =
      nlohmann::json::parse(trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "tie"}).stdout_text);
  EXPECT_EQ(tie["examples"], 4);
  EXPECT_EQ(tie["accuracy"].get<double>(), 0.5);
  EXPECT_EQ(tie["missing_scores"]["note"], "1 row with a missing score: counted as ties (--missing tie)");
  const auto half = nlohmann::json::parse(
      trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "tie", "--tie", "half"}).stdout_text);
  EXPECT_EQ(half["accuracy"].get<double>(), 0.625);
  // Without nulls the result says so; the text report carries the same line.
  const auto text = trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "drop", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("1 row with a missing score: dropped (--missing drop)\n"), std::string::npos)
      << text.stdout_text;
  EXPECT_EQ(trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "skip"}).exit_code, 2);
}

TEST_F(MetaPairsCliMissing, NullsInChosenRejectedColumnsAndListsCountPerScorer) {
  // Two pointwise scorers: a has a null on row 1 (rejected), b on row 2 (chosen).
  write("two.jsonl",
        "{\"subset\": \"s\", \"a.chosen\": 2, \"a.rejected\": null, \"b.chosen\": 1, \"b.rejected\": 0}\n"
        "{\"subset\": \"s\", \"a.chosen\": 3, \"a.rejected\": 1, \"b.chosen\": null, \"b.rejected\": 0}\n"
        "{\"subset\": \"s\", \"a.chosen\": 0, \"a.rejected\": 1, \"b.chosen\": 5, \"b.rejected\": 0}\n");
  const auto j =
      nlohmann::json::parse(trenchcoat({"meta", "pairs", "--data", "two.jsonl", "--missing", "drop"}).stdout_text);
  ASSERT_EQ(j["scorers"].size(), 2u);
  EXPECT_EQ(j["scorers"][0]["missing_scores"]["rows"], 1);
  EXPECT_EQ(j["scorers"][0]["accuracy"].get<double>(), 0.5);  // rows 2 (3 > 1) and 3 (0 < 1)
  EXPECT_EQ(j["scorers"][1]["accuracy"].get<double>(), 1.0);  // rows 1 and 3
  write("lists.jsonl", "{\"subset\": \"s\", \"scores\": [1, null, 0]}\n{\"subset\": \"s\", \"scores\": [3, 1, 2]}\n");
  const auto lists = nlohmann::json::parse(
      trenchcoat({"meta", "pairs", "--data", "lists.jsonl", "--missing", "tie", "--tie", "shared"}).stdout_text);
  EXPECT_EQ(lists["accuracy"].get<double>(), (1.0 / 3 + 1.0) / 2);  // row 1 a three-way tie: 1/3 shared credit
  const auto error = trenchcoat({"meta", "pairs", "--data", "lists.jsonl"});
  EXPECT_NE(error.stderr_text.find("lists.jsonl:1: 'scores' is null"), std::string::npos) << error.stderr_text;
}

class MetaPairsCliBothOrders : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaPairsCliBothOrders, PositionalAgreementAndCorrectInBothOrders) {
  // Per row: the judge's preference for the chosen with it shown first (_ab) and second (_ba).
  // 1: 1, 1     chosen picked in both orders: correct in both, agree
  // 2: 1, 0     picks A both times: chosen first only, disagree
  // 3: 0.5, 0.5 a tie in both: agree, not correct
  // 4: 0, 0     rejected picked in both: agree, wrong
  // 5: the second request failed: no score, left out by --missing drop.
  write("judged.jsonl",
        "{\"subset\": \"s\", \"judge.preference\": 1, \"judge.preference_ab\": 1, \"judge.preference_ba\": 1}\n"
        "{\"subset\": \"s\", \"judge.preference\": 0.5, \"judge.preference_ab\": 1, \"judge.preference_ba\": 0}\n"
        "{\"subset\": \"s\", \"judge.preference\": 0.5, \"judge.preference_ab\": 0.5, \"judge.preference_ba\": 0.5}\n"
        "{\"subset\": \"s\", \"judge.preference\": 0, \"judge.preference_ab\": 0, \"judge.preference_ba\": 0}\n"
        "{\"subset\": \"t\", \"judge.preference\": null, \"judge.preference_ab\": 1, \"judge.preference_ba\": null}\n");
  const auto r = trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "drop"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_FALSE(j.contains("scorers"));  // one scorer: a single result, the order columns are not scorers
  const auto& b = j["both_orders"];
  EXPECT_EQ(b["columns"], "judge.preference_ab / judge.preference_ba");
  EXPECT_EQ(b["pairs"], 4);
  EXPECT_EQ(b["rows_without_both_verdicts"], 1);
  EXPECT_EQ(b["positional_agreement"].get<double>(), 0.75);    // rows 1, 3, 4
  EXPECT_EQ(b["correct_in_both_orders"].get<double>(), 0.25);  // row 1
  EXPECT_EQ(b["accuracy_chosen_first"].get<double>(), 0.5);    // rows 1, 2
  EXPECT_EQ(b["accuracy_chosen_second"].get<double>(), 0.25);  // row 1
  EXPECT_EQ(b["accuracy_average"].get<double>(), 0.375);
  ASSERT_EQ(b["subsets"].size(), 1u);
  EXPECT_EQ(b["subsets"][0]["subset"], "s");
  const auto text = trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--missing", "drop", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("positional agreement 0.7500; correct in both orders 0.2500"), std::string::npos)
      << text.stdout_text;
}

class MetaPairsCliReadme : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaPairsCliReadme, ScoreThenMetaPairsExampleRunsWithBothScorers) {
  // The README's example: two scorers into one file, then meta pairs on it as is.
  const std::string data = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/preferences/pairs.jsonl";
  const auto s = trenchcoat({"score", "--data", data, "--scorer", "length", "--scorer", "length:unit=words,as=words",
                             "--out", "scored.jsonl"});
  ASSERT_EQ(s.exit_code, 0) << s.stderr_text;
  const auto text = trenchcoat({"meta", "pairs", "--data", "scored.jsonl", "-f", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("2 scorers, scheme rewardbench"), std::string::npos) << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("scorer length (length.chosen / length.rejected)"), std::string::npos)
      << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("scorer words (words.chosen / words.rejected)"), std::string::npos)
      << text.stdout_text;
  const auto j = nlohmann::json::parse(trenchcoat({"meta", "pairs", "--data", "scored.jsonl"}).stdout_text);
  ASSERT_EQ(j["scorers"].size(), 2u);
  EXPECT_EQ(j["scorers"][0]["scorer"], "length");
  EXPECT_EQ(j["scorers"][1]["scorer"], "words");
  EXPECT_EQ(j["scorers"][0]["examples"], 10);
}

TEST_F(MetaPairsCli, DirectionLowerNegatesLowerIsBetterScores) {
  // TER-like scores: rows 1 and 3 give the chosen the lower TER (right when lower is better), row 2 the
  // higher (wrong): 2/3 with --direction lower; read as higher-is-better only row 2 is right: 1/3.
  write("ter.jsonl", R"({"id": 1, "subset": "s", "ter.chosen": 20, "ter.rejected": 50})"
                     "\n"
                     R"({"id": 2, "subset": "s", "ter.chosen": 60, "ter.rejected": 40})"
                     "\n"
                     R"({"id": 3, "subset": "s", "ter.chosen": 25, "ter.rejected": 45})"
                     "\n");
  const auto lower = pairs({"--data", "ter.jsonl", "--direction", "lower", "--bootstrap", "0"});
  ASSERT_EQ(lower.exit_code, 0) << lower.stderr_text;
  const auto j = nlohmann::json::parse(lower.stdout_text);
  EXPECT_EQ(j["accuracy"].get<double>(), 2.0 / 3);
  EXPECT_EQ(j["direction"], "lower");
  const auto higher = nlohmann::json::parse(pairs({"--data", "ter.jsonl", "--bootstrap", "0"}).stdout_text);
  EXPECT_EQ(higher["accuracy"].get<double>(), 1.0 / 3);
  EXPECT_FALSE(higher.contains("direction"));
  const auto text = pairs({"--data", "ter.jsonl", "--direction", "lower", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("direction lower"), std::string::npos) << text.stdout_text;
}

}  // namespace
