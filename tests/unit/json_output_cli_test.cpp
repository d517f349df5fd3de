// --json-out: every command that prints a result writes its JSON to a file as well, whatever -f prints,
// whole or not at all, and never over an existing file without --overwrite.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

class JsonOutputCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    // Two preference rows scored by length (the shape `trenchcoat score` writes).
    write("rows.jsonl", R"({"id": 1, "subset": "s", "length.chosen": 10, "length.rejected": 5})"
                        "\n"
                        R"({"id": 2, "subset": "s", "length.chosen": 2, "length.rejected": 5})"
                        "\n");
  }
};

TEST_F(JsonOutputCli, TextOnStandardOutputAndTheSameJsonAsFormatJsonInTheFile) {
  const auto text = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "-f", "text", "--json-out", "r.json"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("accuracy"), std::string::npos) << text.stdout_text;  // the text tables
  const auto json = trenchcoat({"meta", "pairs", "--data", "rows.jsonl"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "r.json").string()), json.stdout_text);  // byte for byte
}

TEST_F(JsonOutputCli, AnExistingFileIsRefusedBeforeAnyWorkUnlessOverwrite) {
  write("r.json", "keep me\n");
  const auto refused = trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "-f", "text", "--json-out", "r.json"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.stdout_text, "");  // refused before the run: nothing printed
  EXPECT_NE(refused.stderr_text.find("r.json exists; pass --overwrite to replace it"), std::string::npos)
      << refused.stderr_text;
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "r.json").string()), "keep me\n");
  const auto replaced =
      trenchcoat({"meta", "pairs", "--data", "rows.jsonl", "--json-out", "r.json", "--overwrite", "-f", "csv"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(trenchcoat::testing::read_file((dir_ / "r.json").string()))["examples"], 2);
}

TEST_F(JsonOutputCli, ACommandWithItsOwnOverwriteFlagSharesIt) {
  // probe has --overwrite for --variants; the same flag lets --json-out replace its file.
  write("t.tsv", "mt\tref\nthe cat sat on the mat\tthe cat sat on the mat\n");
  write("p.json", "old\n");
  const std::vector<std::string> args = {"probe", "--data",     "t.tsv",  "--scorer", "chrf", "--probes",
                                         "empty", "--json-out", "p.json", "-f",       "text"};
  EXPECT_EQ(trenchcoat(args).exit_code, 1);
  auto with_overwrite = args;
  with_overwrite.push_back("--overwrite");
  const auto r = trenchcoat(with_overwrite);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_TRUE(nlohmann::json::parse(trenchcoat::testing::read_file((dir_ / "p.json").string())).is_object());
}

}  // namespace
