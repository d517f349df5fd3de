// How `trenchcoat sacrebleu` reads its inputs, as sacreBLEU 2.6.0 does (sacrebleu.py
// and Python's TextIOWrapper): standard input with universal newlines and tab-separated systems, files split
// on \n only, .gz decompressed, SACREBLEU_FORMAT.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using SacrebleuCliInput = trenchcoat::testing::SacrebleuCliFixture;

// Run with sacreBLEU 2.6.0: `printf 'x y\rz\n'` on stdin is two segments (a length mismatch against a one-line
// reference), the same bytes through -i are one segment "x y z" (\r is whitespace to split()).
TEST_F(SacrebleuCliInput, CarriageReturnOnStdinEndsALineButNotInFiles) {
  write("ref.txt", "x y z\n");
  write("hyp.txt", "x y\rz\n");
  const auto from_stdin = run({"ref.txt", "-b"}, "x y\rz\n");
  EXPECT_EQ(from_stdin.exit_code, 1);
  EXPECT_NE(from_stdin.stderr_text.find("different lengths"), std::string::npos) << from_stdin.stderr_text;
  const auto from_file = run({"ref.txt", "-i", "hyp.txt", "-b", "-m", "chrf"});
  EXPECT_EQ(from_file.exit_code, 0) << from_file.stderr_text;
  EXPECT_EQ(from_file.stdout_text, "100.0\n");  // sacreBLEU 2.6.0: chrF of "x y\rz" against "x y z" is 100.0
}

TEST_F(SacrebleuCliInput, TabSeparatedStdinColumnsAreSystems) {
  write("ref.txt", "the cat sat on the mat\nit is raining today\n");
  const auto r = run({"ref.txt", "-f", "json"}, "the cat sat on the mat\tthe cat sat\nit is raining today\tit rains\n");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  // sacreBLEU names stdin systems "System 1", "System 2", ... and prints json.dumps(indent=4)
  EXPECT_EQ(r.stdout_text,
            "[\n    {\n        \"system\": \"System 1\",\n        \"BLEU\": \"100.0\"\n    },\n"
            "    {\n        \"system\": \"System 2\",\n        \"BLEU\": \"0.0\"\n    }\n]\n");  // sacreBLEU 2.6.0
                                                                                                 // prints exactly this
}

TEST_F(SacrebleuCliInput, GzipFilesAreReadTransparently) {
  write("ref.txt", "the cat sat on the mat\n");
  write("hyp.txt", "the cat sat on a mat\n");
  ASSERT_EQ(std::system(("gzip -k " + (dir_ / "ref.txt").string()).c_str()), 0);
  const auto plain = run({"ref.txt", "-i", "hyp.txt", "-b", "-w", "4"});
  const auto gz = run({"ref.txt.gz", "-i", "hyp.txt", "-b", "-w", "4"});
  ASSERT_EQ(gz.exit_code, 0) << gz.stderr_text;
  EXPECT_EQ(gz.stdout_text, plain.stdout_text);
}

TEST_F(SacrebleuCliInput, FormatFromEnvironmentAndMetricOrder) {
  write("ref.txt", "the cat sat on the mat\n");
  write("hyp.txt", "the cat sat on a mat\n");
  // sacreBLEU sorts metrics by name (BLEU, CHRF, TER) whatever order -m gives them in.
  const auto r = run({"ref.txt", "-i", "hyp.txt", "-m", "ter", "bleu", "-b"}, "", {"SACREBLEU_FORMAT=text"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto bleu = run({"ref.txt", "-i", "hyp.txt", "-m", "bleu", "-b"});
  const auto ter = run({"ref.txt", "-i", "hyp.txt", "-m", "ter", "-b"});
  EXPECT_EQ(r.stdout_text, bleu.stdout_text + ter.stdout_text);
  // In JSON mode, score-only results of several metrics become a JSON list of numbers
  // (sacreBLEU 2.6.0 prints "[\n53.7,\n16.7\n]" for this input).
  const auto j = run({"ref.txt", "-i", "hyp.txt", "-m", "ter", "bleu", "-b"});
  EXPECT_EQ(j.stdout_text,
            "[\n" + bleu.stdout_text.substr(0, bleu.stdout_text.size() - 1) + ",\n" + ter.stdout_text + "]\n");
}

TEST_F(SacrebleuCliInput, EmptyStdinIsOneEmptySegment) {
  // sacreBLEU reads the first stdin line as '' when stdin is empty: one system with one empty segment.
  write("ref.txt", "something\n");
  const auto r = run({"ref.txt", "-b"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "0.0\n");
}

}  // namespace

namespace {

// argparse semantics: an option given twice takes its last value; for -m and -i the last group.
// Expected outputs from sacreBLEU 2.6.0 on the same files (45.1, 45.0675 for the transcripts' hyp.txt).
class SacrebleuCliRepeatedOptions : public trenchcoat::testing::SacrebleuCliFixture {};

TEST_F(SacrebleuCliRepeatedOptions, LastOccurrenceWins) {
  const std::string inputs = trenchcoat::testing::fixture_path("sacrebleu_cli/");
  write("ref1.txt", trenchcoat::testing::read_file(inputs + "ref1.txt"));
  write("hyp.txt", trenchcoat::testing::read_file(inputs + "hyp.txt"));
  write("hyp2.txt", trenchcoat::testing::read_file(inputs + "hyp2.txt"));
  EXPECT_EQ(run({"ref1.txt", "-i", "hyp.txt", "-w", "2", "-w", "4", "-b"}).stdout_text, "45.0675\n");
  EXPECT_EQ(run({"ref1.txt", "-i", "hyp.txt", "-m", "chrf", "-m", "bleu", "-b"}).stdout_text, "45.1\n");
  EXPECT_EQ(run({"ref1.txt", "-i", "hyp2.txt", "-i", "hyp.txt", "-b"}).stdout_text, "45.1\n");
  EXPECT_EQ(run({"ref1.txt", "-i", "hyp.txt", "-tok", "intl", "-tok", "13a", "-lc", "-lc", "-b"}).stdout_text,
            "45.1\n");
}

}  // namespace
