#include "trenchcoat/io/text_table.hpp"

#include <algorithm>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::io {
namespace {

constexpr std::size_t kMinHeaderPadding = 2;

std::size_t visible_width(const std::string& s) { return text::code_point_count(s); }

std::string align_cell(const std::string& s, std::size_t width, Align align) {
  const std::size_t w = visible_width(s);
  if (w >= width) return s;
  const std::size_t gap = width - w;
  switch (align) {
    case Align::left:
      return s + std::string(gap, ' ');
    case Align::right:
      return std::string(gap, ' ') + s;
    case Align::center:
      return std::string(gap / 2, ' ') + s + std::string(gap - gap / 2, ' ');
  }
  return s;
}

std::string rstrip_spaces(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.pop_back();
  return s;
}

std::string join_row(const std::vector<std::string>& cells, const std::string& begin, const std::string& sep,
                     const std::string& end) {
  std::string line = begin;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += sep;
    line += cells[i];
  }
  return rstrip_spaces(line + end);
}

std::string rule(const std::vector<std::size_t>& padded_widths, const std::string& begin, const std::string& fill,
                 const std::string& sep, const std::string& end) {
  std::vector<std::string> cells;
  for (std::size_t w : padded_widths) {
    std::string c;
    for (std::size_t i = 0; i < w; ++i) c += fill;
    cells.push_back(c);
  }
  return join_row(cells, begin, sep, end);
}

}  // namespace

std::string latex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "\\&";
        break;
      case '%':
        out += "\\%";
        break;
      case '$':
        out += "\\$";
        break;
      case '#':
        out += "\\#";
        break;
      case '_':
        out += "\\_";
        break;
      case '^':
        out += "\\^{}";
        break;
      case '{':
        out += "\\{";
        break;
      case '}':
        out += "\\}";
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '<':
        out += "\\ensuremath{<}";
        break;
      case '>':
        out += "\\ensuremath{>}";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string render_table(const TextTable& table, TableStyle style) {
  const std::size_t n_cols = table.headers.size();
  if (table.aligns.size() != n_cols) throw Error("render_table: one alignment per column is needed");
  std::vector<std::size_t> widths(n_cols);
  for (std::size_t c = 0; c < n_cols; ++c) {
    widths[c] = visible_width(table.headers[c]) + kMinHeaderPadding;
    for (const auto& row : table.rows) widths[c] = std::max(widths[c], visible_width(row.at(c)));
  }
  // Cells aligned to their column, then padded by one space on each side.
  auto padded = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < n_cols; ++c)
      out.push_back(" " + align_cell(cells.at(c), widths[c], table.aligns[c]) + " ");
    return out;
  };
  std::vector<std::size_t> padded_widths;
  for (std::size_t w : widths) padded_widths.push_back(w + 2);

  std::vector<std::string> lines;
  if (style == TableStyle::fancy_grid) {
    lines.push_back(rule(padded_widths, "╒", "═", "╤", "╕"));
    lines.push_back(join_row(padded(table.headers), "│", "│", "│"));
    lines.push_back(rule(padded_widths, "╞", "═", "╪", "╡"));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      if (r) lines.push_back(rule(padded_widths, "├", "─", "┼", "┤"));
      lines.push_back(join_row(padded(table.rows[r]), "│", "│", "│"));
    }
    lines.push_back(rule(padded_widths, "╘", "═", "╧", "╛"));
  } else {
    std::string columns;
    for (Align a : table.aligns) columns += a == Align::left ? "l" : a == Align::right ? "r" : "c";
    lines.push_back("\\begin{tabular}{" + columns + "}\n\\toprule");
    auto latex_row = [&](const std::vector<std::string>& cells) {
      std::vector<std::string> escaped;
      for (const auto& cell : padded(cells)) escaped.push_back(latex_escape(cell));
      return join_row(escaped, "", "&", "\\\\");
    };
    lines.push_back(latex_row(table.headers));
    lines.push_back("\\midrule");
    for (const auto& row : table.rows) lines.push_back(latex_row(row));
    lines.push_back("\\bottomrule\n\\end{tabular}");
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

}  // namespace trenchcoat::io
