// The report's section of a result with "kind" and "figures" (report_sections.hpp): each figure drawn
// by its "type" (table, bars, lines, heatmap), in order.
#include <cctype>

#include "report_sections.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

// A cell: a string as it is, null as empty, a number rounded to 4 decimals without trailing zeros
// (0.56 -> "0.56", 12 -> "12", 0.123456 -> "0.1235").
std::string cell_text(const ResultJson& cell) {
  if (cell.node().is_string()) return cell.string();
  if (cell.node().is_null()) return "";
  std::string text = table_number(cell.number());
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    if (text == "-0") text = "0";
  }
  return text;
}

// Right-aligned: a number, or a string that starts like one ("0.83", "-1.2", "[0.71, 0.90]", "95%").
bool numeric_cell(const nlohmann::ordered_json& cell) {
  if (cell.is_number() || cell.is_null()) return true;
  if (!cell.is_string()) return false;
  const std::string& s = cell.get_ref<const std::string&>();
  if (s.empty()) return true;
  std::size_t i = s[0] == '[' || s[0] == '-' || s[0] == '+' ? 1 : 0;
  if (i < s.size() && s[i] == '-') ++i;
  return i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.');
}

void check_length(const ResultJson& node, const std::string& key, std::size_t size, std::size_t expected,
                  const std::string& what) {
  if (size != expected)
    ResultJson::fail(node.path() + "." + key,
                     "has " + std::to_string(size) + " entries for " + std::to_string(expected) + " " + what);
}

TableFigure table_figure(const ResultJson& f) {
  TableFigure t;
  t.title = f.string("title");
  t.columns = f.strings("columns");
  t.note = f.optional_string("note");
  t.numeric.assign(t.columns.size(), true);
  for (const auto& row : f.items("rows")) {
    const auto cells = row.elements();
    if (cells.size() != t.columns.size())
      ResultJson::fail(row.path(), "has " + std::to_string(cells.size()) + " cells for " +
                                       std::to_string(t.columns.size()) + " columns");
    std::vector<std::string> texts;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      texts.push_back(cell_text(cells[c]));
      t.numeric[c] = t.numeric[c] && numeric_cell(cells[c].node());
    }
    t.rows.push_back(std::move(texts));
  }
  return t;
}

BarChart bars_figure(const ResultJson& f) {
  BarChart b;
  b.title = f.string("title");
  b.y_label = f.optional_string("y_label");
  b.categories = f.strings("categories");
  for (const auto& s : f.items("series")) {
    BarSeries series{s.string("name"), s.optional_numbers("values"), {}, {}};
    check_length(s, "values", series.values.size(), b.categories.size(), "categories");
    if (s.given("low")) {
      series.low = s.optional_numbers("low");
      check_length(s, "low", series.low.size(), b.categories.size(), "categories");
    }
    if (s.given("high")) {
      series.high = s.optional_numbers("high");
      check_length(s, "high", series.high.size(), b.categories.size(), "categories");
    }
    b.series.push_back(std::move(series));
  }
  if (const auto ref = f.optional_number("reference_line")) {
    b.reference_line = *ref;
    b.reference_label = "reference: " + text::python_float_repr(*ref);
  }
  return b;
}

LineChart lines_figure(const ResultJson& f) {
  LineChart l;
  l.title = f.string("title");
  l.x_label = f.optional_string("x_label");
  l.y_label = f.optional_string("y_label");
  for (const auto& s : f.items("series")) {
    LineSeries series{s.string("name"), s.numbers("x"), s.numbers("y")};
    check_length(s, "y", series.y.size(), series.x.size(), "x values");
    l.series.push_back(std::move(series));
  }
  return l;
}

HeatmapChart heatmap_figure(const ResultJson& f) {
  HeatmapChart h;
  h.title = f.string("title");
  h.rows = f.strings("rows");
  h.columns = f.strings("columns");
  const auto values = f.items("values");
  check_length(f, "values", values.size(), h.rows.size(), "rows");
  for (const auto& row : values) {
    std::vector<std::optional<double>> v;
    for (const auto& e : row.elements()) {
      if (e.node().is_null()) {
        v.emplace_back();
      } else {
        v.emplace_back(e.number());
      }
    }
    if (v.size() != h.columns.size())
      ResultJson::fail(row.path(), "has " + std::to_string(v.size()) + " values for " +
                                       std::to_string(h.columns.size()) + " columns");
    h.values.push_back(std::move(v));
  }
  if (f.given("labels")) {
    const auto labels = f.items("labels");
    check_length(f, "labels", labels.size(), h.rows.size(), "rows");
    for (const auto& row : labels) {
      std::vector<std::string> l;
      for (const auto& e : row.elements()) l.push_back(cell_text(e));
      if (l.size() != h.columns.size())
        ResultJson::fail(row.path(), "has " + std::to_string(l.size()) + " labels for " +
                                         std::to_string(h.columns.size()) + " columns");
      h.labels.push_back(std::move(l));
    }
  }
  return h;
}

}  // namespace

ReportSection figures_section(const ResultJson& r) {
  ReportSection section;
  section.heading = r.string("kind");
  const auto figures = r.items("figures");
  if (figures.empty()) section.figures.push_back(Paragraph{"This result has no figures."});
  for (const auto& f : figures) {
    const std::string type = f.string("type");
    if (type == "table") {
      section.figures.push_back(table_figure(f));
    } else if (type == "bars") {
      section.figures.push_back(bars_figure(f));
    } else if (type == "lines") {
      section.figures.push_back(lines_figure(f));
    } else if (type == "heatmap") {
      section.figures.push_back(heatmap_figure(f));
    } else {
      ResultJson::fail(f.path() + ".type", "unknown figure type '" + type + "' (table, bars, lines or heatmap)");
    }
  }
  return section;
}

}  // namespace trenchcoat::render
