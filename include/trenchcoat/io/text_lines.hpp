#pragma once
// Plain text files as lines, read the way sacreBLEU reads them: strict UTF-8 (an invalid byte is an
// error naming the file and line), `.gz` files decompressed transparently, and either of Python's
// newline conventions.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::io {

enum class Newlines {
  lf_only,    // open(..., newline="\n"): only \n ends a line; a lone \r stays inside it
  universal,  // Python's default text mode (sacreBLEU's stdin): \n, \r\n and \r all end a line
};

// The lines of a text, without their line terminators. A final line without a terminator counts;
// an empty text has no lines.
class TextLines {
 public:
  TextLines() = default;
  TextLines(std::string name, std::string content, Newlines newlines);
  TextLines(TextLines&&) noexcept = default;
  TextLines& operator=(TextLines&&) noexcept = default;
  TextLines(const TextLines&) = delete;
  TextLines& operator=(const TextLines&) = delete;

  const std::string& name() const { return name_; }  // the file name, or "<stdin>"
  std::size_t size() const { return lines_.size(); }
  bool empty() const { return lines_.empty(); }
  std::string_view operator[](std::size_t i) const { return lines_[i]; }
  const std::vector<std::string_view>& lines() const { return lines_; }

 private:
  std::string name_;
  // On the heap so that the views in lines_ stay valid when a TextLines is moved (a short std::string
  // keeps its bytes inside the object).
  std::unique_ptr<const std::string> content_;
  std::vector<std::string_view> lines_;
};

// Reads a whole file ("-" is standard input). Errors: missing or unreadable file, invalid UTF-8
// (with line and column), corrupt gzip data.
TextLines read_text_lines(const std::string& path, Newlines newlines = Newlines::lf_only);
TextLines read_stdin_lines(Newlines newlines = Newlines::universal);

// Reads the whole file into memory, decompressing `.gz` files.
std::string read_file_bytes(const std::string& path);

}  // namespace trenchcoat::io
