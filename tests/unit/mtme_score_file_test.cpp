// mt-metrics-eval score files: reading, writing (atomically) and the errors of bad files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_score_file.hpp"

using namespace trenchcoat;

namespace {

class MtmeScoreFile : public trenchcoat::testing::TempDirectoryTest {
 protected:
  // The message of the error reading `content` raises.
  std::string error_of(const std::string& content, io::MissingScores missing = io::MissingScores::allowed) {
    const std::string path = write("bad.score", content);
    try {
      io::read_mtme_score_file(path, missing);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(MtmeScoreFile, ReadsBlocksWithMissingGoldValues) {
  // The layout of human-scores/*.seg.score in mt-metrics-eval.
  const auto path = write("gold.seg.score", "sysA\t-1.5\nsysA\tNone\nsysA\t0\nsysB -2\nsysB 1e-3\nsysB\t-0.25\n");
  const meta::ScoreTable t = io::read_mtme_score_file(path, io::MissingScores::allowed);
  ASSERT_EQ(t.num_systems(), 2u);
  ASSERT_EQ(t.num_items(), 3u);
  EXPECT_EQ(t.systems()[1], "sysB");
  EXPECT_EQ(t.value(0, 0), -1.5);
  EXPECT_TRUE(meta::is_missing(t.value(0, 1)));
  EXPECT_EQ(t.value(1, 1), 0.001);
  EXPECT_EQ(*t.system_index("sysB"), 1u);
}

TEST_F(MtmeScoreFile, WritesWhatItReadsAtomically) {
  meta::ScoreTable t({"metric-sys", "other"}, 2);
  t.set(0, 0, 0.1 + 0.2);
  t.set(0, 1, 100.0);
  t.set(1, 0, 1e-05);
  const std::string path = (dir_ / "m-refA.seg.score").string();
  io::write_mtme_score_file(path, t);
  // Python's repr of the floats; missing values as None.
  EXPECT_EQ(trenchcoat::testing::read_file(path),
            "metric-sys\t0.30000000000000004\nmetric-sys\t100.0\nother\t1e-05\nother\tNone\n");
  const auto back = io::read_mtme_score_file(path, io::MissingScores::allowed);
  EXPECT_EQ(back.values().size(), 4u);
  EXPECT_EQ(back.value(0, 0), 0.1 + 0.2);
  // No temporary file is left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u);
  // A destination that cannot be written leaves nothing behind and names the file.
  EXPECT_THROW(io::write_mtme_score_file((dir_ / "no-such-dir" / "x.score").string(), t), Error);
}

TEST_F(MtmeScoreFile, BadFilesNameFileLineAndProblem) {
  EXPECT_NE(error_of("a 1\nb\n").find("bad.score:2: expected 'SYSTEM SCORE', found 1 fields"), std::string::npos);
  EXPECT_NE(error_of("a 1\na x1\n").find("bad.score:2: score 'x1' is not a finite number"), std::string::npos);
  EXPECT_NE(error_of("a nan\n").find("bad.score:1: score 'nan' is not a finite number"), std::string::npos);
  EXPECT_NE(error_of("a 1\nb 2\nb 3\n").find("bad.score:2: system 'b' has 2 scores but 'a' has 1"), std::string::npos);
  EXPECT_NE(error_of("a 1\nb 2\na 3\n").find("bad.score:3: the scores of system 'a' are split"), std::string::npos);
  EXPECT_NE(error_of("a None\n", io::MissingScores::refused).find("bad.score:1: missing score"), std::string::npos);
  EXPECT_NE(error_of("a 1\n\n").find("bad.score:2: expected"), std::string::npos);
  EXPECT_THROW(io::read_mtme_score_file((dir_ / "absent.score").string(), io::MissingScores::allowed), Error);
}

}  // namespace
