#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/quoted_record.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/string_pieces.hpp"
#include "trenchcoat/text/utf8.hpp"

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
    const std::string_view line = i == 0 ? drop_bom(lines[i]) : lines[i];
    if (drop_cr(line).empty()) {
      ++i;
      continue;
    }
    std::vector<std::string> fields =
        io::quoted_record(d.name, line, start_line, ',', [&](std::string_view& next, std::size_t& number) {
          if (++i >= lines.size()) return false;
          next = lines[i];
          number = i + 1;
          return true;
        });
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

void check_dataset_rows_writable(const std::vector<ordered_json>& rows, DatasetFormat format, std::size_t first_row) {
  if (format != DatasetFormat::tsv) return;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const auto& [key, value] : rows[r].items()) {
      check_tsv_value(key, r + first_row, key);
      if (value.is_string()) check_tsv_value(value.get_ref<const std::string&>(), r + first_row, key);
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

// ---- Streaming -------------------------------------------------------------------------------------

struct DatasetRowReader::State {
  std::string name;
  DatasetFormat format = DatasetFormat::jsonl;
  std::vector<std::string> header;
  // A JSON list, read whole.
  bool whole = false;
  Dataset dataset;
  std::size_t next_row = 0;
  std::string whole_hash;
  // Everything else: chunks of the file, split into lines.
  std::FILE* file = nullptr;
  gzFile gz = nullptr;
  std::string buffer;
  std::size_t pos = 0, line_number = 0;
  bool eof = false;
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> hash{XXH3_createState(), &XXH3_freeState};

  ~State() {
    if (file && file != stdin) std::fclose(file);
    if (gz) gzclose(gz);
  }

  void read_chunk() {
    constexpr std::size_t kChunk = 1 << 20;
    const std::size_t old = buffer.size();
    buffer.resize(old + kChunk);
    std::size_t got = 0;
    if (gz) {
      const int n = gzread(gz, buffer.data() + old, static_cast<unsigned>(kChunk));
      if (n < 0) {
        int code = 0;
        throw Error(name, 0, std::string("corrupt gzip data: ") + gzerror(gz, &code));
      }
      got = static_cast<std::size_t>(n);
    } else {
      got = std::fread(buffer.data() + old, 1, kChunk, file);
      if (got == 0 && std::ferror(file)) throw Error(name, 0, "read error");
    }
    buffer.resize(old + got);
    if (got == 0) eof = true;
    else XXH3_64bits_update(hash.get(), buffer.data() + old, got);
  }

  // The next line without its '\n' (valid until the next call); false at the end. Checks UTF-8.
  bool next_line(std::string_view& line) {
    while (true) {
      const void* hit = std::memchr(buffer.data() + pos, '\n', buffer.size() - pos);
      if (hit) {
        const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(hit) - buffer.data());
        line = std::string_view(buffer).substr(pos, end - pos);
        pos = end + 1;
        break;
      }
      if (eof) {
        if (pos >= buffer.size()) return false;
        line = std::string_view(buffer).substr(pos);
        pos = buffer.size();
        break;
      }
      buffer.erase(0, pos);
      pos = 0;
      read_chunk();
    }
    ++line_number;
    if (const auto bad = text::find_invalid_utf8(line)) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(line[*bad]));
      throw Error(name, line_number,
                  "invalid UTF-8 (byte " + std::string(byte) + " at column " + std::to_string(*bad + 1) + ")");
    }
    if (line_number == 1) line = drop_bom(line);
    return true;
  }

  // The next CSV record, skipping blank lines; false at the end. start: the line it starts on.
  bool next_csv_record(std::vector<std::string>& fields, std::size_t& start) {
    std::string_view line;
    do {
      if (!next_line(line)) return false;
    } while (drop_cr(line).empty());
    start = line_number;
    fields = io::quoted_record(name, line, start, ',', [&](std::string_view& next, std::size_t& number) {
      if (!next_line(next)) return false;
      number = line_number;
      return true;
    });
    return true;
  }
};

DatasetRowReader::DatasetRowReader(const std::string& path, std::optional<DatasetFormat> format)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.format = format ? *format : dataset_format_from_name(path);
  s.name = path == "-" ? "<stdin>" : path;
  if (s.format == DatasetFormat::json) {
    std::string content;
    if (path == "-") {
      std::ostringstream ss;
      ss << std::cin.rdbuf();
      content = ss.str();
    } else {
      content = read_file_bytes(path);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(content.data(), content.size())));
    s.whole_hash = hex;
    s.dataset = parse_dataset(s.name, std::move(content), s.format);
    s.whole = true;
    return;
  }
  if (!s.hash || XXH3_64bits_reset(s.hash.get()) != XXH_OK) throw Error("cannot allocate a hash state");
  if (path == "-") {
    s.file = stdin;
  } else if (path.ends_with(".gz")) {
    s.gz = gzopen(path.c_str(), "rb");
    if (!s.gz) throw Error(path, 0, std::string("cannot open: ") + std::strerror(errno));
  } else {
    s.file = std::fopen(path.c_str(), "rb");
    if (!s.file) throw Error(path, 0, std::string("cannot open: ") + std::strerror(errno));
  }
  Dataset d;  // for check_header's messages
  d.name = s.name;
  if (s.format == DatasetFormat::tsv) {
    std::string_view line;
    while (s.next_line(line)) {
      line = drop_cr(line);
      if (blank_line_text(line).empty()) continue;
      d.header = tab_fields(line);
      check_header(d, s.line_number);
      break;
    }
  } else if (s.format == DatasetFormat::csv) {
    std::size_t start = 0;
    if (s.next_csv_record(d.header, start)) check_header(d, start);
  }
  s.header = std::move(d.header);
}

DatasetRowReader::~DatasetRowReader() = default;

const std::string& DatasetRowReader::name() const { return state_->name; }
DatasetFormat DatasetRowReader::format() const { return state_->format; }
const std::vector<std::string>& DatasetRowReader::header() const {
  return state_->whole ? state_->dataset.header : state_->header;
}

bool DatasetRowReader::next(DatasetRow& row) {
  State& s = *state_;
  if (s.whole) {
    if (s.next_row >= s.dataset.rows.size()) {
      s.dataset.rows.clear();
      s.dataset.rows.shrink_to_fit();
      return false;
    }
    row = std::move(s.dataset.rows[s.next_row++]);
    return true;
  }
  Dataset d;  // for row_object's messages
  switch (s.format) {
    case DatasetFormat::jsonl:
    case DatasetFormat::json: {
      std::string_view line;
      while (s.next_line(line)) {
        line = text::strip(line);
        if (line.empty()) continue;
        ordered_json value = ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (value.is_discarded()) throw Error(s.name, s.line_number, "not valid JSON");
        if (!value.is_object()) throw Error(s.name, s.line_number, "expected a JSON object");
        row.line = s.line_number;
        row.value = std::move(value);
        return true;
      }
      return false;
    }
    case DatasetFormat::tsv: {
      std::string_view line;
      while (s.next_line(line)) {
        line = drop_cr(line);
        if (line.empty()) continue;
        d.name = s.name;
        d.header = s.header;
        row.line = s.line_number;
        row.value = row_object(d, tab_fields(line), s.line_number);
        return true;
      }
      return false;
    }
    case DatasetFormat::csv: {
      std::vector<std::string> fields;
      std::size_t start = 0;
      if (!s.next_csv_record(fields, start)) return false;
      d.name = s.name;
      d.header = s.header;
      row.line = start;
      row.value = row_object(d, fields, start);
      return true;
    }
  }
  return false;
}

std::string DatasetRowReader::content_hash() const {
  if (state_->whole) return state_->whole_hash;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state_->hash.get())));
  return hex;
}

struct DatasetRowWriter::State {
  std::string path, temp;
  DatasetFormat format = DatasetFormat::jsonl;
  std::FILE* file = nullptr;
  bool finished = false;
  std::size_t rows = 0;
  // TSV/CSV: the columns so far, and from which row on each count of columns was written.
  std::vector<std::string> columns;
  std::unordered_map<std::string, std::size_t> column_index;
  std::vector<std::pair<std::size_t, std::size_t>> widths;  // (first row, columns)
  std::size_t header_bytes = 0;
  std::string text;

  ~State() {
    if (file) std::fclose(file);
    if (!finished && !temp.empty()) ::unlink(temp.c_str());
  }

  // A temporary file beside `where` (standard output: in the temporary directory).
  std::FILE* open_temp(const std::string& where, std::string& name) const {
    std::string pattern;
    if (where == "-") {
      const char* dir = std::getenv("TMPDIR");
      pattern = std::string(dir && *dir ? dir : "/tmp") + "/trenchcoat-rows.XXXXXX";
    } else {
      pattern = where + ".tmp.XXXXXX";
    }
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const int fd = ::mkstemp(buf.data());
    if (fd < 0)
      throw Error(where == "-" ? "standard output" : where, 0,
                  std::string("cannot create a temporary file: ") + std::strerror(errno));
    name = buf.data();
    std::FILE* f = ::fdopen(fd, "w+b");
    if (!f) {
      ::close(fd);
      ::unlink(name.c_str());
      throw Error(where, 0, std::string("cannot open a temporary file: ") + std::strerror(errno));
    }
    return f;
  }

  void put(std::FILE* f, std::string_view bytes) const {
    if (std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size())
      throw Error(path == "-" ? "standard output" : path, 0, std::string("write failed: ") + std::strerror(errno));
  }

  void append_cells(const std::vector<std::string>& cells, std::size_t count) {
    const bool tsv = format == DatasetFormat::tsv;
    for (std::size_t c = 0; c < count; ++c) {
      if (c) text += tsv ? '\t' : ',';
      text += tsv ? cells[c] : csv_field(cells[c]);
    }
    text += '\n';
  }

  // Rewrites the file with the full header, padding the rows written before a column was added.
  void widen() {
    std::string name;
    std::FILE* out = open_temp(path, name);
    try {
      text.clear();
      append_cells(columns, columns.size());
      put(out, text);
      if (std::fseek(file, static_cast<long>(header_bytes), SEEK_SET) != 0)
        throw Error(path, 0, "cannot read back the temporary file");
      const bool tsv = format == DatasetFormat::tsv;
      const char separator = tsv ? '\t' : ',';
      std::size_t row = 0, next_width = 1;
      std::size_t width = widths.front().second;
      bool in_quotes = false;
      std::string chunk(1 << 20, '\0'), result;
      std::size_t got;
      while ((got = std::fread(chunk.data(), 1, chunk.size(), file)) > 0) {
        result.clear();
        for (std::size_t i = 0; i < got; ++i) {
          const char c = chunk[i];
          if (c == '"' && !tsv) in_quotes = !in_quotes;
          if (c == '\n' && !in_quotes) {
            while (next_width < widths.size() && widths[next_width].first <= row) width = widths[next_width++].second;
            result.append(columns.size() - width, separator);
            ++row;
          }
          result += c;
        }
        put(out, result);
      }
      std::fclose(file);
      file = out;
      ::unlink(temp.c_str());
      temp = name;
    } catch (...) {
      std::fclose(out);
      ::unlink(name.c_str());
      throw;
    }
  }
};

DatasetRowWriter::DatasetRowWriter(std::string path, DatasetFormat format) : state_(std::make_unique<State>()) {
  state_->path = std::move(path);
  state_->format = format;
  state_->file = state_->open_temp(state_->path, state_->temp);
  static constexpr std::size_t kBuffer = 1 << 20;
  std::setvbuf(state_->file, nullptr, _IOFBF, kBuffer);
}

DatasetRowWriter::~DatasetRowWriter() = default;

std::size_t DatasetRowWriter::rows() const { return state_->rows; }

void DatasetRowWriter::write(const ordered_json& row) {
  State& s = *state_;
  s.text.clear();
  if (s.format == DatasetFormat::jsonl || s.format == DatasetFormat::json) {
    if (s.format == DatasetFormat::json) s.text += s.rows == 0 ? "[\n" : ",\n";
    s.text += row.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    if (s.format == DatasetFormat::jsonl) s.text += '\n';
    s.put(s.file, s.text);
    ++s.rows;
    return;
  }
  const bool tsv = s.format == DatasetFormat::tsv;
  const std::size_t before = s.columns.size();
  for (const auto& [key, value] : row.items())
    if (s.column_index.emplace(key, s.columns.size()).second) {
      if (tsv) check_tsv_value(key, 0, key);
      s.columns.push_back(key);
    }
  if (s.rows == 0) {
    s.append_cells(s.columns, s.columns.size());
    s.header_bytes = s.text.size();
    s.widths.push_back({0, s.columns.size()});
  } else if (s.columns.size() != before) {
    s.widths.push_back({s.rows, s.columns.size()});
  }
  std::vector<std::string> cells(s.columns.size());
  for (const auto& [key, value] : row.items()) {
    std::string& cell = cells[s.column_index.at(key)];
    cell = cell_text(value);
    if (tsv) check_tsv_value(cell, s.rows + 1, key);
  }
  s.append_cells(cells, cells.size());
  s.put(s.file, s.text);
  ++s.rows;
}

void DatasetRowWriter::finish() {
  State& s = *state_;
  if (s.finished) return;
  if (s.format == DatasetFormat::json) s.put(s.file, s.rows == 0 ? "[\n]\n" : "\n]\n");
  if (s.format == DatasetFormat::tsv || s.format == DatasetFormat::csv) {
    if (s.rows == 0) s.put(s.file, "\n");  // format_dataset_rows: an empty header line
    if (std::fflush(s.file) != 0) throw Error(s.path, 0, std::string("write failed: ") + std::strerror(errno));
    if (s.widths.size() > 1) s.widen();
  }
  if (std::fflush(s.file) != 0 || ::fsync(::fileno(s.file)) != 0)
    throw Error(s.path == "-" ? "standard output" : s.path, 0, std::string("flush failed: ") + std::strerror(errno));
  if (s.path == "-") {
    std::rewind(s.file);
    std::string chunk(1 << 20, '\0');
    std::size_t got;
    while ((got = std::fread(chunk.data(), 1, chunk.size(), s.file)) > 0)
      if (std::fwrite(chunk.data(), 1, got, stdout) != got) throw Error("cannot write the rows to standard output");
    if (std::fflush(stdout) != 0) throw Error("cannot write the rows to standard output");
    std::fclose(s.file);
    s.file = nullptr;
    ::unlink(s.temp.c_str());
    s.finished = true;
    return;
  }
  ::fchmod(::fileno(s.file), 0644);
  const int closed = std::fclose(s.file);
  s.file = nullptr;
  if (closed != 0) throw Error(s.path, 0, std::string("close failed: ") + std::strerror(errno));
  if (std::rename(s.temp.c_str(), s.path.c_str()) != 0)
    throw Error(s.path, 0, std::string("cannot rename the temporary file into place: ") + std::strerror(errno));
  s.finished = true;
}

}  // namespace trenchcoat::io
