#pragma once
// `meta winrate` as a library call: AlpacaEval 2 win rates of a model against a baseline, read from
// annotated rows: the raw win rate and the length-controlled (LC) win rate of the
// `length_controlled_v1` GLM (unpenalised variant, meta/length_controlled_win_rate.hpp).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/length_controlled_win_rate.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"

namespace trenchcoat::runs {

struct WinrateRequest {
  std::string data;                             // rows: JSONL, JSON, TSV or CSV
  std::string preference_field = "preference";  // AlpacaEval's encoding: 1 baseline, 2 model, 1.5 / 0 draw
  std::string probability_field;                // instead: P(model better), read as 1 + p
  std::string len_baseline, len_model;          // length fields (both or neither); else from the texts
  std::string baseline_field = "output_1", model_field = "output_2";
  bool text_fields_named = false;  // baseline_field or model_field given: never read preference rows' sides
  std::string difficulty_field = "instruction_difficulty";  // absent everywhere: the term is dropped
  std::optional<double> previous;                           // a previous LC win rate: flag an extreme change
};

struct WinrateResult {
  std::string data;  // the dataset's name
  std::size_t rows = 0;
  // With a probability on preference rows: the model is the chosen side, the baseline the rejected one.
  std::optional<scoring::DatasetLayout> chosen_sides;
  std::string model_side, baseline_side;  // the fields read otherwise
  std::optional<meta::WinRate> raw;
  std::string raw_error;  // why there is no raw win rate
  std::optional<meta::LengthControlledResult> lc;
  std::string lc_error;  // why there is no LC win rate
  std::optional<double> previous;
  std::optional<bool> extreme;  // with previous: AlpacaEval's extreme-change rule
  std::vector<std::string> notes;
};

// Throws RequestError when only one of len_baseline / len_model is given; trenchcoat::Error naming the
// file and line for a row without its text, length or a valid preference. A win rate that cannot be
// computed (e.g. no annotated row) is not an error: its message is in raw_error / lc_error.
WinrateResult run_winrate(const WinrateRequest& request);

}  // namespace trenchcoat::runs
