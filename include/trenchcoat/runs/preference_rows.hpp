#pragma once
// Scored preference examples from JSON Lines, as `trenchcoat score` writes them (or any tool):
// per row an id, a subset and the scores, either a list whose first entry is the chosen completion's,
// or a chosen and a rejected score.
#include <cstddef>
#include <string>
#include <vector>

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/positional_agreement.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"

namespace trenchcoat::runs {

struct PreferenceFields {
  std::string scores;  // a list field (chosen first); empty: detect
  std::string chosen;  // with `rejected`: two number fields; empty: detect
  std::string rejected;
  std::string
      preference;  // a probability field P(chosen preferred) (a pairwise scorer's NAME.preference): scores {p, 1 - p}
  std::string scorer;  // NAME: use NAME.chosen / NAME.rejected, or NAME.preference (`trenchcoat score` output)
  std::string subset = "subset";
  bool subset_required = true;  // false: a row without a subset gets "" (calibration: results overall only)
  std::string id = "id";
  std::string language = "language";
  std::string num_correct = "num_correct";
  std::string tie = "tie";  // optional boolean: true when the gold calls the pair a tie (exactly two scores)
  // A null score (the scorer could not score the item): an error naming file, line and --missing; the
  // row left out; or the example kept as a tie (every score 0; a probability 0.5), marked missing_score.
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  // true (before `missing`): a null or absent score (a scorer that gave none) is read as NaN for the caller's --missing
  // policy, instead of an error.
  bool allow_missing_scores = false;
};

// Detection, when no score fields are named: a list field "scores"; else one pair of number fields
// among NAME.chosen/NAME.rejected (trenchcoat score's output), score_chosen/score_rejected,
// scores_chosen/scores_rejected, chosen_score/rejected_score, or one NAME.preference probability field
// (a pairwise scorer's output, read as the scores {p, 1 - p}). Several of them are an error that says
// which flags to pass (read_preference_rows_by_scorer reads them all). Errors name the file and line.
// missing_rows, when given, receives the number of rows with a null score (dropped or made ties).
std::vector<meta::PreferenceExample> read_preference_rows(const std::string& path, PreferenceFields fields,
                                                          std::size_t* missing_rows = nullptr);

// The lengths of the two completions of each pair, for the length-bias analysis (meta/length_bias.hpp).
struct PreferenceLengthFields {
  std::string scorer = "length";  // columns NAME.chosen / NAME.rejected, as `trenchcoat score --scorer NAME` writes
  std::string unit = "chars";     // for lengths measured from the texts: chars, bytes or words (the length scorer's)
};

enum class LengthSource { columns, texts, none };
std::string length_source_name(LengthSource source);  // "columns", "texts", "none"

struct PreferenceLengths {
  LengthSource source = LengthSource::none;
  std::string origin;  // columns: "length.chosen / length.rejected"; texts: the layout, e.g. "preference (prompt,
                       // chosen, rejected)"
  std::string unit;    // texts: chars, bytes or words; columns: "as written by the scorer"
  std::string note;    // none: why there are no lengths (one line)
  std::vector<double> chosen, rejected;  // one per example, in the examples' order (empty for none)
};

// One scorer's scores in the rows: its name and the fields they are read from.
struct PreferenceScorer {
  std::string name;         // NAME of NAME.chosen / NAME.rejected or NAME.preference; else the score field(s)
  std::string columns;      // the fields read, e.g. "length.chosen / length.rejected", "judge.preference"
  PreferenceFields fields;  // exactly one way of reading the scores set
};

// One scorer's examples with what goes beside them; lengths and orders follow the examples kept.
struct PreferenceRows {
  PreferenceScorer scorer;
  std::vector<meta::PreferenceExample> examples;  // the rows left after the missing-score policy
  std::size_t missing_rows = 0;                   // rows with a null score, dropped or made ties
  PreferenceLengths lengths;
  // A pairwise judge's verdict in each order (columns NAME.preference_ab / NAME.preference_ba, as the
  // judge writes them): present when the first row has both columns. Rows with either null, or whose
  // example was dropped, are left out of `orders` and counted in orders_incomplete.
  bool has_orders = false;
  std::string order_columns;  // "judge.preference_ab / judge.preference_ba"
  std::vector<meta::OrderedVerdicts> orders;
  std::size_t orders_incomplete = 0;
};

// The examples of every scorer in the file, read in one pass:
//   - with `scorers` named (--scorer NAME, repeatable): those, in that order;
//   - else with fields.scorer, --scores, --chosen/--rejected or a preference field named: that one;
//   - else every scorer detected in the first row (the detection above; NAME.chosen/NAME.rejected
//     pairs and NAME.preference fields whose values are numbers or null), in the order of their names.
// Each scorer's rows go through fields.missing separately. Beside the examples, the completions'
// lengths, in this order of preference:
//   1. columns NAME.chosen / NAME.rejected (NAME = length_fields.scorer), when the first row has both;
//      every row must then hold them as finite numbers (else an error naming file and line);
//   2. the completion texts of the rows, mapped as `trenchcoat score` maps them (scoring::detect_layout
//      and map_row: RewardBench/TRL strings, chat message lists, HH transcripts, LLMBar), measured by the
//      length scorer (scoring/length_scorer.hpp) in length_fields.unit (chars: Unicode code points);
//   3. neither: source none and a note saying why (not an error). Rows with more than two scores
//      (RewardBench 2 lists) always give none: the analysis covers pairs only. A text row the layout
//      cannot map (e.g. a message list without an assistant message) also gives none, with its message.
// An unknown unit is a trenchcoat::Error.
std::vector<PreferenceRows> read_preference_rows_by_scorer(const std::string& path, const PreferenceFields& fields,
                                                           const std::vector<std::string>& scorers,
                                                           const PreferenceLengthFields& length_fields);

}  // namespace trenchcoat::runs
