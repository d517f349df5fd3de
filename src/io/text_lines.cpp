#include "trenchcoat/io/text_lines.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/utf8.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::io {
namespace {

std::string read_gzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error(path, 0, std::string("cannot open: ") + std::strerror(errno));
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const int n = gzread(f, buffer, sizeof buffer);
    if (n < 0) {
      int code = 0;
      const std::string message = gzerror(f, &code);
      gzclose(f);
      throw Error(path, 0, "corrupt gzip data: " + message);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  gzclose(f);
  return out;
}

// Line and column (1-based, in bytes) of a byte offset.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view s, std::size_t offset) {
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (s[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

}  // namespace

std::string read_file_bytes(const std::string& path) {
  if (path.ends_with(".gz")) return read_gzip(path);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error(path, 0, std::string("cannot open: ") + std::strerror(errno));
  // One read into a buffer of the file's size when it has one (a pipe or device may not).
  std::string content;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long size = std::ftell(f);
    if (size > 0) content.reserve(static_cast<std::size_t>(size));
    std::rewind(f);
  }
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) content.append(buffer, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw Error(path, 0, "read error");
  return content;
}

TextLines::TextLines(std::string name, std::string content, Newlines newlines)
    : name_(std::move(name)), content_(std::make_unique<const std::string>(std::move(content))) {
  const std::string_view s = *content_;
  if (const auto bad = text::find_invalid_utf8(s)) {
    const auto [line, column] = line_and_column(s, *bad);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(s[*bad]));
    throw Error(name_, line, "invalid UTF-8 (byte " + std::string(byte) + " at column " + std::to_string(column) + ")");
  }
  std::size_t start = 0;
  if (newlines == Newlines::lf_only) {
    while (start < s.size()) {
      const void* hit = std::memchr(s.data() + start, '\n', s.size() - start);
      if (!hit) break;
      const std::size_t i = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
      lines_.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  } else {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n') {
        lines_.push_back(s.substr(start, i - start));
        start = i + 1;
      } else if (s[i] == '\r') {
        lines_.push_back(s.substr(start, i - start));
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        start = i + 1;
      }
    }
  }
  if (start < s.size()) lines_.push_back(s.substr(start));
}

TextLines read_text_lines(const std::string& path, Newlines newlines) {
  if (path == "-") return read_stdin_lines(newlines);
  return TextLines(path, read_file_bytes(path), newlines);
}

TextLines read_stdin_lines(Newlines newlines) {
  std::ostringstream ss;
  ss << std::cin.rdbuf();
  return TextLines("<stdin>", ss.str(), newlines);
}

}  // namespace trenchcoat::io
