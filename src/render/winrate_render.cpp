#include "trenchcoat/render/winrate_render.hpp"

#include <cmath>

#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

}  // namespace

nlohmann::ordered_json winrate_json(const runs::WinrateResult& r) {
  nlohmann::ordered_json out;
  out["data"] = r.data;
  out["rows"] = r.rows;
  out["sides"] = r.chosen_sides ? nlohmann::ordered_json{{"model", "chosen"},
                                                         {"baseline", "rejected"},
                                                         {"layout", r.chosen_sides->describe()}}
                                : nlohmann::ordered_json{{"model", r.model_side}, {"baseline", r.baseline_side}};
  if (r.raw) {
    out["win_rate"] = {{"win_rate", r.raw->win_rate},
                       {"standard_error", number_or_null(r.raw->standard_error)},
                       {"n_wins", r.raw->n_wins},
                       {"n_wins_base", r.raw->n_wins_base},
                       {"n_draws", r.raw->n_draws},
                       {"n_total", r.raw->n_total},
                       {"discrete_win_rate", r.raw->discrete_win_rate}};
  } else {
    out["win_rate"] = {{"error", r.raw_error}};
  }
  if (r.lc) {
    out["length_controlled"] = {
        {"lc_win_rate", r.lc->lc_win_rate},
        {"lc_standard_error", number_or_null(r.lc->lc_standard_error)},
        {"lc_standard_error_delta", number_or_null(r.lc->lc_standard_error_delta)},
        {"theta", {{"length", r.lc->theta[0]}, {"difficulty", r.lc->theta[1]}, {"model", r.lc->theta[2]}}},
        {"sd_delta_len", r.lc->sd_delta},
        {"length_term_dropped", r.lc->length_term_dropped},
        {"difficulty_term_dropped", r.lc->difficulty_term_dropped},
        {"rows", r.lc->n_rows},
        {"annotated_rows", r.lc->n_train},
        {"fit", "unpenalised maximum likelihood (Newton); AlpacaEval's L1 LogisticRegressionCV is not reproduced"}};
    if (r.extreme) out["length_controlled"]["extreme_change_from_previous"] = *r.extreme;
  } else {
    out["length_controlled"] = {{"error", r.lc_error}};
  }
  out["notes"] = r.notes;
  return out;
}

Document winrate_document(const runs::WinrateResult& r) {
  auto f = [](double v) { return std::isfinite(v) ? text::format_fixed(v, 2) : std::string("undefined"); };
  Document doc;
  doc.line(r.data + ": " + std::to_string(r.rows) + " instructions");
  if (r.raw)
    doc.line("win rate " + f(r.raw->win_rate) + " (standard error " + f(r.raw->standard_error) + "); " +
             std::to_string(r.raw->n_wins) + " wins, " + std::to_string(r.raw->n_wins_base) + " losses, " +
             std::to_string(r.raw->n_draws) + " draws; discrete " + f(r.raw->discrete_win_rate));
  else doc.line("win rate: not computed: " + r.raw_error);
  if (r.lc)
    doc.line("length-controlled win rate " + f(r.lc->lc_win_rate) + " (standard error " +
             f(r.lc->lc_standard_error_delta) + ", delta method; AlpacaEval's lc_standard_error " +
             f(r.lc->lc_standard_error) + "); theta length " + text::format_fixed(r.lc->theta[0], 4) + ", difficulty " +
             text::format_fixed(r.lc->theta[1], 4) + ", model " + text::format_fixed(r.lc->theta[2], 4) +
             (r.extreme ? (*r.extreme ? "; EXTREME change from " : "; no extreme change from ") + f(*r.previous) : ""));
  else doc.line("length-controlled win rate: not computed: " + r.lc_error);
  for (const auto& n : r.notes) doc.line("note: " + n);
  return doc;
}

}  // namespace trenchcoat::render
