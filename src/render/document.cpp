#include "trenchcoat/render/document.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::render {
namespace {

void check_table(const io::TextTable& table) {
  if (table.aligns.size() != table.headers.size()) throw Error("render: a table needs one alignment per column");
  for (const auto& row : table.rows)
    if (row.size() != table.headers.size())
      throw Error("render: a table row has " + std::to_string(row.size()) + " cells for " +
                  std::to_string(table.headers.size()) + " columns");
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
  return out + "\r\n";
}

std::string markdown_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& cell : cells) out += " " + markdown_cell(cell) + " |";
  return out + "\n";
}

std::string markdown_table(const io::TextTable& table) {
  std::string out = markdown_row(table.headers) + "|";
  for (io::Align a : table.aligns) out += a == io::Align::left ? ":---|" : a == io::Align::right ? "---:|" : ":---:|";
  out += "\n";
  for (const auto& row : table.rows) out += markdown_row(row);
  return out;
}

}  // namespace

std::optional<Format> parse_format(const std::string& name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "csv") return Format::csv;
  if (name == "markdown") return Format::markdown;
  if (name == "latex") return Format::latex;
  return std::nullopt;
}

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names = {"text", "json", "csv", "markdown", "latex"};
  return names;
}

std::string csv_field(const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string markdown_cell(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else if (c != '\r') out += c;
  }
  return out;
}

std::string latex_text(const std::string& text) { return io::latex_escape(text); }

std::string render_document(const Document& document, Format format) {
  if (format == Format::json) throw Error("render: a document has no JSON form; render the result's JSON");
  std::string out;
  bool first_table = true;
  bool has_table = false;
  for (const auto& block : document.blocks) has_table = has_table || std::holds_alternative<io::TextTable>(block);
  for (const auto& block : document.blocks) {
    if (const auto* table = std::get_if<io::TextTable>(&block)) check_table(*table);
    // An empty line spaces the text; Markdown and LaTeX separate every block with one already.
    const auto* line = std::get_if<Line>(&block);
    if (line && line->text.empty() && (format == Format::markdown || format == Format::latex)) continue;
    switch (format) {
      case Format::text:
        if (line) out += line->text + "\n";
        else out += io::render_table(std::get<io::TextTable>(block), io::TableStyle::fancy_grid) + "\n";
        break;
      case Format::csv:
        if (const auto* table = std::get_if<io::TextTable>(&block)) {
          if (!first_table) out += "\r\n";
          first_table = false;
          out += csv_row(table->headers);
          for (const auto& row : table->rows) out += csv_row(row);
        } else if (!has_table) {
          out += csv_row({line->text});
        }
        break;
      case Format::markdown:
        if (!out.empty()) out += "\n";
        if (line) out += markdown_cell(line->text) + "\n";
        else out += markdown_table(std::get<io::TextTable>(block));
        break;
      case Format::latex:
        if (!out.empty()) out += "\n";
        if (line) out += latex_text(line->text) + "\n";
        else out += io::render_table(std::get<io::TextTable>(block), io::TableStyle::latex_booktabs) + "\n";
        break;
      case Format::json:
        break;
    }
  }
  return out;
}

}  // namespace trenchcoat::render
