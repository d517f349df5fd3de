#pragma once
// Shards of a `trenchcoat score` run and their merge (Slurm job arrays and the like).
//
// Shard I of N (`score --shard I/N`) scores the rows whose 0-based row index i has i % N == I: every
// shard reads the whole input (so it parses every row and fails on a malformed row like the single run)
// but scores and writes only its slice, so no shard needs the row count before it starts. Its rows
// file OUT (JSON Lines, the rows as the single run writes them) gets a statistics file beside it,
// OUT.shard.jsonl:
//   - one line per row of the shard, in order: [row index, group, items of scorer 1, items of scorer 2,
//     ...], the items of a scorer being a list, in item order (chosen before rejected), of each
//     item's corpus statistics (CorpusAggregate::item_statistics, JSON numbers that read back to the
//     same doubles) or null for an item without statistics; an empty list for a scorer without a
//     corpus score;
//   - a last line, the trailer: {"trenchcoat_score_shard": 1, "shard": I, "shards": N, "run": {...},
//     "rows": rows of the shard, "rows_hash": XXH3-64 of OUT, "summary": {...}}. "run" identifies the
//     run: the input's row count and content hash (XXH3-64 of its decompressed bytes), the scorers
//     (name, column, options, signature), the layout, --fields, --by, --missing, --empty, the subset
//     and --allow-failures; shards belong together when their "run" objects are equal. "summary" holds
//     the counts the command's summary reports (items, empty texts, missing fields, items without a
//     score, seconds, judge cache counts, the first issue messages).
// The merge (merge_score_shards) takes the rows of shard i % N for row i, so the rows come back in
// input order, and adds each item's statistics to a CorpusAccumulator in the order of the single run:
// the corpus scores are the single run's, bit for bit (sums of doubles in the same order), whatever
// the order the shard files are given in.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/runs/score_dataset.hpp"

namespace trenchcoat::runs {

// "OUT.shard.jsonl".
std::string shard_statistics_path(const std::string& rows_path);

// Parses "I/N" (0 <= I < N); throws ScoreRequestError naming the problem.
ShardSlice parse_shard_slice(const std::string& text);

// Throws ScoreRequestError when a shard run cannot write its files: an index out of range, standard
// output, or an output format other than JSON Lines.
void check_shard_request(const ScoreDatasetRequest& request);

// Writes OUT.shard.jsonl: the rows' statistics lines as they come, the trailer at the end; atomic.
class ShardStatisticsWriter {
 public:
  explicit ShardStatisticsWriter(const std::string& path);
  void add_row(const nlohmann::ordered_json& line);
  void finish(const nlohmann::ordered_json& trailer);

 private:
  io::DatasetRowWriter writer_;
};

// The trailer of a finished shard run.
nlohmann::ordered_json shard_trailer(const ScoreDatasetRequest& request, const ScoreDatasetResult& result,
                                     const std::string& input_hash, std::size_t input_rows,
                                     const std::string& rows_hash);

struct MergeShardsRequest {
  std::vector<std::string> shards;              // the shards' rows files, in any order
  std::string out;                              // "-": standard output
  std::optional<io::DatasetFormat> out_format;  // default: from out's name
  bool overwrite = false;
};

// Joins the shards into the single run's output and result (summary seconds: the shards' sum). Throws
// trenchcoat::Error (one line) for a missing statistics file, shards of different runs, a shard given
// twice or missing, a rows file that is not the one its statistics describe, an existing output
// without overwrite.
ScoreDatasetResult merge_score_shards(const MergeShardsRequest& request);

}  // namespace trenchcoat::runs
