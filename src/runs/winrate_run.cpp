#include "trenchcoat/runs/winrate_run.hpp"

#include <cmath>
#include <limits>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/row_values.hpp"
#include "trenchcoat/runs/request_error.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::runs {
namespace {

std::optional<double> optional_number(const io::Dataset& d, const io::DatasetRow& row, const std::string& field) {
  return io::row_number(d, row, field, {.allow_missing = true, .allow_bool = false});
}

double required_number(const io::Dataset& d, const io::DatasetRow& row, const std::string& field) {
  return *io::row_number(d, row, field);
}

double text_length(const io::Dataset& d, const io::DatasetRow& row, const std::string& field) {
  const auto it = row.value.find(field);
  if (it == row.value.end() || !it->is_string())
    throw Error(d.name, row.line, "no text in '" + field + "' (or give --len-baseline and --len-model)");
  const std::string s = it->get<std::string>();
  if (text::find_invalid_utf8(s)) throw Error(d.name, row.line, "'" + field + "' is not valid UTF-8");
  return static_cast<double>(text::code_point_count(s));
}

}  // namespace

WinrateResult run_winrate(const WinrateRequest& q) {
  if (q.len_baseline.empty() != q.len_model.empty()) throw RequestError("--len-baseline and --len-model go together");
  const std::string &data = q.data, &preference_field = q.preference_field, &probability_field = q.probability_field,
                    &len_baseline = q.len_baseline, &len_model = q.len_model, &baseline_field = q.baseline_field,
                    &model_field = q.model_field, &difficulty_field = q.difficulty_field;
  const io::Dataset dataset = io::read_dataset(data);
  if (dataset.rows.empty()) throw Error(dataset.name, 0, "no rows");
  std::vector<double> preferences, lb, lm, difficulty, y;
  // A probability of "chosen better" on preference rows: the model is the chosen side, the baseline
  // the rejected one, and the lengths come from those texts, not from output_1 / output_2.
  std::optional<scoring::DatasetLayout> chosen_sides;
  if (!probability_field.empty() && len_baseline.empty() && !q.text_fields_named) {
    try {
      const scoring::DatasetLayout layout = scoring::detect_layout(dataset);
      if (layout.is_preference()) chosen_sides = layout;
    } catch (const Error&) {
      // Not preference rows: output_1 = baseline, output_2 = model, as AlpacaEval's annotations.
    }
  }
  bool any_difficulty = false;
  for (const auto& row : dataset.rows)
    if (optional_number(dataset, row, difficulty_field)) any_difficulty = true;
  for (const auto& row : dataset.rows) {
    double pref = std::numeric_limits<double>::quiet_NaN();
    if (!probability_field.empty()) {
      if (const auto p = optional_number(dataset, row, probability_field)) {
        if (!(*p >= 0.0 && *p <= 1.0))
          throw Error(dataset.name, row.line, "'" + probability_field + "' is not a probability in [0, 1]");
        pref = 1.0 + *p;
      }
    } else if (const auto p = optional_number(dataset, row, preference_field)) {
      if (!(*p == 0.0 || (*p >= 1.0 && *p <= 2.0)))
        throw Error(dataset.name, row.line,
                    "'" + preference_field + "' = " + text::python_float_repr(*p) +
                        " is not a preference (1 to 2, or 0 for a draw)");
      pref = *p;
    }
    preferences.push_back(pref);
    y.push_back(std::isnan(pref) ? pref : (pref == 0.0 ? 0.5 : pref - 1.0));
    if (chosen_sides) {
      const scoring::RowItems items = scoring::map_row(dataset, row, *chosen_sides);
      for (const std::string* t : {&items.chosen.candidate, &items.rejected.candidate})
        if (text::find_invalid_utf8(*t)) throw Error(dataset.name, row.line, "a completion is not valid UTF-8");
      lb.push_back(static_cast<double>(text::code_point_count(items.rejected.candidate)));
      lm.push_back(static_cast<double>(text::code_point_count(items.chosen.candidate)));
    } else {
      lb.push_back(len_baseline.empty() ? text_length(dataset, row, baseline_field)
                                        : required_number(dataset, row, len_baseline));
      lm.push_back(len_model.empty() ? text_length(dataset, row, model_field)
                                     : required_number(dataset, row, len_model));
    }
    if (any_difficulty) difficulty.push_back(required_number(dataset, row, difficulty_field));
  }

  std::optional<meta::WinRate> raw;
  std::string raw_error;
  try {
    raw = meta::alpaca_win_rate(preferences);
  } catch (const Error& e) {
    raw_error = e.what();
  }
  std::optional<meta::LengthControlledResult> lc;
  std::string lc_error;
  try {
    lc = meta::length_controlled_win_rate({lb, lm, y, difficulty});
  } catch (const Error& e) {
    lc_error = e.what();
  }
  std::vector<std::string> notes;
  if (chosen_sides)
    notes.push_back("'" + probability_field + "' is P(chosen better than rejected) on " + chosen_sides->describe() +
                    ": model = chosen, baseline = rejected, lengths from those texts");
  if (!any_difficulty)
    notes.push_back("no '" + difficulty_field + "' in the data: the difficulty term is dropped (theta_difficulty = 0)");
  if (lc && lc->length_term_dropped) notes.push_back("every length difference is equal: the length term is dropped");
  if (raw && std::isnan(raw->standard_error)) notes.push_back("one annotated row: no standard error");
  std::optional<bool> extreme;
  if (q.previous && lc) extreme = meta::is_extreme_change(*q.previous, lc->lc_win_rate);

  WinrateResult result;
  result.data = dataset.name;
  result.rows = dataset.rows.size();
  result.chosen_sides = std::move(chosen_sides);
  result.model_side = len_model.empty() ? model_field : len_model;
  result.baseline_side = len_baseline.empty() ? baseline_field : len_baseline;
  result.raw = std::move(raw);
  result.raw_error = std::move(raw_error);
  result.lc = std::move(lc);
  result.lc_error = std::move(lc_error);
  result.previous = q.previous;
  result.extreme = extreme;
  result.notes = std::move(notes);
  return result;
}

}  // namespace trenchcoat::runs
