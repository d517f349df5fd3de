#pragma once
// Records of delimited text with RFC 4180 quoting (CSV, and TSV files written with the same quoting, e.g.
// SEAHORSE's), one at a time, so that each reader keeps its own line numbering.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::io {

// One record that starts on `line` (number `line_number`), its fields separated by `delimiter` and
// optionally quoted as RFC 4180 quotes them: a field that starts with '"' runs to the next lone '"', a
// doubled '"' inside it is one quote, and it may run on over further lines, which
// next_line(line, line_number) gives (false at the end of the file). A CR at the end of a line is
// dropped. Throws trenchcoat::Error naming `name` and the line for a quoted field still open at the end
// of the file, or a character after a closing quote.
template <class NextLine>
std::vector<std::string> quoted_record(const std::string& name, std::string_view line, std::size_t line_number,
                                       char delimiter, NextLine&& next_line) {
  const std::size_t start_line = line_number;
  std::vector<std::string> fields;
  std::string field;
  std::size_t pos = 0;
  bool in_quotes = false, was_quoted = false;
  while (true) {
    if (pos >= line.size()) {
      if (in_quotes) {  // the field runs on to the next line
        if (!next_line(line, line_number))
          throw Error(name, start_line, "a quoted field is not closed before the end of the file");
        field += '\n';
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
    if (c == delimiter) {
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
      throw Error(name, line_number,
                  "unexpected character after a closing quote (column " + std::to_string(pos + 1) + ")");
    } else {
      field += c;
      ++pos;
    }
  }
  return fields;
}

}  // namespace trenchcoat::io
