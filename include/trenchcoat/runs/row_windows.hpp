#pragma once
// A dataset read in windows of rows, for the runs that stream (`score`, `probe`): a window spans at
// most `window_rows` input rows, so that what a run holds does not grow with the input. With a shard
// (rows whose 0-based row index % shard_count == shard_index), a window keeps only the shard's rows
// but still spans window_rows input rows. A streamed dataset's layout is decided from its first row (a
// TSV/CSV header): streamed_layout.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"

namespace trenchcoat::runs {

// The rows of one window with their 0-based row indices in the input.
struct RowWindow {
  std::vector<io::DatasetRow> rows;
  std::vector<std::size_t> index;
};

class RowWindowReader {
 public:
  // Reads the input's first row.
  RowWindowReader(io::DatasetRowReader& reader, std::size_t window_rows, std::size_t shard_index = 0,
                  std::size_t shard_count = 1);
  bool empty_input() const { return read_ == 0 && !have_pending_; }
  bool done() const { return !have_pending_; }
  std::size_t rows_read() const { return read_; }
  // The first row of the input (before the first window is read).
  const io::DatasetRow& first() const { return pending_; }

  // The next window (false at the end of the input); `seen`, when set, is called with every input row
  // of it (also those of other shards), before the row is kept.
  bool next(RowWindow& w, const std::function<void(const io::DatasetRow&)>& seen = {});

 private:
  io::DatasetRowReader& reader_;
  std::size_t window_rows_, shard_index_, shard_count_;
  io::DatasetRow pending_;
  bool have_pending_ = false;
  std::size_t read_ = 0;
};

// A streamed dataset's layout, from its first row and the field overrides (scoring::detect_layout),
// and the dataset without rows (`shell`: name, format and header, what scoring::map_row reads).
struct StreamedLayout {
  io::Dataset shell;
  scoring::DatasetLayout layout;
};
StreamedLayout streamed_layout(const io::DatasetRowReader& reader, const io::DatasetRow& first,
                               const std::string& fields);

}  // namespace trenchcoat::runs
