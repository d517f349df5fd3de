#include "trenchcoat/render/reproduce_translation_render.hpp"

#include <cmath>

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

using json = nlohmann::ordered_json;
using runs::ReproduceTranslationResult;

std::string pct(double x) { return text::format_fixed(100.0 * x, 1); }

std::string accuracy_cell(const runs::TranslationAccuracy& a) {
  if (a.pairs == 0) return "-";
  std::string cell = pct(a.accuracy);
  if (a.interval) cell += " [" + pct(a.interval->lower) + ", " + pct(a.interval->upper) + "]";
  return cell;
}

std::string column_title(const std::string& difficulty, const std::string& direction) {
  return (difficulty == "easy" ? "EASY " : "HARD ") + direction;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string rule_line(const ReproduceTranslationResult& r) {
  return "pairs per source segment (M-RewardBench's rule): EASY = best- vs worst-rated output, gap >= " +
         text::python_float_repr(r.pairs.easy_min_gap) +
         "; HARD = the closest-rated two of the other outputs with gap >= " +
         text::python_float_repr(r.pairs.hard_min_gap) + "; human ties never pair; " +
         (r.pairs.per_subset == 0 ? std::string("every eligible pair kept")
                                  : std::to_string(r.pairs.per_subset) + " pairs per direction and difficulty") +
         ", seed " + std::to_string(r.pairs.seed);
}

std::string direction_line(const runs::TranslationDirection& d) {
  std::string line = d.direction + ": " + d.origin;
  if (d.kind == runs::TranslationInputKind::m_rewardbench) {
    line += "; " + std::to_string(d.easy) + " EASY and " + std::to_string(d.hard) + " HARD pairs as given";
    if (d.source_from_prompt) line += "; no source field: the prompt is the source";
    if (d.reference_system.empty()) line += "; no reference";
    return line;
  }
  line += "; reference " +
          (d.reference_system.empty() ? std::string("none") : d.reference_system + " (the reference, not a candidate)");
  if (!d.human_systems_left_out.empty()) line += "; human translations left out: " + join(d.human_systems_left_out);
  line +=
      "; " + std::to_string(d.candidates.size()) + " candidate systems, " + std::to_string(d.segments) + " segments";
  if (d.segments_without_reference > 0)
    line += " (+" + std::to_string(d.segments_without_reference) + " left out: no reference)";
  if (d.too_few_outputs > 0) line += ", " + std::to_string(d.too_few_outputs) + " with fewer than 2 rated outputs";
  line += "; EASY " + std::to_string(d.easy) + " pairs of " + std::to_string(d.easy_eligible) + " eligible, HARD " +
          std::to_string(d.hard) + " of " + std::to_string(d.hard_eligible);
  return line;
}

const runs::TranslationCalibration* method(const runs::TranslationScorerResult& s, meta::RecalibrationMethod m) {
  for (const auto& c : s.calibration)
    if (c.method == m) return &c;
  return nullptr;
}

std::string metric_cell(const runs::TranslationCalibration* c, double runs::TranslationCalibration::*field) {
  if (!c) return "-";
  if (!c->measured) return "n/a";
  return text::format_fixed(c->*field, 4);
}

// The tables of the result, cells formatted, shared by the Document and the figures.
io::TextTable accuracy_table(const ReproduceTranslationResult& r) {
  io::TextTable t;
  t.headers.push_back("scorer");
  for (const auto& s : r.subsets) {
    std::string direction, difficulty;
    for (const auto& acc : r.scorers.front().subsets)
      if (acc.subset == s) {
        direction = acc.direction;
        difficulty = acc.difficulty;
      }
    t.headers.push_back(column_title(difficulty, direction));
  }
  t.headers.insert(t.headers.end(), {"avg", "all pairs", "ties"});
  t.aligns.assign(t.headers.size(), io::Align::right);
  t.aligns[0] = io::Align::left;
  for (const auto& s : r.scorers) {
    std::vector<std::string> row{s.column + (s.lower_is_better ? " (lower is better)" : "") +
                                 (s.length_baseline ? " (baseline: longer wins)" : "")};
    for (const auto& a : s.subsets) row.push_back(accuracy_cell(a));
    row.push_back(pct(s.cell_mean));
    row.push_back(accuracy_cell(s.overall));
    row.push_back(std::to_string(s.overall.ties));
    t.rows.push_back(std::move(row));
  }
  return t;
}

io::TextTable significance_table(const ReproduceTranslationResult& r) {
  io::TextTable t{{"scorer a", "scorer b", "accuracy b - a", text::format_fixed(100 * r.confidence, 0) + "% interval",
                   "significant", "p (two-sided)", "pairs"},
                  {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::left,
                   io::Align::right, io::Align::right},
                  {}};
  for (const auto& c : r.comparisons)
    t.rows.push_back({c.a, c.b, pct(c.delta), "[" + pct(c.interval.lower) + ", " + pct(c.interval.upper) + "]",
                      c.significant ? "yes" : "no",
                      c.p_value > 0 ? text::format_fixed(c.p_value, 3)
                                    : "< " + text::python_float_repr(1.0 / static_cast<double>(r.bootstrap)),
                      std::to_string(c.pairs)});
  return t;
}

io::TextTable calibration_table(const ReproduceTranslationResult& r) {
  io::TextTable t{{"scorer", "ECE raw", "Brier raw", "T", "ECE temperature", "Brier temperature", "AUC"},
                  {io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right,
                   io::Align::right, io::Align::right},
                  {}};
  for (const auto& s : r.scorers) {
    const auto* raw = method(s, meta::RecalibrationMethod::raw);
    const auto* temp = method(s, meta::RecalibrationMethod::temperature);
    const auto* any = raw ? raw : temp;  // AUC: the same under any increasing map; raw is always measured
    t.rows.push_back({s.column, metric_cell(raw, &runs::TranslationCalibration::ece),
                      metric_cell(raw, &runs::TranslationCalibration::brier),
                      temp && temp->temperature ? text::format_fixed(*temp->temperature, 4) : "-",
                      metric_cell(temp, &runs::TranslationCalibration::ece),
                      metric_cell(temp, &runs::TranslationCalibration::brier),
                      any && any->measured && any->auc ? text::format_fixed(*any->auc, 4) : "-"});
  }
  return t;
}

io::TextTable published_table() {
  io::TextTable t;
  t.headers.push_back("M-RewardBench (published)");
  t.headers.push_back("avg");
  for (const char* difficulty : {"easy", "hard"})
    for (const auto& d : runs::published_m_rewardbench_directions()) t.headers.push_back(column_title(difficulty, d));
  t.aligns.assign(t.headers.size(), io::Align::right);
  t.aligns[0] = io::Align::left;
  for (const auto& p : runs::published_m_rewardbench_translation_rows()) {
    std::vector<std::string> row{p.model, text::format_fixed(p.avg, 1)};
    for (const double v : p.easy) row.push_back(text::format_fixed(v, 1));
    for (const double v : p.hard) row.push_back(text::format_fixed(v, 1));
    t.rows.push_back(std::move(row));
  }
  return t;
}

json table_figure(const std::string& title, const io::TextTable& t, const std::string& note = "") {
  json f;
  f["type"] = "table";
  f["title"] = title;
  f["columns"] = t.headers;
  f["rows"] = t.rows;
  if (!note.empty()) f["note"] = note;
  return f;
}

std::string tie_line(const ReproduceTranslationResult& r) {
  return "accuracy in %, chosen preferred over rejected; tie policy " + meta::tie_policy_name(r.tie) +
         " (a scorer's tie on a pair: " +
         (r.tie == meta::TiePolicy::strict       ? std::string("wrong")
          : r.tie == meta::TiePolicy::calibrated ? std::string("calibrated margin")
                                                 : std::string("half credit")) +
         ", counted under ties); " +
         (r.bootstrap > 0 ? text::format_fixed(100 * r.confidence, 0) + "% percentile bootstrap intervals, " +
                                std::to_string(r.bootstrap) + " resamples, seed " + std::to_string(r.seed)
                          : std::string("no intervals (--bootstrap 0)")) +
         "; avg = mean of the cells (M-RewardBench's Avg)";
}

std::string calibration_line(const ReproduceTranslationResult& r) {
  return "calibration of P(chosen better) = sigmoid((s_chosen - s_rejected) / T), pairs symmetrised: raw is T = 1, "
         "temperature is T fitted on " +
         std::to_string(r.calibration.folds - 1) + " of " + std::to_string(r.calibration.folds) +
         " folds and applied to the held-out one (cross-fitted, seed " + std::to_string(r.calibration.seed) +
         "); ECE with " + std::to_string(r.calibration.bins) +
         " equal-width bins; T fitted on all pairs; lower-is-better scores negated";
}

json figures_of(const ReproduceTranslationResult& r) {
  json figures = json::array();
  figures.push_back(
      table_figure("Preference accuracy (%) per direction and difficulty", accuracy_table(r), tie_line(r)));
  json bars;
  bars["type"] = "bars";
  bars["title"] = "Accuracy per direction and difficulty";
  bars["y_label"] = "accuracy (%)";
  json categories = json::array();
  for (const auto& a : r.scorers.front().subsets) categories.push_back(column_title(a.difficulty, a.direction));
  bars["categories"] = categories;
  bars["series"] = json::array();
  for (const auto& s : r.scorers) {
    json series;
    series["name"] = s.column;
    json values = json::array(), low = json::array(), high = json::array();
    for (const auto& a : s.subsets) {
      values.push_back(a.pairs > 0 ? json(100.0 * a.accuracy) : json(nullptr));
      low.push_back(a.interval && a.pairs > 0 ? json(100.0 * a.interval->lower) : json(nullptr));
      high.push_back(a.interval && a.pairs > 0 ? json(100.0 * a.interval->upper) : json(nullptr));
    }
    series["values"] = values;
    if (r.bootstrap > 0) {
      series["low"] = low;
      series["high"] = high;
    }
    bars["series"].push_back(series);
  }
  bars["reference_line"] = 50.0;
  figures.push_back(bars);
  if (!r.comparisons.empty())
    figures.push_back(table_figure("Paired significance between scorers", significance_table(r),
                                   "paired percentile bootstrap of the mean per-pair credit difference"));
  figures.push_back(table_figure("Calibration", calibration_table(r), calibration_line(r)));
  if (r.m_rewardbench_data)
    figures.push_back(
        table_figure("M-RewardBench published accuracies (Gureja et al. 2025, Tables 4 and 10)", published_table()));
  return figures;
}

json accuracy_json(const runs::TranslationAccuracy& a) {
  json j;
  if (!a.subset.empty()) {
    j["subset"] = a.subset;
    j["direction"] = a.direction;
    j["difficulty"] = a.difficulty;
  }
  j["accuracy"] = a.accuracy;
  if (a.interval) j["interval"] = {a.interval->lower, a.interval->upper};
  j["pairs"] = a.pairs;
  j["ties"] = a.ties;
  return j;
}

}  // namespace

json reproduce_translation_json(const ReproduceTranslationResult& r) {
  json j;
  j["kind"] = "reproduce translation";
  j["pair_rule"] = {{"easy_min_gap", r.pairs.easy_min_gap},
                    {"hard_min_gap", r.pairs.hard_min_gap},
                    {"pairs_per_subset", r.pairs.per_subset},
                    {"seed", r.pairs.seed},
                    {"description", rule_line(r)}};
  j["prompt_template"] = r.prompt_template;
  j["tie_policy"] = meta::tie_policy_name(r.tie);
  j["missing_policy"] = meta::missing_policy_name(r.missing);
  j["bootstrap"] = {{"resamples", r.bootstrap}, {"confidence", r.confidence}, {"seed", r.seed}};
  j["calibration"] = {{"folds", r.calibration.folds}, {"seed", r.calibration.seed}, {"bins", r.calibration.bins}};
  j["directions"] = json::array();
  for (const auto& d : r.directions) {
    json dj;
    dj["direction"] = d.direction;
    dj["input"] = runs::translation_input_kind_name(d.kind);
    dj["origin"] = d.origin;
    dj["reference_system"] = d.reference_system.empty() ? json(nullptr) : json(d.reference_system);
    dj["human_systems_left_out"] = d.human_systems_left_out;
    dj["candidates"] = d.candidates;
    dj["segments"] = d.segments;
    dj["segments_without_reference"] = d.segments_without_reference;
    dj["segments_with_too_few_outputs"] = d.too_few_outputs;
    dj["easy_eligible"] = d.easy_eligible;
    dj["hard_eligible"] = d.hard_eligible;
    dj["easy_pairs"] = d.easy;
    dj["hard_pairs"] = d.hard;
    if (d.source_from_prompt) dj["source_from_prompt"] = true;
    j["directions"].push_back(dj);
  }
  j["subsets"] = r.subsets;
  j["scorers"] = json::array();
  for (const auto& s : r.scorers) {
    json sj;
    sj["column"] = s.column;
    sj["scorer"] = s.name;
    sj["signature"] = s.signature;
    sj["direction"] = s.lower_is_better ? "lower" : "higher";
    sj["length_baseline"] = s.length_baseline;
    sj["overall"] = accuracy_json(s.overall);
    sj["cell_mean"] = s.cell_mean;
    sj["subsets"] = json::array();
    for (const auto& a : s.subsets) sj["subsets"].push_back(accuracy_json(a));
    sj["calibration"] = json::array();
    for (const auto& c : s.calibration) {
      json cj;
      cj["method"] = meta::recalibration_method_name(c.method);
      cj["measured"] = c.measured;
      if (!c.measured) cj["reason"] = c.reason;
      else {
        cj["ece"] = c.ece;
        cj["brier"] = c.brier;
        cj["auc"] = c.auc ? json(*c.auc) : json(nullptr);
      }
      if (c.temperature) cj["temperature"] = *c.temperature;
      sj["calibration"].push_back(cj);
    }
    j["scorers"].push_back(sj);
  }
  j["comparisons"] = json::array();
  for (const auto& c : r.comparisons)
    j["comparisons"].push_back({{"a", c.a},
                                {"b", c.b},
                                {"delta", c.delta},
                                {"interval", {c.interval.lower, c.interval.upper}},
                                {"significant", c.significant},
                                {"p_value", c.p_value},
                                {"pairs", c.pairs}});
  j["m_rewardbench_data"] = r.m_rewardbench_data;
  j["pairs_out"] = r.pairs_out.empty() ? json(nullptr) : json(r.pairs_out);
  j["figures"] = figures_of(r);
  return j;
}

Document reproduce_translation_document(const ReproduceTranslationResult& r) {
  Document doc;
  doc.line(rule_line(r));
  for (const auto& d : r.directions) doc.line(direction_line(d));
  doc.line("");
  doc.line(tie_line(r));
  doc.table(accuracy_table(r));
  if (!r.comparisons.empty()) {
    doc.line("");
    doc.line("paired significance: accuracy of b minus a on the same pairs, paired percentile bootstrap (" +
             std::to_string(r.bootstrap) + " resamples, seed " + std::to_string(r.seed) +
             "); significant: the interval excludes 0; p: twice the smaller share of resampled differences on one "
             "side of 0 (at most 1)");
    doc.table(significance_table(r));
  }
  doc.line("");
  doc.line(calibration_line(r));
  doc.table(calibration_table(r));
  for (const auto& s : r.scorers)
    for (const auto& c : s.calibration)
      if (!c.measured &&
          (c.method == meta::RecalibrationMethod::raw || c.method == meta::RecalibrationMethod::temperature))
        doc.line("n/a: " + s.column + ", " + meta::recalibration_method_name(c.method) + ": " + c.reason);
  if (r.m_rewardbench_data) {
    doc.line("");
    doc.line(
        "M-RewardBench's published accuracies on these pairs (Gureja et al. 2025, Tables 4 and 10), for reference:");
    doc.table(published_table());
  }
  if (!r.pairs_out.empty())
    doc.line("scored pairs: " + r.pairs_out +
             " (rerun: trenchcoat meta pairs --data FILE --scorer NAME [--direction lower]; trenchcoat meta calib "
             "--data FILE --scorer NAME [--direction lower])");
  return doc;
}

}  // namespace trenchcoat::render
