// trenchcoat meta winrate: AlpacaEval 2 win rates of a model against a baseline: the raw win rate and
// the length-controlled (LC) win rate of the `length_controlled_v1` GLM (unpenalised variant).
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/row_values.hpp"
#include "trenchcoat/meta/length_controlled_win_rate.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat meta winrate: the win rate of a model's outputs against a baseline's, as AlpacaEval 2 reports\n"
    "it, and the length-controlled (LC) win rate: the GLM `tanh(std_delta_len) + instruction_difficulty +\n"
    "not_gamed_baseline - 1` (no intercept; delta = len(baseline) - len(model) in characters, standardised by\n"
    "its sample sd), fitted by unpenalised maximum likelihood on the soft labels pref - 1, and the LC win rate\n"
    "= 100 mean sigma(theta_difficulty d_i + theta_model), the length term set to 0. (AlpacaEval itself fits an\n"
    "L1-penalised, cross-validated regression with extra 'gamed' rows; its numbers differ slightly.)\n"
    "\n"
    "Rows (JSONL, JSON, TSV, CSV), one per instruction: a preference in AlpacaEval's encoding (1 = baseline\n"
    "wins, 2 = model wins, 1.5 or 0 = draw, values in [1, 2] for weighted annotators; null or absent = not\n"
    "annotated), or --model-win-probability FIELD (P(model better), read as 1 + p); the two outputs' lengths\n"
    "from --len-baseline / --len-model numbers or from the texts (--baseline-field, --model-field; default\n"
    "output_1 and output_2, counted in Unicode characters as Python's len); and the instruction's difficulty\n"
    "(--difficulty; when the data has none, as custom instruction sets do, the term is dropped and said so).\n"
    "With --model-win-probability on preference rows (chosen/rejected, LLMBar's output_1/output_2/label, as\n"
    "`trenchcoat score` reads them), the probability is P(chosen better than rejected) (a pairwise scorer's\n"
    "NAME.preference): the model is the chosen side and the baseline the rejected side, and the lengths are read\n"
    "from those same texts (unless --baseline-field, --model-field or --len-* name other fields).\n"
    "\n"
    "Standard errors: the win rate's is AlpacaEval's, 100 sd(p) / sqrt(n) over the annotated instructions\n"
    "(ddof 1). For the LC win rate the text shows the delta-method standard error with the sandwich covariance\n"
    "of theta; AlpacaEval's lc_standard_error (the spread of the per-instruction LC probabilities, which is 0\n"
    "whenever the difficulty term is dropped) is in the JSON beside it.\n"
    "\n"
    "Example:\n"
    "  trenchcoat meta winrate --data annotations.json -f text\n"
    "  trenchcoat meta winrate --data judged.jsonl --model-win-probability judge.preference --previous 30.2\n";

std::optional<double> optional_number(const io::Dataset& d, const io::DatasetRow& row, const std::string& field) {
  return io::row_number(d, row, field, {.allow_missing = true, .allow_bool = false});
}

double required_number(const io::Dataset& d, const io::DatasetRow& row, const std::string& field) {
  return *io::row_number(d, row, field);
}

double text_length(const io::Dataset& d, const io::DatasetRow& row, const std::string& field) {
  const auto it = row.value.find(field);
  if (it == row.value.end() || !it->is_string())
    throw ExitError(1, Error(d.name, row.line, "no text in '" + field + "' (or give --len-baseline and --len-model)"));
  const std::string s = it->get<std::string>();
  if (text::find_invalid_utf8(s)) throw ExitError(1, Error(d.name, row.line, "'" + field + "' is not valid UTF-8"));
  return static_cast<double>(text::code_point_count(s));
}

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

}  // namespace

int run_meta_winrate(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat meta winrate"};
  std::string data, preference_field = "preference", probability_field, len_baseline, len_model,
                    baseline_field = "output_1", model_field = "output_2", difficulty_field = "instruction_difficulty",
                    format = "json";
  double previous = 0;
  app.add_option("--data", data, "Annotated rows, one per instruction")->required();
  app.add_option("--preference", preference_field, "AlpacaEval preference field (1 baseline, 2 model, 1.5/0 draw)")
      ->capture_default_str();
  app.add_option("--model-win-probability", probability_field,
                 "Instead of --preference: P(model better than baseline), as 1 + p");
  app.add_option("--len-baseline", len_baseline, "Field with the baseline output's length (with --len-model)");
  app.add_option("--len-model", len_model, "Field with the model output's length");
  auto* baseline_option =
      app.add_option("--baseline-field", baseline_field, "The baseline output's text")->capture_default_str();
  auto* model_option = app.add_option("--model-field", model_field, "The model output's text")->capture_default_str();
  app.add_option("--difficulty", difficulty_field, "The instruction difficulty field (absent everywhere: term dropped)")
      ->capture_default_str();
  auto* previous_option =
      app.add_option("--previous", previous, "A previous LC win rate: warn on an extreme change (AlpacaEval's rule)");
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta winrate")) return 0;
  if (len_baseline.empty() != len_model.empty()) throw ExitError(2, "--len-baseline and --len-model go together");

  const io::Dataset dataset = io::read_dataset(data);
  if (dataset.rows.empty()) throw ExitError(1, Error(dataset.name, 0, "no rows"));
  std::vector<double> preferences, lb, lm, difficulty, y;
  // A probability of "chosen better" on preference rows: the model is the chosen side, the baseline
  // the rejected one, and the lengths come from those texts, not from output_1 / output_2.
  std::optional<scoring::DatasetLayout> chosen_sides;
  if (!probability_field.empty() && len_baseline.empty() && baseline_option->count() == 0 &&
      model_option->count() == 0) {
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
          throw ExitError(1,
                          Error(dataset.name, row.line, "'" + probability_field + "' is not a probability in [0, 1]"));
        pref = 1.0 + *p;
      }
    } else if (const auto p = optional_number(dataset, row, preference_field)) {
      if (!(*p == 0.0 || (*p >= 1.0 && *p <= 2.0)))
        throw ExitError(1, Error(dataset.name, row.line,
                                 "'" + preference_field + "' = " + text::python_float_repr(*p) +
                                     " is not a preference (1 to 2, or 0 for a draw)"));
      pref = *p;
    }
    preferences.push_back(pref);
    y.push_back(std::isnan(pref) ? pref : (pref == 0.0 ? 0.5 : pref - 1.0));
    if (chosen_sides) {
      const scoring::RowItems items = scoring::map_row(dataset, row, *chosen_sides);
      for (const std::string* t : {&items.chosen.candidate, &items.rejected.candidate})
        if (text::find_invalid_utf8(*t))
          throw ExitError(1, Error(dataset.name, row.line, "a completion is not valid UTF-8"));
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
  if (previous_option->count() > 0 && lc) extreme = meta::is_extreme_change(previous, lc->lc_win_rate);

  if (format == "json") {
    nlohmann::ordered_json out;
    out["data"] = dataset.name;
    out["rows"] = dataset.rows.size();
    out["sides"] = chosen_sides
                       ? nlohmann::ordered_json{{"model", "chosen"},
                                                {"baseline", "rejected"},
                                                {"layout", chosen_sides->describe()}}
                       : nlohmann::ordered_json{{"model", len_model.empty() ? model_field : len_model},
                                                {"baseline", len_baseline.empty() ? baseline_field : len_baseline}};
    if (raw) {
      out["win_rate"] = {{"win_rate", raw->win_rate},
                         {"standard_error", number_or_null(raw->standard_error)},
                         {"n_wins", raw->n_wins},
                         {"n_wins_base", raw->n_wins_base},
                         {"n_draws", raw->n_draws},
                         {"n_total", raw->n_total},
                         {"discrete_win_rate", raw->discrete_win_rate}};
    } else {
      out["win_rate"] = {{"error", raw_error}};
    }
    if (lc) {
      out["length_controlled"] = {
          {"lc_win_rate", lc->lc_win_rate},
          {"lc_standard_error", number_or_null(lc->lc_standard_error)},
          {"lc_standard_error_delta", number_or_null(lc->lc_standard_error_delta)},
          {"theta", {{"length", lc->theta[0]}, {"difficulty", lc->theta[1]}, {"model", lc->theta[2]}}},
          {"sd_delta_len", lc->sd_delta},
          {"length_term_dropped", lc->length_term_dropped},
          {"difficulty_term_dropped", lc->difficulty_term_dropped},
          {"rows", lc->n_rows},
          {"annotated_rows", lc->n_train},
          {"fit", "unpenalised maximum likelihood (Newton); AlpacaEval's L1 LogisticRegressionCV is not reproduced"}};
      if (extreme) out["length_controlled"]["extreme_change_from_previous"] = *extreme;
    } else {
      out["length_controlled"] = {{"error", lc_error}};
    }
    out["notes"] = notes;
    std::fputs((out.dump(2) + "\n").c_str(), stdout);
    return 0;
  }
  auto f = [](double v) { return std::isfinite(v) ? text::format_fixed(v, 2) : std::string("undefined"); };
  std::string text = dataset.name + ": " + std::to_string(dataset.rows.size()) + " instructions\n";
  if (raw)
    text += "win rate " + f(raw->win_rate) + " (standard error " + f(raw->standard_error) + "); " +
            std::to_string(raw->n_wins) + " wins, " + std::to_string(raw->n_wins_base) + " losses, " +
            std::to_string(raw->n_draws) + " draws; discrete " + f(raw->discrete_win_rate) + "\n";
  else text += "win rate: not computed: " + raw_error + "\n";
  if (lc)
    text += "length-controlled win rate " + f(lc->lc_win_rate) + " (standard error " + f(lc->lc_standard_error_delta) +
            ", delta method; AlpacaEval's lc_standard_error " + f(lc->lc_standard_error) + "); theta length " +
            text::format_fixed(lc->theta[0], 4) + ", difficulty " + text::format_fixed(lc->theta[1], 4) + ", model " +
            text::format_fixed(lc->theta[2], 4) +
            (extreme ? (*extreme ? "; EXTREME change from " : "; no extreme change from ") + f(previous) : "") + "\n";
  else text += "length-controlled win rate: not computed: " + lc_error + "\n";
  for (const auto& n : notes) text += "note: " + n + "\n";
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
