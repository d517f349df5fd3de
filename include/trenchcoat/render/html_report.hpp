#pragma once
// The HTML report: one self-contained page (inline CSS and inline SVG; no scripts, no fonts, images or
// style sheets from elsewhere), deterministic byte for byte for the same report (nothing in it comes
// from the clock or the machine). A report is a title, the list of its inputs, and one section per
// input holding figures in order: charts (charts.hpp), tables and paragraphs.
#include <string>
#include <variant>
#include <vector>

#include "trenchcoat/render/charts.hpp"

namespace trenchcoat::render {

// A table whose cells are already formatted; `numeric[c]` right-aligns column c.
struct TableFigure {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;
  std::string note;
};

// A paragraph of text (a summary line or a note such as "no reliability bins in this result").
struct Paragraph {
  std::string text;
};

using ReportFigure =
    std::variant<Paragraph, TableFigure, ScatterChart, LineChart, BarChart, ReliabilityChart, HeatmapChart>;

struct ReportSection {
  std::string heading;  // e.g. "meta corr"
  std::string source;   // the input file's name as given
  std::vector<ReportFigure> figures;
};

struct Report {
  std::string title;
  std::string date;  // shown under the title when not empty (never taken from the clock)
  std::vector<ReportSection> sections;
};

// The page. Each chart is a <figure class="chart"> with a <figcaption> (its title) and one <svg>;
// each table a <figure class="table">.
std::string report_html(const Report& report);

}  // namespace trenchcoat::render
