#pragma once
// Score strings exactly as sacreBLEU's Score.format writes them:
//   text:  "NAME|SIGNATURE = 48.5 <verbose>"   (just "48.5" when score_only)
//   JSON:  json.dumps({"name", "score": float(f"{score:.{w}f}"), "signature", ["verbose_score"],
//                      <signature key:value pairs>}, indent=1, ensure_ascii=False)
#include <string>

#include "trenchcoat/metrics/string_metric.hpp"

namespace trenchcoat::metrics {

std::string format_sacrebleu_score(const MetricScore& score, int width, bool score_only, const std::string& signature,
                                   bool is_json);

}  // namespace trenchcoat::metrics
