// runs::score_dataset and runs::merge_score_shards as library calls: the corpus scores of a single run,
// of a streamed run in small windows and of merged shards are the same doubles (compared with ==).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "trenchcoat/runs/score_dataset.hpp"
#include "trenchcoat/runs/score_shards.hpp"

namespace {

using namespace trenchcoat::runs;

// Rows of MT output with one or three references whose lengths differ (TER's reference length is then
// their mean, a fraction in thirds that doubles round, so that sums in another order may differ), in
// four systems.
std::string rows_text(std::size_t n) {
  static const char* kWords[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
  std::string out;
  std::uint64_t state = 11;
  auto next = [&](std::size_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % bound);
  };
  auto sentence = [&](std::size_t words) {
    std::string s;
    for (std::size_t k = 0; k < words; ++k) s += (s.empty() ? "" : " ") + std::string(kWords[next(12)]);
    return s;
  };
  for (std::size_t i = 0; i < n; ++i) {
    nlohmann::ordered_json row;
    row["system"] = "s" + std::to_string(i % 4);
    row["mt"] = sentence(1 + next(9));
    row["refs"] = i % 3 == 1
                      ? nlohmann::ordered_json{sentence(2 + next(7)), sentence(3 + next(5)), sentence(1 + next(4))}
                      : nlohmann::ordered_json{sentence(2 + next(9))};
    out += row.dump() + "\n";
  }
  return out;
}

class ScoreDatasetCall : public trenchcoat::testing::TempDirectoryTest {
 protected:
  ScoreDatasetRequest request(const std::string& out) const {
    ScoreDatasetRequest r;
    r.data = (dir_ / "rows.jsonl").string();
    r.scorers = {{"bleu", "", {}}, {"chrf", "", {}}, {"ter", "", {}}, {"length", "", {{"unit", "words"}}}};
    r.out = (dir_ / out).string();
    return r;
  }
};

void expect_same_corpus(const ScoreDatasetResult& a, const ScoreDatasetResult& b) {
  ASSERT_EQ(a.scorers.size(), b.scorers.size());
  for (std::size_t s = 0; s < a.scorers.size(); ++s) {
    SCOPED_TRACE(a.scorers[s].column);
    ASSERT_EQ(a.scorers[s].corpus.size(), b.scorers[s].corpus.size());
    for (std::size_t g = 0; g < a.scorers[s].corpus.size(); ++g) {
      EXPECT_EQ(a.scorers[s].corpus[g].group, b.scorers[s].corpus[g].group);
      EXPECT_EQ(a.scorers[s].corpus[g].items, b.scorers[s].corpus[g].items);
      ASSERT_TRUE(a.scorers[s].corpus[g].score && b.scorers[s].corpus[g].score);
      EXPECT_EQ(*a.scorers[s].corpus[g].score, *b.scorers[s].corpus[g].score);  // bit for bit
    }
  }
}

TEST_F(ScoreDatasetCall, WindowsAndMergedShardsGiveTheSingleRunsCorpusScores) {
  write("rows.jsonl", rows_text(203));
  const ScoreDatasetResult single = score_dataset(request("single.jsonl"));
  EXPECT_EQ(single.rows, 203u);
  EXPECT_EQ(single.group_field, "system");
  ASSERT_EQ(single.scorers.size(), 4u);
  EXPECT_EQ(single.scorers[2].corpus.size(), 4u);  // s0..s3

  auto windowed_request = request("windowed.jsonl");
  windowed_request.window_rows = 5;
  windowed_request.batch_size = 3;
  expect_same_corpus(score_dataset(windowed_request), single);

  std::vector<std::string> shards;
  for (std::size_t i = 0; i < 4; ++i) {
    auto shard_request = request("part" + std::to_string(i) + ".jsonl");
    shard_request.shard = ShardSlice{i, 4};
    shard_request.window_rows = 16;
    const auto shard = score_dataset(shard_request);
    EXPECT_EQ(shard.rows, i < 3 ? 51u : 50u);          // 203 rows: indices i, i + 4, ...
    shards.insert(shards.begin(), shard_request.out);  // given in reverse order
  }
  MergeShardsRequest merge;
  merge.shards = shards;
  merge.out = (dir_ / "merged.jsonl").string();
  const ScoreDatasetResult merged = merge_score_shards(merge);
  EXPECT_EQ(merged.rows, 203u);
  expect_same_corpus(merged, single);
  EXPECT_EQ(trenchcoat::testing::read_file(merge.out),
            trenchcoat::testing::read_file((dir_ / "single.jsonl").string()));
}

TEST(ScoreShardSlice, ParsesIOfN) {
  EXPECT_EQ(parse_shard_slice("2/5").index, 2u);
  EXPECT_EQ(parse_shard_slice("2/5").count, 5u);
  EXPECT_THROW(parse_shard_slice("5/5"), ScoreRequestError);
  EXPECT_THROW(parse_shard_slice("-1/5"), ScoreRequestError);
  EXPECT_THROW(parse_shard_slice("1/0"), ScoreRequestError);
  EXPECT_THROW(parse_shard_slice("1"), ScoreRequestError);
}

}  // namespace
