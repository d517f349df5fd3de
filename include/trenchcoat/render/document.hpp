#pragma once
// The one place that formats results. A command's result becomes a Document (lines of text and
// tables whose cells are already formatted: numbers rounded, alignment chosen), and one renderer per
// format draws any Document:
//   text      lines as they are, tables as tabulate's fancy_grid (io::render_table), each followed
//             by a newline: the commands' text output;
//   csv       the tables only (RFC 4180: a cell with a comma, a double quote, CR or LF is quoted,
//             quotes doubled), header row first, tables separated by an empty line; a document
//             without tables gives its lines, one cell per row;
//   markdown  each line a paragraph, tables as pipe tables (`|` in a cell escaped as `\|`, newlines
//             as <br>), blocks separated by an empty line;
//   latex     each line a paragraph with LaTeX's special characters escaped, tables as booktabs
//             tabulars (io::render_table latex_booktabs, which escapes the cells).
//   Markdown and LaTeX leave out empty lines (the text's spacing): their blocks are separated anyway.
// JSON is not drawn from a Document: each result has its own JSON shape (render/*_render.hpp).
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "trenchcoat/io/text_table.hpp"

namespace trenchcoat::render {

enum class Format { text, json, csv, markdown, latex };

// "text", "json", "csv", "markdown", "latex"; nullopt for anything else.
std::optional<Format> parse_format(const std::string& name);
// The names parse_format accepts, in the order above.
const std::vector<std::string>& format_names();

// A line of text: a heading, a note or a warning (no trailing newline).
struct Line {
  std::string text;
};

struct Document {
  std::vector<std::variant<Line, io::TextTable>> blocks;

  void line(std::string text) { blocks.emplace_back(Line{std::move(text)}); }
  void table(io::TextTable table) { blocks.emplace_back(std::move(table)); }
};

// Throws trenchcoat::Error for Format::json (a Document has no JSON form) or a table whose rows do not
// have one cell per header.
std::string render_document(const Document& document, Format format);

// The pieces, for tests and for formats that embed them.
std::string csv_field(const std::string& cell);
std::string markdown_cell(const std::string& cell);
std::string latex_text(const std::string& text);

}  // namespace trenchcoat::render
