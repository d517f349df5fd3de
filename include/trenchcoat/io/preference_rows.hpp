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
  std::string preference;  // a probability field P(chosen preferred) (a pairwise scorer's NAME.preference): scores {p, 1 - p}
  std::string scorer;      // NAME: use NAME.chosen / NAME.rejected, or NAME.preference (`trenchcoat score` output)
  std::string subset = "subset";
  std::string id = "id";
  std::string language = "language";
  std::string num_correct = "num_correct";
  std::string tie = "tie";  // optional boolean: true when the gold calls the pair a tie (exactly two scores)
};

// Detection, when no score fields are named: a list field "scores"; else one pair of number fields
// among NAME.chosen/NAME.rejected (trenchcoat score's output), score_chosen/score_rejected,
// scores_chosen/scores_rejected, chosen_score/rejected_score, or one NAME.preference probability field
// (a pairwise scorer's output, read as the scores {p, 1 - p}). Anything else is an error that says
// which flags to pass. Errors name the file and line.
std::vector<meta::PreferenceExample> read_preference_rows(const std::string& path, PreferenceFields fields);

}  // namespace trenchcoat::io
