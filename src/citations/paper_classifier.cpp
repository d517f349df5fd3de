#include "trenchcoat/citations/paper_classifier.hpp"

#include <algorithm>

namespace trenchcoat::citations {
namespace {

const TextPattern* first_match(const std::vector<TextPattern>& patterns, const std::string& normalized) {
  if (normalized.empty()) return nullptr;
  for (const auto& p : patterns)
    if (p.matches(normalized)) return &p;
  return nullptr;
}

}  // namespace

PaperLabel classify_paper(const FieldRules& rules, const CorpusPaper& paper) {
  PaperLabel label;
  label.fields.assign(rules.fields.size(), false);
  bool seeded = false;
  for (std::size_t f = 0; f < rules.fields.size(); ++f)
    for (const auto& seed : rules.fields[f].seeds)
      if (std::binary_search(paper.ids.begin(), paper.ids.end(), seed)) {
        label.fields[f] = true;
        label.reasons.push_back(rules.fields[f].name + ": seed " + seed);
        seeded = true;
        break;
      }
  if (seeded) return label;
  const std::string title = normalize_match_text(paper.title);
  const std::string abstract = normalize_match_text(paper.abstract);
  const std::string venue = normalize_match_text(paper.venue);
  for (std::size_t f = 0; f < rules.fields.size(); ++f) {
    const FieldRule& rule = rules.fields[f];
    auto note = [&](const char* kind, const TextPattern* p) {
      if (!p) return;
      label.fields[f] = true;
      label.reasons.push_back(rule.name + ": " + kind + " '" + p->source() + "'");
    };
    note("venue", first_match(rule.venues, venue));
    const TextPattern* keyword = first_match(rule.keywords, title);
    if (!keyword) keyword = first_match(rule.keywords, abstract);
    note("keyword", keyword);
    note("title keyword", first_match(rule.title_keywords, title));
  }
  return label;
}

}  // namespace trenchcoat::citations
