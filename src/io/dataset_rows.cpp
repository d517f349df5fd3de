#include "trenchcoat/io/dataset_rows.hpp"

#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::io {
namespace {

using text::ascii_lower;

using ordered_json = nlohmann::ordered_json;

std::string_view drop_bom(std::string_view s) { return s.substr(0, 3) == "\xEF\xBB\xBF" ? s.substr(3) : s; }

std::string_view drop_cr(std::string_view s) { return !s.empty() && s.back() == '\r' ? s.substr(0, s.size() - 1) : s; }

std::string blank_line_text(std::string_view s) { return std::string(text::strip(s)); }

Dataset read_json_lines(const TextLines& lines, Dataset d) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = text::strip(i == 0 ? drop_bom(lines[i]) : lines[i]);
    if (line.empty()) continue;
    ordered_json value = ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) throw Error(d.name, i + 1, "not valid JSON");
    if (!value.is_object()) throw Error(d.name, i + 1, "expected a JSON object");
    d.rows.push_back({i + 1, std::move(value)});
  }
  return d;
}

// The line each element of a top-level JSON list starts on (the text is valid JSON).
std::vector<std::size_t> list_element_lines(std::string_view s) {
  std::vector<std::size_t> out;
  std::size_t line = 1;
  int depth = 0;
  bool in_string = false, escaped = false, expect_element = false;
  for (const char c : s) {
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (depth == 1 && expect_element && c != ']') {
      out.push_back(line);
      expect_element = false;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      ++depth;
      if (depth == 1) expect_element = true;
    } else if (c == ']' || c == '}') --depth;
    else if (c == ',' && depth == 1) expect_element = true;
  }
  return out;
}

Dataset read_json_list(const TextLines& lines, Dataset d) {
  if (lines.empty()) return d;
  const std::string_view whole(
      lines[0].data(),
      static_cast<std::size_t>(lines[lines.size() - 1].data() + lines[lines.size() - 1].size() - lines[0].data()));
  const std::string_view body = text::strip(drop_bom(whole));
  if (body.empty() || body.front() != '[') return read_json_lines(lines, std::move(d));
  ordered_json value = ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    // Find the line of the problem for the message.
    try {
      const ordered_json parsed = ordered_json::parse(body);  // throws: the message's line comes from it
      static_cast<void>(parsed);
    } catch (const nlohmann::json::parse_error& e) {
      const std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, body.size());
      std::size_t line = 1;
      for (const char* p = whole.data(); p < body.data() + offset; ++p) line += *p == '\n';
      throw Error(d.name, line, "not valid JSON");
    }
    throw Error(d.name, 0, "not valid JSON");
  }
  const auto starts = list_element_lines(body);
  std::size_t lead = 1;
  for (const char* p = whole.data(); p < body.data(); ++p) lead += *p == '\n';
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::size_t line = (i < starts.size() ? starts[i] : 1) + lead - 1;
    if (!value[i].is_object())
      throw Error(d.name, line, "expected a JSON object (list element " + std::to_string(i + 1) + ")");
    d.rows.push_back({line, std::move(value[i])});
  }
  return d;
}

// The fields of a tab-separated line, as strings.
std::vector<std::string> tab_fields(std::string_view line) {
  const std::vector<std::string_view> views = text::split_tabs(line);
  return {views.begin(), views.end()};
}

void check_header(const Dataset& d, std::size_t line) {
  std::set<std::string> seen;
  for (const auto& h : d.header)
    if (!seen.insert(h).second) throw Error(d.name, line, "the header names column '" + h + "' twice");
}

ordered_json row_object(const Dataset& d, const std::vector<std::string>& fields, std::size_t line) {
  if (fields.size() != d.header.size())
    throw Error(d.name, line,
                std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields") + ", but the header has " +
                    std::to_string(d.header.size()));
  ordered_json row = ordered_json::object();
  for (std::size_t i = 0; i < fields.size(); ++i) row[d.header[i]] = fields[i];
  return row;
}

Dataset read_tsv(const TextLines& lines, Dataset d) {
  std::size_t i = 0;
  for (; i < lines.size(); ++i) {
    const std::string_view line = drop_cr(i == 0 ? drop_bom(lines[i]) : lines[i]);
    if (blank_line_text(line).empty()) continue;
    d.header = tab_fields(line);
    check_header(d, i + 1);
    break;
  }
  for (++i; i < lines.size(); ++i) {
    const std::string_view line = drop_cr(lines[i]);
    if (line.empty()) continue;
    d.rows.push_back({i + 1, row_object(d, tab_fields(line), i + 1)});
  }
  return d;
}

// RFC 4180 records over the lines; a quoted field may run on over several lines.
Dataset read_csv(const TextLines& lines, Dataset d) {
  bool have_header = false;
  std::size_t i = 0;
  while (i < lines.size()) {
    const std::size_t start_line = i + 1;
    std::string_view line = i == 0 ? drop_bom(lines[i]) : lines[i];
    if (drop_cr(line).empty()) {
      ++i;
      continue;
    }
    std::vector<std::string> fields;
    std::string field;
    std::size_t pos = 0;
    bool in_quotes = false, was_quoted = false;
    while (true) {
      if (pos >= line.size()) {
        if (in_quotes) {  // the field runs on to the next line
          if (++i >= lines.size())
            throw Error(d.name, start_line, "a quoted field is not closed before the end of the file");
          field += '\n';
          line = lines[i];
          pos = 0;
          continue;
        }
        fields.push_back(std::move(field));
        break;
      }
      const char c = line[pos];
      if (in_quotes) {
        if (c == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field += '"';
            pos += 2;
          } else {
            in_quotes = false;
            ++pos;
          }
        } else {
          field += c;
          ++pos;
        }
        continue;
      }
      if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        ++pos;
      } else if (c == '"' && field.empty() && !was_quoted) {
        in_quotes = was_quoted = true;
        ++pos;
      } else if (c == '\r' && pos + 1 == line.size()) {
        ++pos;  // CRLF line end
      } else if (was_quoted) {
        throw Error(d.name, i + 1,
                    "unexpected character after a closing quote (column " + std::to_string(pos + 1) + ")");
      } else {
        field += c;
        ++pos;
      }
    }
    ++i;
    if (!have_header) {
      d.header = std::move(fields);
      check_header(d, start_line);
      have_header = true;
    } else {
      d.rows.push_back({start_line, row_object(d, fields, start_line)});
    }
  }
  return d;
}

std::string cell_text(const ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::vector<std::string> columns_of(const std::vector<ordered_json>& rows) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const auto& row : rows)
    for (const auto& [key, value] : row.items())
      if (seen.insert(key).second) columns.push_back(key);
  return columns;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void check_tsv_value(const std::string& value, std::size_t row, const std::string& column) {
  if (value.find_first_of("\t\r\n") != std::string::npos)
    throw Error("row " + std::to_string(row) + ", column '" + column +
                "': a tab or newline inside a value cannot be written as TSV (write JSONL or CSV instead)");
}

}  // namespace

std::string dataset_format_name(DatasetFormat format) {
  switch (format) {
    case DatasetFormat::jsonl:
      return "jsonl";
    case DatasetFormat::json:
      return "json";
    case DatasetFormat::tsv:
      return "tsv";
    case DatasetFormat::csv:
      return "csv";
  }
  return "jsonl";
}

DatasetFormat parse_dataset_format(const std::string& name) {
  const std::string n = ascii_lower(name);
  if (n == "jsonl" || n == "ndjson") return DatasetFormat::jsonl;
  if (n == "json") return DatasetFormat::json;
  if (n == "tsv") return DatasetFormat::tsv;
  if (n == "csv") return DatasetFormat::csv;
  throw Error("unknown dataset format '" + name + "' (known: jsonl, json, tsv, csv)");
}

DatasetFormat dataset_format_from_name(const std::string& path) {
  std::string n = ascii_lower(path);
  if (n.ends_with(".gz")) n.resize(n.size() - 3);
  if (n.ends_with(".json")) return DatasetFormat::json;
  if (n.ends_with(".tsv")) return DatasetFormat::tsv;
  if (n.ends_with(".csv")) return DatasetFormat::csv;
  return DatasetFormat::jsonl;
}

Dataset parse_dataset(const std::string& name, std::string content, DatasetFormat format) {
  const TextLines lines(name, std::move(content), Newlines::lf_only);  // checks UTF-8, naming the line
  Dataset d;
  d.name = name;
  d.format = format;
  switch (format) {
    case DatasetFormat::jsonl:
      return read_json_lines(lines, std::move(d));
    case DatasetFormat::json:
      return read_json_list(lines, std::move(d));
    case DatasetFormat::tsv:
      return read_tsv(lines, std::move(d));
    case DatasetFormat::csv:
      return read_csv(lines, std::move(d));
  }
  return d;
}

Dataset read_dataset(const std::string& path, std::optional<DatasetFormat> format) {
  const DatasetFormat f = format ? *format : dataset_format_from_name(path);
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return parse_dataset("<stdin>", ss.str(), f);
  }
  return parse_dataset(path, read_file_bytes(path), f);
}

void check_dataset_rows_writable(const std::vector<ordered_json>& rows, DatasetFormat format) {
  if (format != DatasetFormat::tsv) return;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const auto& [key, value] : rows[r].items()) {
      check_tsv_value(key, r + 1, key);
      if (value.is_string()) check_tsv_value(value.get_ref<const std::string&>(), r + 1, key);
    }
}

std::string format_dataset_rows(const std::vector<ordered_json>& rows, DatasetFormat format) {
  std::string out;
  if (format == DatasetFormat::jsonl || format == DatasetFormat::json) {
    // A .json output is a JSON list with one object per line; anything else JSON Lines.
    const bool list = format == DatasetFormat::json;
    if (list) out += "[\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      out += rows[r].dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
      if (list && r + 1 < rows.size()) out += ',';
      out += '\n';
    }
    if (list) out += "]\n";
    return out;
  }
  const std::vector<std::string> columns = columns_of(rows);
  const bool tsv = format == DatasetFormat::tsv;
  auto append_line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) out += tsv ? '\t' : ',';
      out += tsv ? cells[c] : csv_field(cells[c]);
    }
    out += '\n';
  };
  if (tsv)
    for (const auto& c : columns) check_tsv_value(c, 0, c);
  append_line(columns);
  std::vector<std::string> cells(columns.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto it = rows[r].find(columns[c]);
      cells[c] = it == rows[r].end() ? "" : cell_text(*it);
      if (tsv) check_tsv_value(cells[c], r + 1, columns[c]);
    }
    append_line(cells);
  }
  return out;
}

void write_dataset_rows(const std::string& path, const std::vector<ordered_json>& rows, DatasetFormat format) {
  const std::string text = format_dataset_rows(rows, format);
  if (path == "-") {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
      throw Error("cannot write the rows to standard output");
    return;
  }
  write_file_atomically(path, text);
}

}  // namespace trenchcoat::io
