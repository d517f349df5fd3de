#include "trenchcoat/io/missing_policy.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::io {

MissingPolicy parse_missing_policy(std::string_view name) {
  if (name == "error") return MissingPolicy::error;
  if (name == "drop") return MissingPolicy::drop;
  if (name == "tie") return MissingPolicy::tie;
  throw Error("unknown missing-score policy '" + std::string(name) + "' (known: error, drop, tie)");
}

std::string missing_policy_name(MissingPolicy policy) {
  switch (policy) {
    case MissingPolicy::error: return "error";
    case MissingPolicy::drop: return "drop";
    case MissingPolicy::tie: return "tie";
  }
  return "error";
}

}  // namespace trenchcoat::io
