// Reading a dataset in windows of rows (see row_windows.hpp).
#include "trenchcoat/runs/row_windows.hpp"

#include <algorithm>

namespace trenchcoat::runs {

RowWindowReader::RowWindowReader(io::DatasetRowReader& reader, std::size_t window_rows, std::size_t shard_index,
                                 std::size_t shard_count)
    : reader_(reader),
      window_rows_(std::max<std::size_t>(window_rows, 1)),
      shard_index_(shard_index),
      shard_count_(std::max<std::size_t>(shard_count, 1)) {
  have_pending_ = reader_.next(pending_);
}

bool RowWindowReader::next(RowWindow& w, const std::function<void(const io::DatasetRow&)>& seen) {
  w.rows.clear();
  w.index.clear();
  if (!have_pending_) return false;
  for (std::size_t n = 0; n < window_rows_ && have_pending_; ++n) {
    const std::size_t index = read_++;
    if (seen) seen(pending_);
    if (index % shard_count_ == shard_index_) {
      w.rows.push_back(std::move(pending_));
      w.index.push_back(index);
    }
    have_pending_ = reader_.next(pending_);
  }
  return true;
}

StreamedLayout streamed_layout(const io::DatasetRowReader& reader, const io::DatasetRow& first,
                               const std::string& fields) {
  StreamedLayout s;
  s.shell.name = reader.name();
  s.shell.format = reader.format();
  s.shell.header = reader.header();
  s.shell.rows.push_back(first);
  s.layout = scoring::detect_layout(s.shell, scoring::parse_field_overrides(fields));
  s.shell.rows.clear();
  return s;
}

}  // namespace trenchcoat::runs
