#pragma once
// Scorer specs on the command line (`--scorer NAME[:key=value,...]`), as `score` and `probe` take them:
// the library's parser (registry/scorer_spec.hpp) with the command line's exit code.
#include <string>

#include "trenchcoat/registry/scorer_spec.hpp"

namespace trenchcoat::cli {

using registry::ScorerSpec;

// registry::parse_scorer_spec; a malformed spec throws ExitError(2) "--scorer 'SPEC': PROBLEM".
ScorerSpec parse_scorer_spec(const std::string& spec);

}  // namespace trenchcoat::cli
