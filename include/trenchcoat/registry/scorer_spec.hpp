#pragma once
// Scorer specs as `trenchcoat score --scorer`, `probe --scorer` and the Python module's Scorer(spec) take
// them: NAME[:key=value,...]. A value may be quoted with "..." or '...' to hold commas (the quotes are
// removed; there are no escapes inside them); `as=COLUMN` names the output column and is not an option.
// Options are checked against the scorer's table when the scorer is built (make_scorer), not here.
#include <string>
#include <string_view>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::registry {

struct ScorerSpec {
  std::string name;    // as written (make_scorer matches it case-insensitively)
  std::string column;  // from as=COLUMN, else empty
  scoring::ScorerOptions options;
};

// Throws trenchcoat::Error "scorer spec 'SPEC': PROBLEM": no name, a part that is not key=value, an
// option without a name, an unterminated quote, text after a closing quote, an option given twice.
ScorerSpec parse_scorer_spec(std::string_view spec);

// The spec that parse_scorer_spec reads back as `name`, `options` (and `column` when not empty): values
// holding a comma, or starting with a quote, are quoted.
std::string format_scorer_spec(const ScorerSpec& spec);

}  // namespace trenchcoat::registry
