// Bad input to `trenchcoat sacrebleu`: one clear line on stderr naming the file (and line), a
// non-zero exit, nothing on stdout, never a crash.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

class SacrebleuCliErrors : public trenchcoat::testing::SacrebleuCliFixture {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    write("ref.txt", "the cat sat\non the mat\n");
    write("hyp.txt", "the cat sat\non a mat\n");
  }
  // Exactly one line on stderr, containing every fragment.
  static void expect_one_line_error(const trenchcoat::testing::CommandResult& r, std::vector<std::string> fragments) {
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.exit_code, 128) << "crashed";
    EXPECT_EQ(r.stdout_text, "");
    ASSERT_FALSE(r.stderr_text.empty());
    EXPECT_EQ(r.stderr_text.find('\n'), r.stderr_text.size() - 1) << r.stderr_text;
    for (const auto& f : fragments)
      EXPECT_NE(r.stderr_text.find(f), std::string::npos) << f << " not in: " << r.stderr_text;
  }
};

TEST_F(SacrebleuCliErrors, InvalidUtf8NamesFileLineAndColumn) {
  write("bad.txt", "fine line\nbad \xFF byte\n");
  const auto r = run({"ref.txt", "-i", "bad.txt"});
  expect_one_line_error(r, {"bad.txt:2:", "invalid UTF-8", "0xFF", "column 5"});
  const auto r2 = run({"bad.txt", "-i", "hyp.txt"});
  expect_one_line_error(r2, {"bad.txt:2:", "invalid UTF-8"});
}

TEST_F(SacrebleuCliErrors, InvalidUtf8OnStdin) {
  const auto r = run({"ref.txt"}, "ok\n\xC3(\n");
  expect_one_line_error(r, {"<stdin>:2:", "invalid UTF-8"});
}

TEST_F(SacrebleuCliErrors, EmptyHypothesisFile) {
  write("empty.txt", "");
  const auto r = run({"ref.txt", "-i", "empty.txt"});
  expect_one_line_error(r, {"empty.txt", "empty"});
}

TEST_F(SacrebleuCliErrors, LineCountMismatch) {
  write("short.txt", "one line\n");
  const auto r = run({"ref.txt", "-i", "short.txt"});
  expect_one_line_error(r, {"short.txt has 1 lines", "ref.txt has 2"});
  EXPECT_EQ(r.exit_code, 1);  // sacreBLEU exits with 1 here
}

TEST_F(SacrebleuCliErrors, MissingFiles) {
  expect_one_line_error(run({"ref.txt", "-i", "nope.txt"}), {"nope.txt", "cannot open"});
  expect_one_line_error(run({"nope-ref.txt", "-i", "hyp.txt"}), {"nope-ref.txt", "cannot open"});
}

TEST_F(SacrebleuCliErrors, UnknownOptionsAndMetrics) {
  const auto r = run({"ref.txt", "-i", "hyp.txt", "--no-such-flag"});
  expect_one_line_error(r, {"--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  const auto m = run({"ref.txt", "-i", "hyp.txt", "-m", "meteor"});
  expect_one_line_error(m, {"meteor"});
  EXPECT_EQ(m.exit_code, 2);
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "-tok", "klingon"}), {"klingon"});
}

TEST_F(SacrebleuCliErrors, WrongNumberOfTabSeparatedReferences) {
  write("refs.tsv", "a\tb\nonly one\n");
  const auto r = run({"refs.tsv", "-nr", "2", "-i", "hyp.txt"});
  expect_one_line_error(r, {"refs.tsv:2:", "expected 2"});
  EXPECT_EQ(r.exit_code, 17);  // sacreBLEU's exit code for this case
}

TEST_F(SacrebleuCliErrors, RaggedStdinColumns) {
  const auto r = run({"ref.txt"}, "a\tb\nc\n");
  expect_one_line_error(r, {"<stdin>:2:"});
  EXPECT_EQ(r.exit_code, 17);
}

TEST_F(SacrebleuCliErrors, NotSupportedYetFeatures) {
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "-ci"}), {"not supported yet"});
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "hyp.txt", "-pbs"}), {"not supported yet"});
  expect_one_line_error(run({"-t", "wmt14", "-l", "en-de"}), {"not supported"});
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "-tok", "ja-mecab"}), {"ja-mecab", "not supported"});
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "-tok", "flores101", "--spm-model", "missing.model"}),
                        {"missing.model", "not found"});
}

TEST_F(SacrebleuCliErrors, SentenceLevelRestrictions) {
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "-sl", "-m", "bleu", "chrf"}), {"one metric"});
  expect_one_line_error(run({"ref.txt", "-i", "hyp.txt", "ref.txt", "-sl"}), {"one system"});
}

}  // namespace
