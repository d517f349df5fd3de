#include "scorer_spec.hpp"

#include "exit_error.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::cli {

ScorerSpec parse_scorer_spec(const std::string& spec) {
  try {
    return registry::parse_scorer_spec(spec);
  } catch (const Error& e) {
    // The library names the spec as "scorer spec 'SPEC'"; the command line names the flag.
    const std::string prefix = "scorer spec '" + spec + "'";
    const std::string message = e.what();
    throw ExitError(2, "--scorer '" + spec + "'" +
                           (message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : ": " + message));
  }
}

}  // namespace trenchcoat::cli
