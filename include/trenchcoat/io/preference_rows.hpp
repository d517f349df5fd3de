#pragma once
// Scored preference examples from JSON Lines, as `trenchcoat score` writes them (or any tool):
// per row an id, a subset and the scores, either a list whose first entry is the chosen completion's,
// or a chosen and a rejected score.
#include <string>
#include <vector>

#include "trenchcoat/meta/preference_benchmark.hpp"

namespace trenchcoat::io {

struct PreferenceFields {
  std::string scores;    // a list field (chosen first); empty: detect
  std::string chosen;    // with `rejected`: two number fields; empty: detect
  std::string rejected;
  std::string subset = "subset";
  std::string id = "id";
  std::string language = "language";
  std::string num_correct = "num_correct";
  std::string tie = "tie";  // optional boolean: true when the gold calls the pair a tie (exactly two scores)
};

// Detection, when no score fields are named: a list field "scores"; else one pair of number fields
// among NAME.chosen/NAME.rejected (trenchcoat score's output), score_chosen/score_rejected,
// scores_chosen/scores_rejected, chosen_score/rejected_score. Anything else is an error that says
// which flags to pass. Errors name the file and line.
std::vector<meta::PreferenceExample> read_preference_rows(const std::string& path, PreferenceFields fields);

}  // namespace trenchcoat::io
