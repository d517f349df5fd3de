// `trenchcoat score` with the LLM judge, end to end through the command line: a scripted endpoint on
// loopback (judge_test_server.hpp) judges the shipped example pairs, `meta pairs` reads the output
// unchanged, and a second run is answered from the response cache without a single request.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "judge_test_server.hpp"
#include "test_support.hpp"

namespace {

class ScoreJudgeCli : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(ScoreJudgeCli, PairwiseJudgeOnTheShippedExamplesFeedsMetaPairsAndIsCached) {
  const std::string data = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/preferences/pairs.jsonl";
  std::vector<std::string> chosen;
  {
    std::ifstream in(data);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) chosen.push_back(nlohmann::json::parse(line)["chosen"].get<std::string>());
  }
  ASSERT_EQ(chosen.size(), 10u);
  // A judge that always recognises the chosen answer: [[A]] when it is shown first, else [[B]].
  trenchcoat::testing::JudgeTestServer server([&](const trenchcoat::testing::JudgeCall& call, httplib::Response& res) {
    const std::string text = trenchcoat::testing::last_message(call.body);
    const std::string start = "[Start of assistant A's response]\n", end = "\n[End of assistant A's response]";
    const std::size_t a = text.find(start), a_end = text.find(end);
    const std::string shown_first = a == std::string::npos || a_end == std::string::npos
                                        ? ""
                                        : text.substr(a + start.size(), a_end - a - start.size());
    const bool chosen_is_a = std::find(chosen.begin(), chosen.end(), shown_first) != chosen.end();
    res.set_content(trenchcoat::testing::completion_json(chosen_is_a ? "[[A]]" : "[[B]]"), "application/json");
  });
  const std::string spec = "judge:url=" + server.url() + ",model=test-judge,mode=pairwise,cache=judge.sqlite";
  const auto run = trenchcoat({"score", "--data", data, "--scorer", spec, "--out", "judged.jsonl", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(server.requests(), 20u);  // both orders for each of the 10 pairs
  const auto pairs = trenchcoat({"meta", "pairs", "--data", "judged.jsonl", "--scorer", "judge"});
  ASSERT_EQ(pairs.exit_code, 0) << pairs.stderr_text;
  const auto report = nlohmann::json::parse(pairs.stdout_text);
  for (const auto& subset : report["subsets"]) EXPECT_EQ(subset["accuracy"].get<double>(), 1.0) << subset.dump();
  // The same run again: every answer comes from the cache.
  const auto again = trenchcoat({"score", "--data", data, "--scorer", spec, "--out", "again.jsonl", "-q"});
  ASSERT_EQ(again.exit_code, 0) << again.stderr_text;
  EXPECT_EQ(server.requests(), 20u);
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "again.jsonl").string()),
            trenchcoat::testing::read_file((dir_ / "judged.jsonl").string()));
}

TEST_F(ScoreJudgeCli, BothOrdersVerdictsAreWrittenAndMetaPairsMeasuresPositionBias) {
  const std::string data = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/preferences/pairs.jsonl";
  // A judge that always picks the response shown first: the chosen wins as A and loses as B.
  trenchcoat::testing::JudgeTestServer server([](const trenchcoat::testing::JudgeCall&, httplib::Response& res) {
    res.set_content(trenchcoat::testing::completion_json("[[A]]"), "application/json");
  });
  const std::string spec = "judge:url=" + server.url() + ",model=test-judge,mode=pairwise,cache=none";
  const auto run = trenchcoat({"score", "--data", data, "--scorer", spec, "--out", "judged.jsonl", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::ifstream in((dir_ / "judged.jsonl").string());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const auto row = nlohmann::json::parse(line);
  EXPECT_EQ(row["judge.preference"].get<double>(), 0.5);  // inconsistent orders count as a tie (MT-Bench)
  EXPECT_EQ(row["judge.preference_ab"].get<double>(), 1.0);
  EXPECT_EQ(row["judge.preference_ba"].get<double>(), 0.0);
  const auto pairs = trenchcoat({"meta", "pairs", "--data", "judged.jsonl"});
  ASSERT_EQ(pairs.exit_code, 0) << pairs.stderr_text;
  const auto report = nlohmann::json::parse(pairs.stdout_text);
  const auto& both = report["both_orders"];
  EXPECT_EQ(both["pairs"], 10);
  EXPECT_EQ(both["positional_agreement"].get<double>(), 0.0);  // every pair: A, then A again (the other text)
  EXPECT_EQ(both["correct_in_both_orders"].get<double>(), 0.0);
  EXPECT_EQ(both["accuracy_chosen_first"].get<double>(), 1.0);
  EXPECT_EQ(both["accuracy_chosen_second"].get<double>(), 0.0);
  EXPECT_EQ(both["accuracy_average"].get<double>(), 0.5);
}

}  // namespace

namespace {

// A judge whose server answers 500 to every request: every score is null, the output is written, and
// `score` exits with status 3 (it used to exit 0); --allow-failures 1 accepts it. The summary gives the
// cache hits and misses and the cache file.
TEST_F(ScoreJudgeCli, AJudgeAnswering500ExitsWithStatusThreeUnlessFailuresAreAllowed) {
  const std::string data = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/preferences/pairs.jsonl";
  trenchcoat::testing::JudgeTestServer server([](const trenchcoat::testing::JudgeCall&, httplib::Response& res) {
    res.status = 500;
    res.set_content(R"({"error": {"message": "backend down"}})", "application/json");
  });
  const std::string spec = "judge:url=" + server.url() + ",model=test-judge,mode=pairwise,retries=0,cache=judge.sqlite";
  const auto run = trenchcoat({"score", "--data", data, "--scorer", spec, "--out", "judged.jsonl"});
  EXPECT_EQ(run.exit_code, 3) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("judge: 10 of 10 items"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("; cache 0 hits, 20 misses (judge.sqlite)"), std::string::npos) << run.stderr_text;
  std::ifstream in(dir_ / "judged.jsonl");
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) {
    EXPECT_TRUE(nlohmann::json::parse(line)["judge.preference"].is_null()) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 10u);
  const auto allowed = trenchcoat(
      {"score", "--data", data, "--scorer", spec, "--out", "judged.jsonl", "--overwrite", "--allow-failures", "1"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.stderr_text;
}

}  // namespace
