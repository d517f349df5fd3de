// The report's meta calib section (report_sections.hpp).
#include "report_sections.hpp"
#include "trenchcoat/render/markup.hpp"

namespace trenchcoat::render {
namespace {

std::string fit_text(const ResultJson& method) {
  if (!method.given("fit_on_all")) return "";
  const ResultJson fit = method.at("fit_on_all");
  if (fit.given("temperature")) return "T = " + shown_number(fit.number("temperature"), 4);
  if (fit.given("a")) return "A = " + shown_number(fit.number("a"), 4) + ", B = " + shown_number(fit.number("b"), 4);
  if (fit.given("knots")) return table_number(fit.number("knots")) + " knots";
  return "";
}

std::string optional_cell(const ResultJson& node, const std::string& key) {
  const auto v = node.optional_number(key);
  return v ? shown_number(*v, 4) : "n/a";
}

}  // namespace

ReportSection meta_calib_section(const ResultJson& r) {
  ReportSection section;
  section.heading = "meta calib";
  section.figures.push_back(Paragraph{r.string("reading") + "; " + table_number(r.number("folds")) +
                                      "-fold cross-fitting, seed " + table_number(r.number("seed")) + "; " +
                                      table_number(r.number("bins")) + " bins (" + r.optional_string("binning") +
                                      "); every figure measured out of sample"});
  for (const auto& scorer : r.items("scorers")) {
    const std::string name = scorer.string("name");
    const bool pairs = scorer.has("pairs");
    TableFigure table;
    table.title = name + ": calibration before and after recalibration (" +
                  table_number(scorer.number(pairs ? "pairs" : "samples")) + (pairs ? " pairs)" : " samples)");
    table.columns = {"method", "fit on all", "ECE", "ECE (mass)", "MCE", "Brier",
                     "REL",    "RES",        "AUC", "log loss",   "note"};
    table.numeric = {false, false, true, true, true, true, true, true, true, true, false};
    std::vector<ReportFigure> diagrams;
    for (const auto& method : scorer.items("methods")) {
      const std::string m = method.string("method");
      const bool measured = method.at("measured").node().is_boolean() && method.at("measured").node().get<bool>();
      if (!measured || !method.given("overall")) {
        // The reason can be long: below the table, so that the row stays one line.
        const std::string reason = method.optional_string("reason");
        table.rows.push_back({m, fit_text(method), "", "", "", "", "", "", "", "", "not measured (below)"});
        table.note +=
            (table.note.empty() ? "" : " ") + m + " not measured: " + reason + (reason.ends_with(".") ? "" : ".");
        continue;
      }
      const ResultJson o = method.at("overall");
      const ResultJson brier = o.at("brier_decomposition");
      table.rows.push_back({m, fit_text(method), shown_number(o.number("ece"), 4),
                            shown_number(o.number("ece_equal_mass"), 4), shown_number(o.number("mce"), 4),
                            shown_number(o.number("brier"), 4), shown_number(brier.number("reliability"), 4),
                            shown_number(brier.number("resolution"), 4), optional_cell(o, "auc"),
                            shown_number(o.number("log_loss"), 4), method.optional_string("note")});
      if (!o.given("reliability") || !o.at("reliability").given("bins")) {
        diagrams.push_back(
            Paragraph{name + ", " + m + ": this result has no reliability bins, so no reliability diagram is drawn."});
        continue;
      }
      ReliabilityChart chart;
      chart.title = name + ", " + m + ": reliability diagram (ECE " + shown_number(o.number("ece"), 4) + ")";
      for (const auto& b : o.at("reliability").items("bins")) {
        ReliabilityBin bin;
        bin.lower = b.number("lower");
        bin.upper = b.number("upper");
        const double count = b.number("count");
        bin.count = count > 0 ? static_cast<std::size_t>(count) : 0;
        bin.confidence = b.optional_number("confidence");
        bin.accuracy = b.optional_number("accuracy");
        chart.bins.push_back(bin);
      }
      diagrams.push_back(std::move(chart));
    }
    section.figures.push_back(std::move(table));
    for (auto& d : diagrams) section.figures.push_back(std::move(d));
  }
  return section;
}

}  // namespace trenchcoat::render
