// The report's probe section (report_sections.hpp).
#include "report_sections.hpp"
#include "trenchcoat/render/markup.hpp"

namespace trenchcoat::render {
namespace {

std::string interval_cell(const ResultJson& node, const std::string& key, int decimals) {
  if (!node.given(key)) return "";
  const auto v = node.numbers(key);
  if (v.size() != 2) ResultJson::fail(node.path() + "." + key, "not a pair of numbers");
  return "[" + shown_number(v[0], decimals) + ", " + shown_number(v[1], decimals) + "]";
}

}  // namespace

ReportSection probe_section(const ResultJson& r) {
  ReportSection section;
  section.heading = "probe";
  const ResultJson bootstrap = r.at("bootstrap");
  const double confidence = bootstrap.number("confidence");
  section.figures.push_back(Paragraph{r.string("data") + ": " + table_number(r.number("items")) + " items (" +
                                      r.optional_string("layout") + "), seed " + table_number(r.number("seed")) +
                                      "; failure: " + r.string("failure") + "; " + table_number(confidence * 100) +
                                      "% bootstrap intervals over " + table_number(bootstrap.number("resamples")) +
                                      " resamples"});
  std::vector<std::string> scorers;
  for (const auto& s : r.items("scorers")) scorers.push_back(s.string("name"));
  BarChart bars;
  bars.title = "Failure rate per probe and scorer, with " + table_number(confidence * 100) + "% intervals";
  bars.y_label = "failure rate";
  bars.y_range = std::pair<double, double>{0, 1};
  for (const auto& s : scorers) bars.series.push_back(BarSeries{s, {}, {}, {}});
  TableFigure table;
  table.title = "Failure rates and score shifts (variant - original)";
  table.columns = {"probe", "scorer", "items", "failure rate", "interval", "mean shift", "interval", "skipped"};
  table.numeric = {false, false, true, true, true, true, true, false};
  for (const auto& p : r.items("probes")) {
    const std::string probe = p.string("probe");
    bars.categories.push_back(probe);
    std::string skipped;
    if (p.given("skipped"))
      for (const auto& [reason, count] : p.at("skipped").node().items())
        skipped += (skipped.empty() ? "" : "; ") + reason + ": " + table_number(ResultJson(count, "").number());
    for (auto& series : bars.series) {
      series.values.emplace_back();
      series.low.emplace_back();
      series.high.emplace_back();
    }
    for (const auto& s : p.items("results")) {
      const std::string scorer = s.string("scorer");
      const bool measured = s.given("failure_rate");
      table.rows.push_back(
          {probe, scorer, table_number(s.number("items")), measured ? shown_number(s.number("failure_rate"), 3) : "",
           interval_cell(s, "failure_rate_interval", 3), measured ? shown_number(s.number("mean_shift"), 4) : "",
           interval_cell(s, "mean_shift_interval", 4), skipped});
      for (std::size_t i = 0; i < scorers.size(); ++i) {
        if (scorers[i] != scorer || !measured) continue;
        bars.series[i].values.back() = s.number("failure_rate");
        if (s.given("failure_rate_interval")) {
          const auto v = s.numbers("failure_rate_interval");
          if (v.size() == 2) {
            bars.series[i].low.back() = v[0];
            bars.series[i].high.back() = v[1];
          }
        }
      }
    }
  }
  section.figures.push_back(std::move(bars));
  section.figures.push_back(std::move(table));
  return section;
}

}  // namespace trenchcoat::render
