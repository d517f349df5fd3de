// `trenchcoat score --shard I/N` and `trenchcoat merge`: the shards, merged in any order, give exactly
// the single run's output file and corpus summary; a streamed run (small --window) gives the same
// output as one window; shards that do not belong together are refused.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

using trenchcoat::testing::read_file;

// Generated translations (a fixed linear congruential stream): a reference of 3 to 17 words and a
// hypothesis that drops or replaces some of them; every third row has two references (so that TER's
// reference length, the mean over the references, is fractional and the order of its sums matters);
// the system cycles through sys0..sys2; every 13th hypothesis is empty.
std::string generated_rows(std::size_t n) {
  static const char* kWords[] = {"the", "a",    "cat",  "dog",   "sat",  "on",    "mat",  "house", "red",  "blue",
                                 "fox", "over", "lazy", "river", "bank", "money", "tree", "green", "runs", "slowly",
                                 "is",  "was",  "and",  "but",   "not",  "very",  "old",  "new",   ",",    "."};
  constexpr std::size_t kVocabulary = sizeof(kWords) / sizeof(kWords[0]);
  std::uint64_t state = 7;
  auto next = [&](std::size_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % bound);
  };
  auto sentence = [&](std::size_t words) {
    std::string s;
    for (std::size_t k = 0; k < words; ++k) s += (s.empty() ? "" : " ") + std::string(kWords[next(kVocabulary)]);
    return s;
  };
  std::string rows;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string ref = sentence(3 + next(15));
    std::string hyp;
    std::istringstream words(ref);
    for (std::string w; words >> w;) {
      const std::size_t r = next(6);
      if (r == 0) continue;
      hyp += (hyp.empty() ? "" : " ") + (r == 1 ? std::string(kWords[next(kVocabulary)]) : w);
    }
    if (i % 13 == 5) hyp.clear();
    nlohmann::ordered_json row;
    row["system"] = "sys" + std::to_string(i % 3);
    row["mt"] = hyp;
    if (i % 3 == 1) row["refs"] = {ref, sentence(2 + next(10))};
    else row["refs"] = {ref};
    rows += row.dump() + "\n";
  }
  return rows;
}

// The summary without what differs between runs: the command's name, the seconds and rates, the
// output path.
std::string comparable_summary(const std::string& stderr_text) {
  std::string s = std::regex_replace(stderr_text, std::regex("trenchcoat (score|merge): "), "");
  s = std::regex_replace(s, std::regex(" in [0-9.]+ s, [0-9.]+ rows/s"), "");
  s = std::regex_replace(s, std::regex(" rows to [^\n]*"), " rows");
  return s;
}

class ScoreShardsCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    write("rows.jsonl", generated_rows(61));
  }
  // Runs shards 0..count-1 of `score --data rows.jsonl SCORERS` into part<I>.jsonl.
  void run_shards(std::size_t count, const std::vector<std::string>& scorer_args) const {
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<std::string> args = {"score", "--data", "rows.jsonl"};
      args.insert(args.end(), scorer_args.begin(), scorer_args.end());
      for (const std::string& a : {std::string("--shard"), std::to_string(i) + "/" + std::to_string(count),
                                   std::string("--out"), "part" + std::to_string(i) + ".jsonl"})
        args.push_back(a);
      const auto r = trenchcoat(args);
      ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    }
  }
  std::string file(const std::string& name) const { return read_file((dir_ / name).string()); }
};

const std::vector<std::string> kScorers = {"--scorer", "bleu", "--scorer", "chrf",
                                           "--scorer", "ter",  "--scorer", "length:unit=words"};

TEST_F(ScoreShardsCli, ShardsMergedInAnyOrderGiveTheSingleRunBytesAndCorpusScores) {
  run_shards(3, kScorers);
  for (const std::string format : {"jsonl", "tsv", "csv", "json"}) {
    SCOPED_TRACE(format);
    std::vector<std::string> single_args = {"score", "--data", "rows.jsonl"};
    single_args.insert(single_args.end(), kScorers.begin(), kScorers.end());
    single_args.insert(single_args.end(), {"--out", "single." + format});
    const auto single = trenchcoat(single_args);
    ASSERT_EQ(single.exit_code, 0) << single.stderr_text;
    const auto merged = trenchcoat({"merge", "part2.jsonl", "part0.jsonl", "part1.jsonl", "--out", "merged." + format});
    ASSERT_EQ(merged.exit_code, 0) << merged.stderr_text;
    EXPECT_EQ(file("merged." + format), file("single." + format));
    // Corpus scores per system, for BLEU, chrF, TER (sufficient statistics) and the mean length, with
    // 4 decimals as the summary prints them: the same lines.
    EXPECT_EQ(comparable_summary(merged.stderr_text), comparable_summary(single.stderr_text)) << single.stderr_text;
    EXPECT_NE(single.stderr_text.find("trenchcoat score: ter: system sys1: corpus score "), std::string::npos)
        << single.stderr_text;
    EXPECT_NE(merged.stderr_text.find("trenchcoat merge: ter: system sys1: corpus score "), std::string::npos)
        << merged.stderr_text;
  }
}

TEST_F(ScoreShardsCli, PooledCorpusScoresMergeBitForBit) {
  // --by none pools all rows; the merged summary prints the same corpus scores (4 decimals), and the
  // shards' statistics files hold the per-item statistics the merge sums in the single run's order.
  std::vector<std::string> scorers = kScorers;
  scorers.insert(scorers.end(), {"--by", "none"});
  run_shards(4, scorers);
  std::vector<std::string> single_args = {"score", "--data", "rows.jsonl"};
  single_args.insert(single_args.end(), scorers.begin(), scorers.end());
  single_args.insert(single_args.end(), {"--out", "single.jsonl"});
  const auto single = trenchcoat(single_args);
  ASSERT_EQ(single.exit_code, 0) << single.stderr_text;
  const auto merged =
      trenchcoat({"merge", "part3.jsonl", "part1.jsonl", "part0.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  ASSERT_EQ(merged.exit_code, 0) << merged.stderr_text;
  EXPECT_EQ(file("merged.jsonl"), file("single.jsonl"));
  EXPECT_EQ(comparable_summary(merged.stderr_text), comparable_summary(single.stderr_text));
  EXPECT_NE(merged.stderr_text.find("trenchcoat merge: ter: 61 rows"), std::string::npos) << merged.stderr_text;
}

TEST_F(ScoreShardsCli, SmallWindowsGiveTheSameOutputAsOneWindow) {
  for (const std::string format : {"jsonl", "tsv", "json"}) {
    SCOPED_TRACE(format);
    std::vector<std::string> args = {"score", "--data", "rows.jsonl"};
    args.insert(args.end(), kScorers.begin(), kScorers.end());
    auto one = args, small = args;
    one.insert(one.end(), {"--out", "one." + format});
    small.insert(small.end(), {"--window", "7", "--batch-size", "3", "--out", "small." + format});
    const auto a = trenchcoat(one);
    const auto b = trenchcoat(small);
    ASSERT_EQ(a.exit_code, 0) << a.stderr_text;
    ASSERT_EQ(b.exit_code, 0) << b.stderr_text;
    EXPECT_EQ(file("small." + format), file("one." + format));
    EXPECT_EQ(comparable_summary(b.stderr_text), comparable_summary(a.stderr_text));
  }
}

TEST_F(ScoreShardsCli, AShardWritesItsSliceAndItsStatistics) {
  run_shards(3, {"--scorer", "bleu"});
  // Rows 1, 4, 7, ... (0-based index % 3 == 1): 20 of the 61 rows.
  const std::string part = file("part1.jsonl");
  EXPECT_EQ(std::count(part.begin(), part.end(), '\n'), 20);
  std::istringstream input(file("rows.jsonl"));
  std::string first_row, second_row;
  std::getline(input, first_row);
  std::getline(input, second_row);
  EXPECT_EQ(part.substr(0, part.find(",\"bleu\"")), second_row.substr(0, second_row.size() - 1));
  const std::string statistics = file("part1.jsonl.shard.jsonl");
  EXPECT_EQ(statistics.rfind("[1,\"sys1\",[[", 0), 0u) << statistics.substr(0, 200);
  EXPECT_NE(statistics.find("\"trenchcoat_score_shard\":1,\"shard\":1,\"shards\":3"), std::string::npos);
}

TEST_F(ScoreShardsCli, ItemsWithoutAScoreAreJudgedByTheMergeOverAllShards) {
  // A program that answers null for texts whose length is a multiple of 3: the single run exits with 3;
  // each shard exits with 0 (so that a job array's dependent merge starts), and the merge exits with 3
  // and reports what the single run reports.
  write("rm.py",
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    c = json.loads(line).get('candidate', '')\n"
        "    print('null' if len(c) % 3 == 0 else len(c), flush=True)\n");
  const std::vector<std::string> scorers = {"--scorer", "cmd:run=python3 rm.py,as=rm", "--scorer", "bleu"};
  run_shards(3, scorers);  // asserts exit 0
  std::vector<std::string> single_args = {"score", "--data", "rows.jsonl"};
  single_args.insert(single_args.end(), scorers.begin(), scorers.end());
  single_args.insert(single_args.end(), {"--out", "single.csv"});
  const auto single = trenchcoat(single_args);
  EXPECT_EQ(single.exit_code, 3) << single.stderr_text;
  const auto merged = trenchcoat({"merge", "part1.jsonl", "part2.jsonl", "part0.jsonl", "--out", "merged.csv"});
  EXPECT_EQ(merged.exit_code, 3) << merged.stderr_text;
  EXPECT_EQ(file("merged.csv"), file("single.csv"));
  EXPECT_EQ(comparable_summary(merged.stderr_text), comparable_summary(single.stderr_text));
  EXPECT_NE(merged.stderr_text.find("items without a score (null in the output): rm: "), std::string::npos)
      << merged.stderr_text;
}

TEST_F(ScoreShardsCli, MergeRefusesShardsThatDoNotBelongTogether) {
  run_shards(3, {"--scorer", "bleu"});
  // A shard missing.
  auto r = trenchcoat({"merge", "part0.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("shard 1/3 is missing"), std::string::npos) << r.stderr_text;
  // A shard twice.
  r = trenchcoat({"merge", "part0.jsonl", "part1.jsonl", "part1.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("shard 1/3 is given twice"), std::string::npos) << r.stderr_text;
  // A shard of another run (another BLEU option).
  ASSERT_EQ(trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu:tokenize=none", "--shard", "1/3", "--out",
                        "other1.jsonl"})
                .exit_code,
            0);
  r = trenchcoat({"merge", "part0.jsonl", "other1.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("are shards of different runs (they differ in 'scorers')"), std::string::npos)
      << r.stderr_text;
  // A shard of another shard count.
  ASSERT_EQ(trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--shard", "1/2", "--out", "half1.jsonl"})
                .exit_code,
            0);
  r = trenchcoat({"merge", "part0.jsonl", "half1.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("shards of different runs"), std::string::npos) << r.stderr_text;
  // A shard of another input.
  write("other.jsonl", generated_rows(60));
  ASSERT_EQ(
      trenchcoat({"score", "--data", "other.jsonl", "--scorer", "bleu", "--shard", "1/3", "--out", "input1.jsonl"})
          .exit_code,
      0);
  r = trenchcoat({"merge", "part0.jsonl", "input1.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("(they differ in 'input')"), std::string::npos) << r.stderr_text;
  // A rows file changed after its shard ran.
  write("changed1.jsonl", file("part1.jsonl") + "{\"mt\": \"x\"}\n");
  write("changed1.jsonl.shard.jsonl", file("part1.jsonl.shard.jsonl"));
  r = trenchcoat({"merge", "part0.jsonl", "changed1.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("changed1.jsonl: not the rows file that"), std::string::npos) << r.stderr_text;
  // A rows file without statistics.
  write("bare.jsonl", file("part1.jsonl"));
  r = trenchcoat({"merge", "part0.jsonl", "bare.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("bare.jsonl: no shard statistics beside it"), std::string::npos) << r.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "merged.jsonl"));
  // An existing output without --overwrite; with it, the merge replaces the file.
  write("merged.jsonl", "old\n");
  r = trenchcoat({"merge", "part0.jsonl", "part1.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("merged.jsonl exists; pass --overwrite"), std::string::npos) << r.stderr_text;
  EXPECT_EQ(file("merged.jsonl"), "old\n");
  r = trenchcoat({"merge", "part0.jsonl", "part1.jsonl", "part2.jsonl", "--out", "merged.jsonl", "--overwrite"});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
}

TEST_F(ScoreShardsCli, MergeRefusesShardStatisticsThatAreNotWellFormed) {
  run_shards(3, {"--scorer", "bleu"});
  const std::string statistics = file("part1.jsonl.shard.jsonl");
  const std::string trailer_shard = "\"shard\":1,\"shards\":3";
  ASSERT_NE(statistics.find(trailer_shard), std::string::npos);
  // Each case is part1 with an edited statistics file: the edit, then the error the merge must give.
  const std::vector<std::pair<std::string, std::string>> cases = {
      // A trailer whose shard index is not below its count (the merge indexed its table of shards
      // with it and read past the table's end).
      {std::regex_replace(statistics, std::regex(trailer_shard), "\"shard\":7,\"shards\":3"),
       "bad1.jsonl.shard.jsonl: the shard trailer names shard 7/3, which is no shard I of N (0 <= I < N)"},
      {std::regex_replace(statistics, std::regex(trailer_shard), "\"shard\":-1,\"shards\":3"),
       "bad1.jsonl.shard.jsonl: the shard trailer's 'shard' is no whole number"},
      {std::regex_replace(statistics, std::regex(trailer_shard), "\"shard\":1e300,\"shards\":3"),
       "bad1.jsonl.shard.jsonl: the shard trailer's 'shard' is no whole number"},
      // A statistics row with a text where a statistic belongs (a JSON type error without file and line
      // before).
      {std::regex_replace(statistics, std::regex("^\\[1,\"sys1\",\\[\\[[0-9.]+,"), "[1,\"sys1\",[[\"x\","),
       "bad1.jsonl.shard.jsonl:1: not a row of shard statistics"},
      // A row whose scorer has no item (its corpus score would silently miss the row's statistics).
      {std::regex_replace(statistics, std::regex("^\\[1,\"sys1\",\\[\\[[^\\]]*\\]\\]"), "[1,\"sys1\",[]"),
       "bad1.jsonl.shard.jsonl: statistics of 19 items for scorer 'bleu', whose shard scored 20"},
      // An item with fewer statistics than BLEU has.
      {std::regex_replace(statistics, std::regex("^\\[1,\"sys1\",\\[\\[[0-9.]+,"), "[1,\"sys1\",[["),
       "bad1.jsonl.shard.jsonl:1: corpus score: 9 statistics for an item of 10"},
  };
  for (const auto& [edited, error] : cases) {
    SCOPED_TRACE(error);
    ASSERT_NE(edited, statistics);
    write("bad1.jsonl", file("part1.jsonl"));
    write("bad1.jsonl.shard.jsonl", edited);
    const auto r = trenchcoat({"merge", "part0.jsonl", "bad1.jsonl", "part2.jsonl", "--out", "merged.jsonl"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.stderr_text.find(error), std::string::npos) << r.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "merged.jsonl"));
  }
}

TEST_F(ScoreShardsCli, BadShardArgumentsAreRefused) {
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--shard", "3/3", "--out", "p.jsonl"},
        std::vector<std::string>{"--shard", "1", "--out", "p.jsonl"},
        std::vector<std::string>{"--shard", "0/2", "--out", "p.tsv"}, std::vector<std::string>{"--shard", "0/2"}}) {
    std::vector<std::string> args = {"score", "--data", "rows.jsonl", "--scorer", "bleu"};
    args.insert(args.end(), bad.begin(), bad.end());
    const auto r = trenchcoat(args);
    EXPECT_EQ(r.exit_code, 2) << bad[1] << ": " << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("--shard"), std::string::npos) << r.stderr_text;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "p.jsonl"));
}

TEST_F(ScoreShardsCli, ShardAndWindowMessagesNameTheRule) {
  // A count of 0 shards is named as such (the message once gave the range "0/1 to 0/1").
  auto r = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--shard", "0/0", "--out", "p.jsonl"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("--shard 0/0: the shard count N must be at least 1"), std::string::npos)
      << r.stderr_text;
  r = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--shard", "4/3", "--out", "p.jsonl"});
  EXPECT_NE(r.stderr_text.find("--shard 4/3: the shard index must be below the count (0/3 to 2/3)"), std::string::npos)
      << r.stderr_text;
  // --window 0 in one short line (CLI11's PositiveNumber printed the whole range of a double).
  for (const std::string command : {"score", "probe"}) {
    r = trenchcoat({command, "--data", "rows.jsonl", "--scorer", "bleu", "--window", "0"});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.stderr_text.find("'0' is not a whole number of at least 1"), std::string::npos) << r.stderr_text;
    EXPECT_LT(r.stderr_text.size(), 200u) << r.stderr_text;
  }
}

}  // namespace
