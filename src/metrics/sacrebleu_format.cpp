#include "trenchcoat/metrics/sacrebleu_format.hpp"

#include <algorithm>
#include <cstdlib>

#include "trenchcoat/text/python_json.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::metrics {

std::string format_sacrebleu_score(const MetricScore& score, int width, bool score_only, const std::string& signature,
                                   bool is_json) {
  const std::string sc = text::format_fixed(score.score, width);
  if (score_only) return sc;
  if (!is_json) {
    std::string line = signature.empty() ? score.name : score.name + "|" + signature;
    line += " = " + sc;
    if (!score.verbose.empty()) line += " " + score.verbose;
    return line;
  }
  text::PyJson::Object d;
  d.emplace_back("name", score.name);
  d.emplace_back("score", std::strtod(sc.c_str(), nullptr));  // float(f"{score:.{width}f}")
  d.emplace_back("signature", signature);
  if (!score.verbose.empty()) d.emplace_back("verbose_score", score.verbose);
  // Every "key:value" pair of the signature as a string field.
  std::size_t start = 0;
  while (!signature.empty() && start <= signature.size()) {
    std::size_t end = signature.find('|', start);
    if (end == std::string::npos) end = signature.size();
    const std::string pair = signature.substr(start, end - start);
    const std::size_t colon = pair.find(':');
    const std::string key = pair.substr(0, colon), value = colon == std::string::npos ? "" : pair.substr(colon + 1);
    auto existing = std::find_if(d.begin(), d.end(), [&](const auto& kv) { return kv.first == key; });
    if (existing != d.end()) existing->second = value;  // a Python dict keeps the first position
    else d.emplace_back(key, value);
    start = end + 1;
  }
  return text::python_json_dumps(text::PyJson(std::move(d)), 1, false);
}

}  // namespace trenchcoat::metrics
