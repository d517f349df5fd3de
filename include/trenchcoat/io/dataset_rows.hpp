#pragma once
// Datasets as rows: the files users score with `trenchcoat score` (JSON Lines, a JSON list of
// objects, TSV, CSV), read into ordered JSON objects that keep every field and its order, and written
// back the same way with added columns (JSONL rows with configurable
// column names; `--to-jsonl` dumps that carry the input rows).
//
// Formats, chosen from the file name (".gz" is decompressed and ignored for the choice):
//   .jsonl, .ndjson and anything unknown  JSON Lines: one object per line; blank lines are skipped
//   .json                                 one JSON list of objects (LLMBar's dataset.json); a file that
//                                         is not a list is read as JSON Lines
//   .tsv                                  tab-separated with a header line; no quoting (a '"' is a
//                                         character like any other); a trailing \r is dropped
//   .csv                                  RFC 4180: a header line, ',' separated, fields may be quoted
//                                         with '"' ("" is a quote) and then hold commas and newlines
// TSV and CSV values are strings; blank lines are skipped; a leading UTF-8 byte order mark is dropped.
//
// Errors (trenchcoat::Error, naming the file and the line a row starts on): malformed JSON, a value
// that is not an object, invalid UTF-8, a TSV/CSV row whose number of fields differs from the
// header's, an unterminated quote, duplicate header names. Lines of any length are fine.
//
// Writing: JSON Lines keeps each row's keys in order (non-ASCII written as is); the json format writes
// a JSON list with one object per line. TSV and CSV have one
// column per key, in order of first appearance over all rows; strings are written as they are,
// null and absent values as empty fields, numbers as JSON writes them, lists and objects as JSON text.
// TSV cannot hold a tab or a newline inside a value: such a value is an error naming the row and
// column (use JSONL or CSV). CSV quotes a field when it holds ',', '"', '\r' or '\n'.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace trenchcoat::io {

enum class DatasetFormat { jsonl, json, tsv, csv };

// "jsonl", "json", "tsv", "csv"; parse_dataset_format throws trenchcoat::Error for anything else.
std::string dataset_format_name(DatasetFormat format);
DatasetFormat parse_dataset_format(const std::string& name);

// The format a file name says (see above); "-" and unknown endings give jsonl.
DatasetFormat dataset_format_from_name(const std::string& path);

struct DatasetRow {
  std::size_t line = 0;          // 1-based line the row starts on (JSON list: the line its object starts on)
  nlohmann::ordered_json value;  // an object
};

struct Dataset {
  std::string name;  // the file name, or "<stdin>", for messages
  DatasetFormat format = DatasetFormat::jsonl;
  std::vector<std::string> header;  // TSV/CSV: the column names; JSON: empty
  std::vector<DatasetRow> rows;
};

// Reads a dataset ("-": standard input). `format` overrides the choice by file name.
Dataset read_dataset(const std::string& path, std::optional<DatasetFormat> format = std::nullopt);
// Parses a dataset from memory; `name` is used in messages.
Dataset parse_dataset(const std::string& name, std::string content, DatasetFormat format);

// The rows as a file of the given format (see above for TSV's restriction).
std::string format_dataset_rows(const std::vector<nlohmann::ordered_json>& rows, DatasetFormat format);

// Throws the error format_dataset_rows would throw for these rows, without building the text (so that
// a run can refuse an output format before any scoring work). first_row: the number messages give the
// first of these rows (rows of a stream are numbered from the stream's start).
void check_dataset_rows_writable(const std::vector<nlohmann::ordered_json>& rows, DatasetFormat format,
                                 std::size_t first_row = 1);

// Writes the rows atomically (io/atomic_file.hpp); "-" writes standard output.
void write_dataset_rows(const std::string& path, const std::vector<nlohmann::ordered_json>& rows, DatasetFormat format);

// A dataset read one row at a time, so that memory does not grow with the input: JSON Lines, TSV and
// CSV (also .gz, and standard input) are read in chunks of 1 MiB; a JSON list (.json) is read whole
// (its rows are then handed out one at a time). The rows, line numbers, and errors are those of
// read_dataset, except that an error is found when the reader reaches its row (read_dataset checks
// the UTF-8 of the whole file before parsing any row). The TSV/CSV header is read on opening.
class DatasetRowReader {
 public:
  explicit DatasetRowReader(const std::string& path, std::optional<DatasetFormat> format = std::nullopt);
  ~DatasetRowReader();
  DatasetRowReader(const DatasetRowReader&) = delete;
  DatasetRowReader& operator=(const DatasetRowReader&) = delete;

  const std::string& name() const;  // the file name, or "<stdin>"
  DatasetFormat format() const;
  const std::vector<std::string>& header() const;  // TSV/CSV: the column names; JSON: empty
  // The next row; false at the end of the data.
  bool next(DatasetRow& row);
  // XXH3-64 of the (decompressed) bytes read so far, as 16 lower-case hex digits: at the end of the
  // data, the content hash of the whole input.
  std::string content_hash() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Rows written one at a time to a temporary file beside `path` and renamed over it by finish(): the
// same bytes as write_dataset_rows of all the rows, never a partial file ("-": standard output,
// copied there by finish(), nothing written before). TSV and CSV columns are the keys in order of first
// appearance over all rows, as in format_dataset_rows: the header is the first row's keys, and when a
// later row brings a new key finish() rewrites the file once with the full header and the earlier
// rows padded. Destroying an unfinished writer removes its temporary file.
class DatasetRowWriter {
 public:
  DatasetRowWriter(std::string path, DatasetFormat format);
  ~DatasetRowWriter();
  DatasetRowWriter(const DatasetRowWriter&) = delete;
  DatasetRowWriter& operator=(const DatasetRowWriter&) = delete;

  // Throws the error format_dataset_rows would throw for the row (TSV: a tab or newline in a value).
  void write(const nlohmann::ordered_json& row);
  void finish();
  std::size_t rows() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace trenchcoat::io
