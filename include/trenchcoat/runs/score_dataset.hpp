#pragma once
// Scoring a dataset (`trenchcoat score`) as one library call: a typed request in, a result struct out,
// which the command renders.
//
// The run streams: rows are read, scored and written in windows of `window_rows` rows, so that memory
// does not grow with the input (a JSON list input is read whole; JSON Lines, TSV and CSV stream). Each
// window's items go to the scorers in batches of `batch_size` (a `cmd` scorer gets the window's items in
// one call). Corpus scores accumulate across windows in a CorpusAccumulator, so they are the same bit
// for bit whatever the window and batch sizes. The output is written to a temporary file and renamed
// into place at the end: an error leaves no partial file.
//
// What a run decides from the start of the data: the layout from the first row's field names (a
// TSV/CSV header), and whether the --by field exists from the rows of the first window.
//
// Shards: with `shard` set, only the rows whose 0-based row index i has i % count == index are scored
// and written (row index modulo the shard count, so that a shard streams without counting the rows
// first); the shard's rows file must be JSON Lines, and beside it `OUT.shard.jsonl` holds the items'
// corpus statistics and a trailer that identifies the run (runs/score_shards.hpp).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::runs {

// A request the caller must correct (the command exits with 2): e.g. --by system on rows without a
// system field.
class ScoreRequestError : public Error {
 public:
  using Error::Error;
};

struct ScorerRequest {
  std::string name;                // registry name, e.g. "bleu"
  std::string column;              // output column (as=COLUMN), empty: the scorer's name
  scoring::ScorerOptions options;  // without `as`
};

enum class EmptyTextPolicy { score, skip, error };
enum class MissingFieldPolicy { error, skip, empty };

// Rows with row index % count == index (0-based index, 0 <= index < count).
struct ShardSlice {
  std::size_t index = 0;
  std::size_t count = 1;
};

struct ScoreDatasetRequest {
  std::string data;  // "-": standard input
  std::optional<io::DatasetFormat> data_format;
  std::vector<ScorerRequest> scorers;
  std::string fields;  // column overrides, "src=source,mt=hyp"
  std::string subset;  // written into preference rows without one (empty: the data file's stem)
  EmptyTextPolicy empty = EmptyTextPolicy::score;
  MissingFieldPolicy missing = MissingFieldPolicy::error;
  std::string by;                // corpus-score groups: "", "none", "system" or a column
  double allow_failures = 0.0;   // share of a scorer's items that may end without a score
  std::size_t batch_size = 256;  // items per scorer call; 0: a whole window
  std::size_t window_rows = 8192;
  std::optional<ShardSlice> shard;
  std::string out = "-";                        // "-": standard output
  std::optional<io::DatasetFormat> out_format;  // default: from out's name (jsonl for "-")
  bool overwrite = false;
};

// Progress of a run: a scorer starts on `items` items of a window (`label`: the column, with the rows
// of the window when the data spans several), items finish (from any thread), the count is set after
// a batch, and the scorer is done with the window.
struct ScoreRunCallbacks {
  std::function<void(const std::string& label, std::size_t items)> start;
  scoring::ScoreProgress add;
  std::function<void(std::size_t done)> set;
  std::function<void()> finish;
};

// An item's problem message, with where the item is (for ordering the messages of merged shards).
struct ItemMessage {
  std::size_t row = 0;  // 0-based row index in the input
  int slot = 0;         // 0: the row's item / chosen, 1: rejected
  std::string text;     // "FILE:LINE: [chosen: |rejected: ]message"
};

struct ScorerRunSummary {
  std::string name, column, signature;
  std::vector<std::string> replaced_columns;  // output columns the data already had
  std::size_t items = 0;                      // items given to the scorer
  std::size_t empty_texts = 0, missing_fields = 0;
  std::size_t issues = 0, unscored = 0;
  double seconds = 0.0;
  bool judge = false;
  std::size_t cache_hits = 0, requests = 0;
  std::string cache_path;
  std::string corpus_name;                   // empty: the scorer defines no corpus score
  std::vector<scoring::CorpusScore> corpus;  // per group, in order of first appearance
  std::vector<ItemMessage> issue_messages;   // the first 5
  bool failed = false;                       // unscored share above allow_failures (a shard: never)
};

struct ScoreDatasetResult {
  std::string data_name;    // for messages: the file name or "<stdin>"
  std::string layout;       // DatasetLayout::describe()
  std::string group_field;  // the --by field; empty: ungrouped
  std::string out;
  std::optional<ShardSlice> shard;  // set for a shard: its corpus scores cover its own rows only
  std::size_t rows = 0;             // rows scored and written
  EmptyTextPolicy empty = EmptyTextPolicy::score;
  MissingFieldPolicy missing = MissingFieldPolicy::error;
  std::vector<ScorerRunSummary> scorers;
  // Preference rows without a subset got `subset_name` in `subset_column`.
  std::size_t subset_filled = 0;
  std::string subset_name, subset_column;
  bool subset_given = false;  // --subset was given (no hint then)
};

ScoreDatasetResult score_dataset(const ScoreDatasetRequest& request, const ScoreRunCallbacks& callbacks = {});

// The summary lines `trenchcoat score` prints (each "<prefix>: ..."): per scorer the rows, time, corpus
// score and counts, then its per-group corpus scores, then the subset note. The layout line is not
// among them.
std::vector<std::string> score_summary_lines(const ScoreDatasetResult& result, const std::string& prefix);

// "SCORER: N of M items" for every scorer whose unscored share is above --allow-failures.
std::vector<std::string> failed_scorer_notes(const ScoreDatasetResult& result);

}  // namespace trenchcoat::runs
