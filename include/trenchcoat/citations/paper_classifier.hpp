#pragma once
// Labels a paper with the fields of a rule set (citations/field_rules.hpp). A paper that is a seed of one
// or more fields belongs to exactly those fields (seeds are how a user fixes a paper the patterns get
// wrong); any other paper belongs to every field whose venue pattern matches its venue, whose keyword
// pattern matches its title or abstract, or whose title keyword matches its title.
#include <string>
#include <vector>

#include "trenchcoat/citations/citation_corpus.hpp"
#include "trenchcoat/citations/field_rules.hpp"

namespace trenchcoat::citations {

struct PaperLabel {
  std::vector<bool> fields;          // one per rule, in rule order
  std::vector<std::string> reasons;  // why, per field that matched: "reward-modeling: keyword 'rlhf'"
};

PaperLabel classify_paper(const FieldRules& rules, const CorpusPaper& paper);

}  // namespace trenchcoat::citations
