#pragma once
// Turns a case of sacrebleu_vectors.json into hypotheses and per-segment references.
// Corpus cases have "hyps" and "refs" as reference streams (None = missing); sentence cases have "hyp"
// and "refs" as the list of that one segment's references.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/metrics/string_metric.hpp"

namespace trenchcoat::testing {

struct SacrebleuCase {
  std::vector<std::string> hyps;
  std::vector<std::vector<std::string>> refs;  // per segment, missing ones left out

  std::vector<std::string_view> hyp_views() const { return {hyps.begin(), hyps.end()}; }
  metrics::SegmentReferences segment_references() const {
    metrics::SegmentReferences out;
    for (const auto& r : refs) out.emplace_back(r.begin(), r.end());
    return out;
  }
};

// The corpus of sacreBLEU's README and test_bleu.py, which the "corpus_readme" cases score
// (sacreBLEU 2.6.0).
inline SacrebleuCase readme_corpus() {
  SacrebleuCase c;
  c.hyps = {"The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."};
  c.refs = {{"The dog bit the man.", "The dog had bit the man."},
            {"It was not unexpected.", "No one was surprised."},
            {"The man bit him first.", "The man had bitten the dog."}};
  return c;
}

inline SacrebleuCase sacrebleu_case(const nlohmann::json& v) {
  if (v.value("case", "") == "corpus_readme") return readme_corpus();
  SacrebleuCase c;
  if (v.contains("hyp")) {
    c.hyps.push_back(v["hyp"]);
    std::vector<std::string> refs;
    for (const auto& r : v["refs"]) refs.push_back(r);
    c.refs.push_back(refs);
    return c;
  }
  for (const auto& h : v["hyps"]) c.hyps.push_back(h);
  c.refs.resize(c.hyps.size());
  for (const auto& stream : v["refs"])
    for (std::size_t i = 0; i < stream.size(); ++i)
      if (!stream[i].is_null()) c.refs[i].push_back(stream[i]);
  return c;
}

}  // namespace trenchcoat::testing
