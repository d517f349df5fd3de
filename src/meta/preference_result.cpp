#include "trenchcoat/meta/preference_result.hpp"

#include <algorithm>
#include <cmath>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

TiePolicy parse_tie_policy(const std::string& name) {
  if (name == "strict") return TiePolicy::strict;
  if (name == "shared") return TiePolicy::shared;
  if (name == "half") return TiePolicy::half;
  if (name == "calibrated") return TiePolicy::calibrated;
  throw Error("unknown tie policy '" + name + "' (known: strict, shared, half, calibrated)");
}

std::string tie_policy_name(TiePolicy policy) {
  switch (policy) {
    case TiePolicy::strict:
      return "strict";
    case TiePolicy::shared:
      return "shared";
    case TiePolicy::half:
      return "half";
    case TiePolicy::calibrated:
      return "calibrated";
  }
  return "strict";
}

double pair_result(double chosen, double rejected, TiePolicy policy) {
  const double scores[] = {chosen, rejected};
  return best_of_n_result(scores, policy);
}

double best_of_n_result(std::span<const double> scores, TiePolicy policy, double margin, bool gold_tie) {
  if (scores.empty()) throw Error("best_of_n_result: no scores");
  if (policy == TiePolicy::calibrated) {
    if (gold_tie) {
      if (scores.size() != 2) throw Error("best_of_n_result: a gold tie needs exactly two scores");
      return std::abs(scores[0] - scores[1]) <= margin ? 1.0 : 0.0;
    }
    if (scores.size() < 2) return 1.0;
    const double best_other = *std::max_element(scores.begin() + 1, scores.end());
    return scores[0] - best_other > margin ? 1.0 : 0.0;
  }
  const double top = *std::max_element(scores.begin(), scores.end());
  if (scores[0] != top) return 0.0;
  const auto k = std::count(scores.begin(), scores.end(), top);
  if (k == 1) return 1.0;
  switch (policy) {
    case TiePolicy::strict:
      return 0.0;
    case TiePolicy::shared:
      return 1.0 / static_cast<double>(k);
    case TiePolicy::half:
      return 0.5;
    case TiePolicy::calibrated:
      break;  // handled above
  }
  return 0.0;
}

}  // namespace trenchcoat::meta
