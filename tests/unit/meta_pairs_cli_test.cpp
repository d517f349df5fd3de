// `trenchcoat meta pairs` end to end: rows in, RewardBench-style report out; bad rows name file:line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

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
  write("rows.jsonl",
        R"({"id": 1, "subset": "alpacaeval-easy", "length.chosen": 10, "length.rejected": 5})"
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
  EXPECT_EQ(j["sections"]["Chat"].get<double>(), 0.5);      // the only Chat subset present
  EXPECT_EQ(j["sections"]["Reasoning"].get<double>(), 0.0);  // hep-go: 0 of 1
  EXPECT_EQ(j["score"].get<double>(), (0.5 + 0.0 + 0.0 + 0.0) / 4);  // Chat Hard and Safety absent: 0
  EXPECT_FALSE(j["missing_subsets"].empty());
  const auto half = nlohmann::json::parse(pairs({"--data", "rows.jsonl", "--tie", "half"}).stdout_text);
  EXPECT_EQ(half["subsets"][0]["accuracy"].get<double>(), 0.75);
  const auto text = pairs({"--data", "rows.jsonl", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("tie policy strict (a tie is wrong)"), std::string::npos) << text.stdout_text;
}

TEST_F(MetaPairsCli, RewardBench2BestOfFourWithSharedCredit) {
  // rb_vectors "RB2.bo4": [3,3,1,0] -> 0.5 under shared credit, the RewardBench 2 default.
  write("rb2.jsonl",
        R"({"id": "a", "subset": "Math", "scores": [3, 3, 1, 0]})"
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
  write("bad.jsonl", R"({"subset": "x", "scores": [1, 2]})" "\n" R"({"subset": "x", "scores": [1, "a"]})" "\n");
  const auto r = pairs({"--data", "bad.jsonl"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.stderr_text.find("bad.jsonl:2:"), std::string::npos) << r.stderr_text;
  write("broken.jsonl", "{\"subset\": \"x\", \n");
  const auto b = pairs({"--data", "broken.jsonl"});
  EXPECT_NE(b.stderr_text.find("broken.jsonl:1: not valid JSON"), std::string::npos) << b.stderr_text;
  write("none.jsonl", R"({"subset": "x", "a": 1})" "\n");
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
  const auto strict = trenchcoat({"meta", "pairs", "--data", "pairs.jsonl", "--chosen", "chosen", "--rejected", "rejected"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.stderr_text.find("pairs.jsonl:4: the gold calls this pair a tie"), std::string::npos) << strict.stderr_text;
}

}  // namespace

namespace {

class MetaPairsCliScorerColumns : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(MetaPairsCliScorerColumns, PicksAScorersColumnsAndReadsPreferenceProbabilities) {
  // Rows as `trenchcoat score` writes them: two pointwise scorers and one pairwise scorer.
  write("scored.jsonl",
        "{\"id\": \"1\", \"subset\": \"s\", \"a.chosen\": 2, \"a.rejected\": 1, \"b.chosen\": 0, \"b.rejected\": 1, \"j.preference\": 0.9}\n"
        "{\"id\": \"2\", \"subset\": \"s\", \"a.chosen\": 1, \"a.rejected\": 3, \"b.chosen\": 5, \"b.rejected\": 1, \"j.preference\": 0.5}\n");
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
  // Without --scorer the choice is ambiguous, and the message says how to make it.
  const auto r = trenchcoat({"meta", "pairs", "--data", "scored.jsonl"});
  EXPECT_NE(r.stderr_text.find("choose one with --scorer NAME"), std::string::npos) << r.stderr_text;
}

}  // namespace
