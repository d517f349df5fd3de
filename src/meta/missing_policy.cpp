#include "trenchcoat/meta/missing_policy.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

MissingPolicy parse_missing_policy(std::string_view name) {
  if (name == "error") return MissingPolicy::error;
  if (name == "drop") return MissingPolicy::drop;
  if (name == "tie") return MissingPolicy::tie;
  throw Error("unknown missing-score policy '" + std::string(name) + "' (known: error, drop, tie)");
}

std::string missing_policy_name(MissingPolicy policy) {
  switch (policy) {
    case MissingPolicy::error:
      return "error";
    case MissingPolicy::drop:
      return "drop";
    case MissingPolicy::tie:
      return "tie";
  }
  return "error";
}

std::string missing_rows_note(std::size_t rows, MissingPolicy policy) {
  if (rows == 0) return "no row with a missing score";
  std::string out = std::to_string(rows) + (rows == 1 ? " row" : " rows") + " with a missing score: ";
  switch (policy) {
    case MissingPolicy::error:
      out += "an error (--missing error)";
      break;
    case MissingPolicy::drop:
      out += "dropped (--missing drop)";
      break;
    case MissingPolicy::tie:
      out += "counted as ties (--missing tie)";
      break;
  }
  return out;
}

}  // namespace trenchcoat::meta
