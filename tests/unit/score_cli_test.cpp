// `trenchcoat score` end to end: datasets in, rows with score columns out, straight into
// `trenchcoat meta pairs`; bad input is a clear error and never leaves a partial output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "trenchcoat/build_options.hpp"
#include "test_support.hpp"

namespace {

using trenchcoat::testing::read_file;

std::vector<nlohmann::json> jsonl_rows(const std::string& text) {
  std::vector<nlohmann::json> rows;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return rows;
}

std::string example_pairs() { return std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/preferences/pairs.jsonl"; }

class ScoreCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult score(std::vector<std::string> args) const {
    args.insert(args.begin(), "score");
    return trenchcoat(args);
  }
};

TEST_F(ScoreCli, ExamplePairsWithLengthIntoMetaPairs) {
  // examples/preferences/pairs.jsonl: 10 pairs written for this test; by character length the chosen
  // answer is longer in chat-5 and chat-6 only (lengths counted with Python's len()).
  const auto r = score({"--data", example_pairs(), "--scorer", "length", "--out", "scored.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_NE(r.stderr_text.find("trenchcoat score: length: 10 rows (20 items) in "), std::string::npos) << r.stderr_text;
  const auto rows = jsonl_rows(read_file((dir_ / "scored.jsonl").string()));
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0]["id"], "chat-1");                       // every input field kept
  EXPECT_EQ(rows[0]["length.chosen"].get<double>(), 31);    // len("The capital of France is Paris.")
  EXPECT_EQ(rows[0]["length.rejected"].get<double>(), 47);  // len("France is a country in Europe with many cities.")
  EXPECT_EQ(rows[9]["length.chosen"].get<double>(), 6);     // len("Eight.")

  const auto m = trenchcoat({"meta", "pairs", "--data", "scored.jsonl"});
  ASSERT_EQ(m.exit_code, 0) << m.stderr_text;
  const auto report = nlohmann::json::parse(m.stdout_text);
  std::map<std::string, double> accuracy;
  for (const auto& s : report["subsets"]) accuracy[s["subset"]] = s["accuracy"].get<double>();
  EXPECT_EQ(accuracy["alpacaeval-easy"], 0.0);      // 0 of 3 chosen answers longer
  EXPECT_EQ(accuracy["mt-bench-easy"], 2.0 / 3.0);  // chat-5, chat-6
  EXPECT_EQ(accuracy["llmbar-natural"], 0.0);       // 0 of 4
}

TEST_F(ScoreCli, PairwiseScorerWritesAPreferenceColumn) {
  if (!TRENCHCOAT_WITH_JUDGES) GTEST_SKIP() << "this build has no judge scorers (TRENCHCOAT_WITH_JUDGES=OFF)";
  // A pairwise cmd program: 1 when the candidate is longer than the alternative (awk, no Python).
  write("pairs.jsonl", R"({"prompt": "p", "chosen": "long answer", "rejected": "short"})"
                       "\n"
                       R"({"prompt": "p", "chosen": "s", "rejected": "longer"})"
                       "\n");
  // Split on '"', field 12 of a line is the candidate and field 22 the alternative.
  write("longer.sh", "awk -F'\"' '{print ((length($12) > length($22)) ? 1 : 0)}'\n");
  const auto r =
      score({"--data", "pairs.jsonl", "--scorer", "cmd:kind=pairwise,as=longer,run=sh longer.sh", "--subset", "toy"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto rows = jsonl_rows(r.stdout_text);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["longer.preference"].get<double>(), 1.0);
  EXPECT_EQ(rows[1]["longer.preference"].get<double>(), 0.0);
  EXPECT_EQ(rows[0]["subset"], "toy");  // --subset for rows without one
}

TEST_F(ScoreCli, PointwiseTsvWithFieldsAndSeveralScorers) {
  write("mt.tsv",
        "source\thyp\treference\nDer Hund bellt.\tThe dog barks.\tThe dog barks.\nHallo Welt\tHi\tHello world\n");
  const auto r = score({"--data", "mt.tsv", "--fields", "src=source,mt=hyp,ref=reference", "--scorer", "chrf",
                        "--scorer", "length:unit=words,as=words", "--out", "mt.scored.tsv"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::string out = read_file((dir_ / "mt.scored.tsv").string());
  // chrF of an exact match is 100 (sacreBLEU); "The dog barks." has 3 words.
  EXPECT_EQ(out.substr(0, out.find('\n')), "source\thyp\treference\tchrf\twords");
  EXPECT_NE(out.find("Der Hund bellt.\tThe dog barks.\tThe dog barks.\t100.0\t3.0\n"), std::string::npos) << out;
}

TEST_F(ScoreCli, AScorerNeedingAMissingFieldIsRefusedBeforeAnyWork) {
  write("pairs.jsonl", R"({"prompt": "p", "chosen": "a", "rejected": "b"})"
                       "\n");
  write("out.jsonl", "previous\n");
  const auto r =
      score({"--data", "pairs.jsonl", "--scorer", "length", "--scorer", "bleu", "--out", "out.jsonl", "--overwrite"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("scorer 'bleu' needs the field 'references', which this dataset does not have"),
            std::string::npos)
      << r.stderr_text;
  EXPECT_EQ(read_file((dir_ / "out.jsonl").string()), "previous\n");  // untouched
}

TEST_F(ScoreCli, MalformedJsonNamesFileAndLineAndWritesNothing) {
  write("rows.jsonl", R"({"mt": "a"})"
                      "\n"
                      R"({"mt": "b")"
                      "\n");
  const auto r = score({"--data", "rows.jsonl", "--scorer", "length", "--out", "out.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text, "trenchcoat score: error: rows.jsonl:2: not valid JSON\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out.jsonl"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u);  // no temporary file left either
}

TEST_F(ScoreCli, InvalidUtf8NamesTheLine) {
  write("rows.jsonl", "{\"mt\": \"a\"}\n{\"mt\": \"\xC3\x28\"}\n");
  const auto r = score({"--data", "rows.jsonl", "--scorer", "length"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text.rfind("trenchcoat score: error: rows.jsonl:2: invalid UTF-8", 0), 0u) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "");
}

TEST_F(ScoreCli, EmptyTextsAreCountedAndTheirPolicyApplied) {
  write("rows.jsonl", R"({"mt": "abc"})"
                      "\n"
                      R"({"mt": ""})"
                      "\n"
                      R"({"mt": ""})"
                      "\n");
  // Default: scored as the empty texts they are, and counted.
  auto r = score({"--data", "rows.jsonl", "--scorer", "length"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  auto rows = jsonl_rows(r.stdout_text);
  EXPECT_EQ(rows[1]["length"].get<double>(), 0.0);
  EXPECT_EQ(rows[2]["length"].get<double>(), 0.0);
  EXPECT_NE(r.stderr_text.find("; 2 empty texts scored as empty"), std::string::npos) << r.stderr_text;
  // skip: null scores, counted.
  r = score({"--data", "rows.jsonl", "--scorer", "length", "--empty", "skip"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  rows = jsonl_rows(r.stdout_text);
  EXPECT_EQ(rows[0]["length"].get<double>(), 3.0);
  EXPECT_TRUE(rows[1]["length"].is_null());
  EXPECT_TRUE(rows[2]["length"].is_null());
  EXPECT_NE(r.stderr_text.find("; 2 empty texts skipped (null)"), std::string::npos) << r.stderr_text;
  // error: the first one stops the run, naming its line.
  r = score({"--data", "rows.jsonl", "--scorer", "length", "--empty", "error", "--out", "out.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text,
            "trenchcoat score: error: rows.jsonl:2: 'candidate' is empty (scorer 'length' reads it; --empty score or "
            "skip to go on)\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out.jsonl"));
}

TEST_F(ScoreCli, ACrashingCmdLeavesNoOutputAndNamesTheRow) {
  if (!TRENCHCOAT_WITH_JUDGES) GTEST_SKIP() << "this build has no judge scorers (TRENCHCOAT_WITH_JUDGES=OFF)";
  write("rows.jsonl", R"({"mt": "a", "id": "r1"})"
                      "\n"
                      R"({"mt": "b", "id": "r2"})"
                      "\n");
  const auto r = score({"--data", "rows.jsonl", "--scorer", "cmd:run=sh -c 'echo 1; exit 2'", "--out", "out.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("exited with status 2 after answering 1 of 2 rows (at row 2 (id r2))"),
            std::string::npos)
      << r.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out.jsonl"));
}

TEST_F(ScoreCli, CsvInAndOutWithQuotedTexts) {
  write("rows.csv", "id,response\n1,\"a, b\"\n2,\"x\ny\"\n");
  const auto r = score({"--data", "rows.csv", "--scorer", "length", "--out", "out.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(read_file((dir_ / "out.csv").string()), "id,response,length\n1,\"a, b\",4.0\n2,\"x\ny\",3.0\n");
}

TEST_F(ScoreCli, BadSpecsAndDuplicateColumns) {
  write("rows.jsonl", R"({"mt": "a"})"
                      "\n");
  auto r = score({"--data", "rows.jsonl", "--scorer", "length", "--scorer", "length:unit=words"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("two scorers write column 'length'"), std::string::npos) << r.stderr_text;
  r = score({"--data", "rows.jsonl", "--scorer", "nosuch"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("unknown scorer 'nosuch'"), std::string::npos) << r.stderr_text;
  r = score({"--data", "rows.jsonl", "--scorer", "length:colour=red"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("scorer 'length' takes no option 'colour'"), std::string::npos) << r.stderr_text;
}

TEST_F(ScoreCli, ScorersListsNamesInputsAndOptions) {
  const auto r = trenchcoat({"scorers", "-f", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto list = nlohmann::json::parse(r.stdout_text);
  bool found_length = false;
  for (const auto& s : list) {
    if (s["name"] != "length") continue;
    found_length = true;
    EXPECT_EQ(s["inputs"], nlohmann::json::array({"candidate"}));
    EXPECT_EQ(s["direction"], "higher");
    EXPECT_EQ(s["kind"], "pointwise");
    EXPECT_EQ(s["options"][0]["name"], "unit");
    EXPECT_EQ(s["options"][0]["default"], "chars");
  }
  EXPECT_TRUE(found_length);
  const auto text = trenchcoat({"scorers"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.stdout_text.find("smooth-method (choice: exp, floor, add-k, none; default exp)"), std::string::npos)
      << text.stdout_text;
}

}  // namespace

namespace {

// --out never replaces a file silently: an existing one is refused (and left as it was) unless
// --overwrite; the --data file is refused even with --overwrite, however it is named.
TEST_F(ScoreCli, AnExistingOutIsRefusedUnlessOverwrite) {
  write("rows.jsonl", R"({"mt": "abc"})"
                      "\n");
  write("out.jsonl", "previous\n");
  auto r = score({"--data", "rows.jsonl", "--scorer", "length", "--out", "out.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text, "trenchcoat score: error: out.jsonl exists; pass --overwrite to replace it\n");
  EXPECT_EQ(read_file((dir_ / "out.jsonl").string()), "previous\n");
  r = score({"--data", "rows.jsonl", "--scorer", "length", "--out", "out.jsonl", "--overwrite", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto rows = jsonl_rows(read_file((dir_ / "out.jsonl").string()));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["length"].get<double>(), 3.0);
}

TEST_F(ScoreCli, TheDataFileIsNeverTheOutput) {
  const std::string original = R"({"mt": "abc"})"
                               "\n";
  write("rows.jsonl", original);
  std::filesystem::create_symlink("rows.jsonl", dir_ / "link.jsonl");
  for (const std::string out : {"rows.jsonl", "./rows.jsonl", "link.jsonl"}) {
    const auto r = score({"--data", "rows.jsonl", "--scorer", "length", "--out", out, "--overwrite"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.stderr_text, "trenchcoat score: error: " + out + " is also an input (--data); choose another output\n");
    EXPECT_EQ(read_file((dir_ / "rows.jsonl").string()), original);
  }
}

// A preference row without `rejected` is an error naming its line (it used to be scored as an empty
// text: length 0, and the pair counted as correct), unless --missing says what to do, and the summary
// counts it. An empty string stays an empty text (--empty).
TEST_F(ScoreCli, APreferenceRowWithoutRejectedIsAnErrorUnlessAMissingPolicyIsChosen) {
  write("pairs.jsonl", R"({"prompt": "p", "chosen": "a good answer", "rejected": "bad"})"
                       "\n"
                       R"({"prompt": "q", "chosen": "an answer"})"
                       "\n"
                       R"({"prompt": "r", "chosen": "yes", "rejected": null})"
                       "\n");
  auto r = score({"--data", "pairs.jsonl", "--scorer", "length", "--out", "out.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text,
            "trenchcoat score: error: pairs.jsonl:2: the rejected completion's 'candidate' is missing (absent or null; "
            "scorer 'length' reads it; --missing skip or empty to go on)\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out.jsonl"));

  r = score({"--data", "pairs.jsonl", "--scorer", "length", "--missing", "skip"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  auto rows = jsonl_rows(r.stdout_text);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["length.rejected"].get<double>(), 3.0);  // "bad"
  EXPECT_EQ(rows[1]["length.chosen"].get<double>(), 9.0);    // "an answer"
  EXPECT_TRUE(rows[1]["length.rejected"].is_null());
  EXPECT_TRUE(rows[2]["length.rejected"].is_null());
  EXPECT_NE(r.stderr_text.find("; 2 items with a missing field skipped (null)"), std::string::npos) << r.stderr_text;

  r = score({"--data", "pairs.jsonl", "--scorer", "length", "--missing", "empty"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  rows = jsonl_rows(r.stdout_text);
  EXPECT_EQ(rows[1]["length.rejected"].get<double>(), 0.0);
  EXPECT_NE(r.stderr_text.find("; 2 items with a missing field scored as empty"), std::string::npos) << r.stderr_text;

  // A null text in a pointwise row is missing too; "" is an empty text.
  write("rows.jsonl", R"({"mt": "abc"})"
                      "\n"
                      R"({"mt": ""})"
                      "\n"
                      R"({"mt": null})"
                      "\n");
  r = score({"--data", "rows.jsonl", "--scorer", "length"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("rows.jsonl:3: 'candidate' is missing"), std::string::npos) << r.stderr_text;
  r = score({"--data", "rows.jsonl", "--scorer", "length", "--missing", "skip"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("; 1 empty text scored as empty; 1 item with a missing field skipped (null)"),
            std::string::npos)
      << r.stderr_text;
}

// A cmd program that answers null for an item: the score is null, and the exit status is 3 unless
// --allow-failures admits that share of the items.
TEST_F(ScoreCli, ItemsWithoutAScoreGiveExitStatusThreeUnlessAllowed) {
  if (!TRENCHCOAT_WITH_JUDGES) GTEST_SKIP() << "this build has no judge scorers (TRENCHCOAT_WITH_JUDGES=OFF)";
  write("rows.jsonl", R"({"mt": "a"})"
                      "\n"
                      R"({"mt": "b"})"
                      "\n"
                      R"({"mt": "c"})"
                      "\n"
                      R"({"mt": "d"})"
                      "\n");
  const std::string spec = "cmd:run=awk '{print (NR == 2 ? \"null\" : NR)}'";
  auto r = score({"--data", "rows.jsonl", "--scorer", spec, "--out", "out.jsonl"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(
      r.stderr_text.find("trenchcoat score: error: items without a score (null in the output): cmd: 1 of 4 items; pass "
                         "--allow-failures FRACTION"),
      std::string::npos)
      << r.stderr_text;
  const auto rows = jsonl_rows(read_file((dir_ / "out.jsonl").string()));  // written all the same
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[1]["cmd"].is_null());
  EXPECT_EQ(score({"--data", "rows.jsonl", "--scorer", spec, "--allow-failures", "0.25", "-q"}).exit_code,
            0);  // 1 of 4 allowed
  EXPECT_EQ(score({"--data", "rows.jsonl", "--scorer", spec, "--allow-failures", "0.2", "-q"}).exit_code, 3);
}

}  // namespace
