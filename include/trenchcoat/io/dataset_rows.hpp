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
// a run can refuse an output format before any scoring work).
void check_dataset_rows_writable(const std::vector<nlohmann::ordered_json>& rows, DatasetFormat format);

// Writes the rows atomically (io/atomic_file.hpp); "-" writes standard output.
void write_dataset_rows(const std::string& path, const std::vector<nlohmann::ordered_json>& rows, DatasetFormat format);

}  // namespace trenchcoat::io
