// Conformance on real preference data: the `length` baseline scores the
// LLMBar pairs (Natural and the four Adversarial subsets, LLMBar's dataset.json: lists of
// {input, output_1, output_2, label}, label = the better output) and the Anthropic hh-rlhf
// harmless-base test pairs (full dialogues; the completion follows the last "\n\nAssistant:"), and
// `trenchcoat meta pairs` reads the output unchanged.
//
// The expected accuracies were measured with these commands (strict RewardBench v1 policy: a tie of
// lengths is wrong), and agree with an independent count in Python (len(chosen) > len(rejected) over
// the same completions):
//   trenchcoat score --data LLMBar/Dataset/LLMBar/Natural/dataset.json --subset Natural --scorer length --out
//   Natural.jsonl trenchcoat meta pairs --data Natural.jsonl (likewise Adversarial/Neighbor, GPTInst, GPTOut, Manual)
//   trenchcoat score --data hh-rlhf/harmless-base/test.jsonl.gz --subset harmless --scorer length --out hh.jsonl
//   trenchcoat meta pairs --data hh.jsonl
// Natural 56/100 (1 tie), Neighbor 16/134, GPTInst 12/92, GPTOut 21/47, Manual 8/46 (1 tie);
// hh-rlhf harmless 1023/2312 (11 ties). Length prefers the chosen output on Natural only: on the
// adversarial subsets, built so that the worse output looks better, it is far below chance.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "shared_data.hpp"
#include "test_support.hpp"

namespace {

using trenchcoat::testing::shared_data_path;

class PreferenceLength : public trenchcoat::testing::TempDirectoryTest {
 protected:
  // Scores one dataset with `length`, runs `meta pairs` on the output, returns the subset's accuracy.
  double accuracy(const std::string& data, const std::string& subset, std::size_t expected_examples) {
    const auto s =
        trenchcoat({"score", "--data", data, "--subset", subset, "--scorer", "length", "--out", subset + ".jsonl"});
    EXPECT_EQ(s.exit_code, 0) << s.stderr_text;
    const auto m = trenchcoat({"meta", "pairs", "--data", subset + ".jsonl"});
    EXPECT_EQ(m.exit_code, 0) << m.stderr_text;
    if (m.exit_code != 0) return -1;
    const auto report = nlohmann::json::parse(m.stdout_text);
    EXPECT_EQ(report["tie_policy"], "strict");
    // Not RewardBench subsets: the plain scheme, whose headline is the accuracy over every pair (here
    // the one subset's), with a bootstrap interval around it; no RewardBench sections at 0.
    EXPECT_EQ(report["scheme"], "plain");
    EXPECT_FALSE(report.contains("sections"));
    EXPECT_EQ(report["accuracy"], report["subsets"][0]["accuracy"]);
    EXPECT_LE(report["accuracy_interval"][0].get<double>(), report["accuracy"].get<double>());
    EXPECT_GE(report["accuracy_interval"][1].get<double>(), report["accuracy"].get<double>());
    EXPECT_EQ(report["subsets"].size(), 1u);
    EXPECT_EQ(report["subsets"][0]["subset"], subset);
    EXPECT_EQ(report["subsets"][0]["examples"].get<std::size_t>(), expected_examples);
    const double a = report["subsets"][0]["accuracy"].get<double>();
    std::printf("length preference accuracy, %s: %.4f over %zu pairs\n", subset.c_str(), a, expected_examples);
    return a;
  }
};

TEST_F(PreferenceLength, LlmbarNaturalAndAdversarial) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("LLMBar/Dataset/LLMBar");
  const std::string root = shared_data_path("LLMBar/Dataset/LLMBar/");
  // Measured (see the header comment); sizes of the princeton-nlp/LLMBar subsets.
  EXPECT_DOUBLE_EQ(accuracy(root + "Natural/dataset.json", "Natural", 100), 56.0 / 100);
  EXPECT_DOUBLE_EQ(accuracy(root + "Adversarial/Neighbor/dataset.json", "Neighbor", 134), 16.0 / 134);
  EXPECT_DOUBLE_EQ(accuracy(root + "Adversarial/GPTInst/dataset.json", "GPTInst", 92), 12.0 / 92);
  EXPECT_DOUBLE_EQ(accuracy(root + "Adversarial/GPTOut/dataset.json", "GPTOut", 47), 21.0 / 47);
  EXPECT_DOUBLE_EQ(accuracy(root + "Adversarial/Manual/dataset.json", "Manual", 46), 8.0 / 46);
}

TEST_F(PreferenceLength, HhRlhfHarmlessTest) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("hh-rlhf/harmless-base/test.jsonl.gz");
  // Measured (see the header comment); hh-rlhf's harmless-base test split has 2,312 pairs.
  EXPECT_DOUBLE_EQ(accuracy(shared_data_path("hh-rlhf/harmless-base/test.jsonl.gz"), "harmless", 2312), 1023.0 / 2312);
}

TEST_F(PreferenceLength, WordsUnitOnHhRlhfFeedsMetaPairsToo) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("hh-rlhf/harmless-base/test.jsonl.gz");
  // Each row keeps its dialogues and gains length.chosen / length.rejected; the 4 pairs with an empty
  // completion are scored (length 0) and reported, not dropped.
  const auto s = trenchcoat({"score", "--data", shared_data_path("hh-rlhf/harmless-base/test.jsonl.gz"), "--scorer",
                             "length:unit=words", "--out", "hh.jsonl"});
  ASSERT_EQ(s.exit_code, 0) << s.stderr_text;
  EXPECT_NE(s.stderr_text.find("length: 2312 rows (4624 items)"), std::string::npos) << s.stderr_text;
  const auto m = trenchcoat({"meta", "pairs", "--data", "hh.jsonl"});
  ASSERT_EQ(m.exit_code, 0) << m.stderr_text;
  const auto report = nlohmann::json::parse(m.stdout_text);
  EXPECT_EQ(report["subsets"][0]["subset"], "test");  // no --subset: the file's name
  EXPECT_EQ(report["examples"], 2312);
}

}  // namespace
