#pragma once
// Which command wrote a JSON result, told by its shape (the keys its top-level object has), so that
// `trenchcoat report` can draw it. The rule, first match wins:
//   "kind" (a string) and "figures" (an array)         a result with figures (reproduce translation,
//                                                       reproduce attribution, cite; any kind)
//   "statistic", "gold" and "metrics" (an array)       meta corr
//   "reading" and "scorers" (an array)                 meta calib
//   "curve" (an array) and "gold_peak"                 meta bon
//   "probes" (an array) and "failure"                  probe
//   "scheme", "subsets" and "length_bias"              meta pairs, one scorer
//   "scorers": a non-empty array of objects that each have "scheme"
//                                                       meta pairs, several scorers
// Anything else has no known shape.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace trenchcoat::render {

enum class ResultKind { figures, meta_corr, meta_calib, meta_bon, probe, meta_pairs };

std::optional<ResultKind> detect_result_kind(const nlohmann::ordered_json& result);

// "meta corr", "meta calib", ...; for figures results the result's own "kind" is shown instead.
std::string result_kind_name(ResultKind kind);

// What the report draws, for error messages: "meta corr, meta calib, meta bon, meta pairs, probe, or a
// result with \"kind\" and \"figures\"".
std::string known_result_shapes();

}  // namespace trenchcoat::render
