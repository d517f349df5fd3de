#pragma once
// Scorer specs on the command line (`--scorer NAME[:key=value,...]`), as `score` and `probe` take them:
// a value may be quoted with "..." or '...' to hold commas; `as=COLUMN` names the output column.
#include <string>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::cli {

struct ScorerSpec {
  std::string name, column;  // column: from as=COLUMN, else empty
  scoring::ScorerOptions options;
};

// Throws ExitError(2) naming the spec and the problem.
ScorerSpec parse_scorer_spec(const std::string& spec);

}  // namespace trenchcoat::cli
