// The report's meta corr section (report_sections.hpp).
#include <cmath>

#include "report_sections.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {

std::string table_number(double value, int decimals) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) return shown_number(value, 0);
  return shown_number(value, decimals);
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

namespace {

std::string interval_text(const ResultJson& row) {
  if (!row.given("interval")) return "";
  const auto v = row.numbers("interval");
  if (v.size() != 2) ResultJson::fail(row.path() + ".interval", "not a pair of numbers");
  return "[" + shown_number(v[0], 4) + ", " + shown_number(v[1], 4) + "]";
}

}  // namespace

ReportSection meta_corr_section(const ResultJson& r) {
  ReportSection section;
  section.heading = "meta corr";
  const std::string statistic = r.string("statistic");
  const std::string gold = r.string("gold");
  section.figures.push_back(Paragraph{statistic + ", grouping " + r.optional_string("group") + ", " +
                                      table_number(r.number("systems")) + " systems x " +
                                      table_number(r.number("items")) + " items (level " + r.optional_string("level") +
                                      "); gold scores: " + gold});
  const auto metrics = r.items("metrics");
  const bool ranked = !metrics.empty() && metrics.front().has("rank");
  TableFigure table;
  table.title = "Agreement with the gold scores (" + statistic + ")";
  if (ranked) table.columns.push_back("rank");
  table.columns.insert(table.columns.end(), {"metric", statistic, "groups"});
  bool intervals = false, warnings = false;
  for (const auto& m : metrics) {
    intervals = intervals || m.given("interval");
    warnings = warnings || m.given("warning");
  }
  if (intervals) table.columns.push_back("interval");
  if (warnings) table.columns.push_back("warning");
  for (const auto& c : table.columns) table.numeric.push_back(c != "metric" && c != "warning");
  BarChart bars;
  bars.title = statistic + " per metric" + (intervals ? " with bootstrap intervals" : "");
  bars.y_label = statistic;
  BarSeries series{statistic, {}, {}, {}};
  for (const auto& m : metrics) {
    std::vector<std::string> row;
    if (ranked) row.push_back(table_number(m.number("rank")));
    row.insert(row.end(), {m.string("metric"), shown_number(m.number("value"), 4), table_number(m.number("groups"))});
    if (intervals) row.push_back(interval_text(m));
    if (warnings) row.push_back(m.optional_string("warning"));
    table.rows.push_back(row);
    bars.categories.push_back(m.string("metric"));
    series.values.emplace_back(m.number("value"));
    if (m.given("interval")) {
      const auto v = m.numbers("interval");
      series.low.emplace_back(v.at(0));
      series.high.emplace_back(v.at(1));
    } else {
      series.low.emplace_back();
      series.high.emplace_back();
    }
  }
  bars.series.push_back(std::move(series));
  section.figures.push_back(std::move(table));
  if (metrics.size() > 1) section.figures.push_back(std::move(bars));

  if (r.given("significance")) {
    const ResultJson s = r.at("significance");
    TableFigure clusters;
    clusters.title = "Significance clusters (" + s.string("test") + ", " + table_number(s.number("resamples")) +
                     " resamples, alpha " + text::python_float_repr(s.number("alpha")) + ")";
    clusters.columns = {"rank", "metric", statistic};
    const auto p = s.items("p_values");
    for (const auto& m : metrics) clusters.columns.push_back("p vs " + m.string("metric"));
    for (std::size_t c = 0; c < clusters.columns.size(); ++c) clusters.numeric.push_back(c != 1);
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      std::vector<std::string> row = {metrics[i].given("rank") ? table_number(metrics[i].number("rank")) : "",
                                      metrics[i].string("metric"), shown_number(metrics[i].number("value"), 4)};
      const auto pi = i < p.size() ? p[i].elements() : std::vector<ResultJson>{};
      for (std::size_t j = 0; j < metrics.size(); ++j)
        row.push_back(j > i && j < pi.size() ? shown_number(pi[j].number(), 4) : "");
      clusters.rows.push_back(row);
    }
    clusters.note =
        "p vs M: p-value of 'this metric is better than M'; metrics of one rank are not significantly different, a "
        "p-value at or below alpha starts a new rank.";
    section.figures.push_back(std::move(clusters));
  }

  if (!r.given("points")) {
    section.figures.push_back(Paragraph{
        "No per-entry scores in this result, so no scatter plots: run `trenchcoat meta corr` with --points to "
        "include them."});
    return section;
  }
  const ResultJson points = r.at("points");
  const auto gold_values = points.numbers("gold");
  const auto per_metric = points.items("metrics");
  if (per_metric.size() != metrics.size())
    ResultJson::fail(points.path() + ".metrics", "has " + std::to_string(per_metric.size()) + " entries for " +
                                                     std::to_string(metrics.size()) + " metrics");
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    ScatterChart chart;
    chart.title = metrics[m].string("metric") + " against the gold scores (" +
                  table_number(static_cast<double>(gold_values.size())) + " entries)";
    chart.x_label = "gold: " + base_name(gold);
    chart.y_label = metrics[m].string("metric");
    chart.x = gold_values;
    for (const auto& v : per_metric[m].elements()) chart.y.push_back(v.number());
    if (chart.y.size() != chart.x.size())
      ResultJson::fail(per_metric[m].path(), "has " + std::to_string(chart.y.size()) + " scores for " +
                                                 std::to_string(chart.x.size()) + " gold scores");
    section.figures.push_back(std::move(chart));
  }
  return section;
}

}  // namespace trenchcoat::render
