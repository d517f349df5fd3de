#include "trenchcoat/render/html_report.hpp"

#include "trenchcoat/render/markup.hpp"

namespace trenchcoat::render {
namespace {

constexpr const char* kStyle =
    R"(body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; background: #fff; margin: 24px; max-width: 1380px; }
h1 { font-size: 24px; margin: 0 0 4px 0; }
h2 { font-size: 19px; margin: 32px 0 8px 0; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
h2 .source { font-size: 14px; font-weight: normal; color: #555; font-family: "DejaVu Sans Mono", monospace; }
p { margin: 6px 0; max-width: 1200px; line-height: 1.4; }
p.date { color: #555; }
nav ol { margin: 8px 0; padding-left: 24px; }
nav .kind { color: #555; }
figure { margin: 12px 0; }
figure.chart { display: inline-block; vertical-align: top; margin: 8px 16px 8px 0; padding: 8px; border: 1px solid #ddd; background: #fff; }
figure.chart svg { display: block; }
figcaption { font-weight: bold; font-size: 14px; margin-bottom: 6px; max-width: 640px; }
figure.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
th { background: #f0f0f0; border-bottom: 2px solid #bbb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.note { font-size: 13px; color: #444; }
)";

std::string table_html(const TableFigure& t) {
  std::string out = "<figure class=\"table\">\n";
  if (!t.title.empty()) out += "<figcaption>" + escape_markup(t.title) + "</figcaption>\n";
  auto cell_class = [&](std::size_t c) {
    return c < t.numeric.size() && t.numeric[c] ? std::string(" class=\"num\"") : std::string();
  };
  out += "<table>\n<thead><tr>";
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    out += "<th" + cell_class(c) + ">" + escape_markup(t.columns[c]) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) out += "<td" + cell_class(c) + ">" + escape_markup(row[c]) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!t.note.empty()) out += "<p class=\"note\">" + escape_markup(t.note) + "</p>\n";
  return out + "</figure>\n";
}

std::string chart_html(const std::string& title, const std::string& svg) {
  return "<figure class=\"chart\">\n<figcaption>" + escape_markup(title) + "</figcaption>\n" + svg + "</figure>\n";
}

struct FigureHtml {
  std::string operator()(const Paragraph& p) const { return "<p>" + escape_markup(p.text) + "</p>\n"; }
  std::string operator()(const TableFigure& t) const { return table_html(t); }
  std::string operator()(const ScatterChart& c) const { return chart_html(c.title, scatter_svg(c)); }
  std::string operator()(const LineChart& c) const { return chart_html(c.title, line_svg(c)); }
  std::string operator()(const BarChart& c) const { return chart_html(c.title, bar_svg(c)); }
  std::string operator()(const ReliabilityChart& c) const { return chart_html(c.title, reliability_svg(c)); }
  std::string operator()(const HeatmapChart& c) const { return chart_html(c.title, heatmap_svg(c)); }
};

}  // namespace

std::string report_html(const Report& report) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      escape_markup(report.title) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n<header>\n<h1>" +
      escape_markup(report.title) + "</h1>\n";
  if (!report.date.empty()) out += "<p class=\"date\">" + escape_markup(report.date) + "</p>\n";
  out += "<nav>\n<ol>\n";
  for (std::size_t i = 0; i < report.sections.size(); ++i) {
    const auto& s = report.sections[i];
    out += "<li><a href=\"#result-" + std::to_string(i + 1) + "\">" + escape_markup(s.source) +
           "</a> <span class=\"kind\">(" + escape_markup(s.heading) + ")</span></li>\n";
  }
  out += "</ol>\n</nav>\n</header>\n";
  for (std::size_t i = 0; i < report.sections.size(); ++i) {
    const auto& s = report.sections[i];
    out += "<section class=\"result\" id=\"result-" + std::to_string(i + 1) + "\">\n<h2>" + std::to_string(i + 1) +
           ". " + escape_markup(s.heading) + " <span class=\"source\">" + escape_markup(s.source) + "</span></h2>\n";
    for (const auto& figure : s.figures) out += std::visit(FigureHtml{}, figure);
    out += "</section>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace trenchcoat::render
