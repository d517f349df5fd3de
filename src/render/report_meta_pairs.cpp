// The report's meta pairs section (report_sections.hpp).
#include <algorithm>

#include "report_sections.hpp"
#include "trenchcoat/render/markup.hpp"

namespace trenchcoat::render {
namespace {

std::optional<std::pair<double, double>> pair_of(const ResultJson& node, const std::string& key) {
  if (!node.given(key)) return std::nullopt;
  const auto v = node.numbers(key);
  if (v.size() != 2) ResultJson::fail(node.path() + "." + key, "not a pair of numbers");
  return std::pair<double, double>{v[0], v[1]};
}

std::string group_cell(const ResultJson& bias, const std::string& key) {
  if (!bias.given(key)) return "";
  const ResultJson g = bias.at(key);
  const auto acc = g.optional_number("scorer_accuracy");
  return (acc ? shown_number(*acc, 4) : "n/a") + " (" + table_number(g.number("examples")) + ")";
}

}  // namespace

ReportSection meta_pairs_section(const ResultJson& r) {
  ReportSection section;
  section.heading = "meta pairs";
  const std::vector<ResultJson> results = r.has("scorers") ? r.items("scorers") : std::vector<ResultJson>{r};
  const std::string scheme = results.front().string("scheme");
  const std::string overall = scheme == "plain" ? "all pairs" : "score (" + scheme + ")";
  section.figures.push_back(
      Paragraph{table_number(static_cast<double>(results.size())) + (results.size() == 1 ? " scorer" : " scorers") +
                ", scheme " + scheme + " (" + results.front().optional_string("scheme_choice") + "), tie policy " +
                results.front().string("tie_policy") + ": " + results.front().optional_string("tie_policy_meaning")});
  // Categories: the overall score, then every subset in order of first appearance.
  std::vector<std::string> categories = {overall};
  for (const auto& res : results)
    for (const auto& s : res.items("subsets")) {
      const std::string name = s.string("subset");
      if (std::find(categories.begin(), categories.end(), name) == categories.end()) categories.push_back(name);
    }
  auto index_of = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(categories.begin(), categories.end(), name) - categories.begin());
  };
  BarChart bars;
  bars.y_label = scheme == "plain" ? "accuracy" : "accuracy / score";
  bars.y_range = std::pair<double, double>{0, 1};
  bars.reference_line = 0.5;
  bars.reference_label = "chance (0.5)";
  bars.categories = categories;
  bool any_interval = false;
  std::optional<BarSeries> baseline;
  TableFigure table;
  table.title = "Preference accuracy and length bias";
  table.columns = {"scorer",           "examples",        scheme == "plain" ? "accuracy" : "score",
                   "interval",         "length baseline", "accuracy where chosen is shorter (n)",
                   "where longer (n)", "equal length (n)"};
  table.numeric = {false, true, true, true, true, true, true, true};
  for (const auto& res : results) {
    const std::size_t n = categories.size();
    BarSeries series{res.string("scorer"), std::vector<std::optional<double>>(n), std::vector<std::optional<double>>(n),
                     std::vector<std::optional<double>>(n)};
    series.values[0] = res.number("score");
    const auto overall_interval = pair_of(res, "accuracy_interval");
    if (overall_interval) {
      series.low[0] = overall_interval->first;
      series.high[0] = overall_interval->second;
      any_interval = true;
    }
    for (const auto& s : res.items("subsets")) {
      const std::size_t i = index_of(s.string("subset"));
      series.values[i] = s.number("accuracy");
      if (const auto iv = pair_of(s, "interval")) {
        series.low[i] = iv->first;
        series.high[i] = iv->second;
        any_interval = true;
      }
    }
    bars.series.push_back(std::move(series));
    const ResultJson bias = res.at("length_bias");
    const bool lengths = bias.optional_string("source") != "none" && bias.given("length_baseline_score");
    table.rows.push_back(
        {res.string("scorer"), table_number(res.number("examples")), shown_number(res.number("score"), 4),
         overall_interval
             ? "[" + shown_number(overall_interval->first, 4) + ", " + shown_number(overall_interval->second, 4) + "]"
             : "",
         lengths ? shown_number(bias.number("length_baseline_score"), 4) : "n/a", group_cell(bias, "chosen_shorter"),
         group_cell(bias, "chosen_longer"), group_cell(bias, "equal_length")});
    // The length baseline (prefer the longer answer) once, from the first scorer with lengths: it does
    // not depend on the scorer.
    if (lengths && !baseline) {
      baseline = BarSeries{"length baseline", std::vector<std::optional<double>>(n), {}, {}};
      baseline->values[0] = bias.number("length_baseline_score");
      if (bias.given("subsets"))
        for (const auto& s : bias.items("subsets")) {
          const std::size_t i = index_of(s.string("subset"));
          if (i < n) baseline->values[i] = s.optional_number("length_baseline");
        }
    }
  }
  if (baseline) bars.series.push_back(std::move(*baseline));
  bars.title = std::string(scheme == "plain" ? "Accuracy" : "Score and subset accuracy") + " per subset" +
               (any_interval ? " with bootstrap intervals" : "") + (baseline ? ", beside the length baseline" : "");
  section.figures.push_back(std::move(bars));
  table.note =
      "length baseline: the same scheme and tie policy with the completions' lengths as scores (prefer the longer); "
      "the last three columns: the scorer's accuracy on the pairs where the chosen completion is the shorter, the "
      "longer, or of equal length.";
  section.figures.push_back(std::move(table));
  return section;
}

}  // namespace trenchcoat::render
