#include "trenchcoat/render/result_kind.hpp"

namespace trenchcoat::render {
namespace {

bool has(const nlohmann::ordered_json& j, const char* key) { return j.contains(key); }
bool has_array(const nlohmann::ordered_json& j, const char* key) { return j.contains(key) && j[key].is_array(); }

}  // namespace

std::optional<ResultKind> detect_result_kind(const nlohmann::ordered_json& j) {
  if (!j.is_object()) return std::nullopt;
  if (has(j, "kind") && j["kind"].is_string() && has_array(j, "figures")) return ResultKind::figures;
  if (has(j, "statistic") && has(j, "gold") && has_array(j, "metrics")) return ResultKind::meta_corr;
  if (has(j, "reading") && has_array(j, "scorers")) return ResultKind::meta_calib;
  if (has_array(j, "curve") && has(j, "gold_peak")) return ResultKind::meta_bon;
  if (has_array(j, "probes") && has(j, "failure")) return ResultKind::probe;
  if (has(j, "scheme") && has(j, "subsets") && has(j, "length_bias")) return ResultKind::meta_pairs;
  if (has_array(j, "scorers") && !j["scorers"].empty()) {
    bool all = true;
    for (const auto& s : j["scorers"]) all = all && s.is_object() && s.contains("scheme");
    if (all) return ResultKind::meta_pairs;
  }
  return std::nullopt;
}

std::string result_kind_name(ResultKind kind) {
  switch (kind) {
    case ResultKind::figures:
      return "figures";
    case ResultKind::meta_corr:
      return "meta corr";
    case ResultKind::meta_calib:
      return "meta calib";
    case ResultKind::meta_bon:
      return "meta bon";
    case ResultKind::probe:
      return "probe";
    case ResultKind::meta_pairs:
      return "meta pairs";
  }
  return "";
}

std::string known_result_shapes() {
  return "the JSON of meta corr, meta calib, meta bon, meta pairs, probe, or a result with \"kind\" and \"figures\"";
}

}  // namespace trenchcoat::render
