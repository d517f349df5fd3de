#pragma once
// The rule set that labels papers with research fields, read from a JSON file:
//   {"description": "...",                       (optional)
//    "fields": [                                 (two or more, in the order the results list them)
//      {"name": "reward-modeling",               (unique; not "both", "multiple", "neither" or "outside")
//       "description": "...",                    (optional)
//       "seeds": ["arXiv:2203.02155", "W2101105183", "10.3115/1073083.1073135", "<paperId>", ...],
//       "venues": [PATTERN, ...],                 matched against the venue name
//       "keywords": [PATTERN, ...],               matched against the title and the abstract
//       "title_keywords": [PATTERN, ...]}]}       matched against the title only
// Seeds are paper ids in any form citations/paper_id.hpp reads. Patterns are phrases or "re:" regexes
// (citations/text_pattern.hpp). Every list is optional; unknown keys are errors (a misspelt key would
// otherwise be a silently empty rule).
#include <string>
#include <vector>

#include "trenchcoat/citations/text_pattern.hpp"

namespace trenchcoat::citations {

struct FieldRule {
  std::string name, description;
  std::vector<std::string> seeds;  // normalized ids
  std::vector<TextPattern> venues, keywords, title_keywords;
};

struct FieldRules {
  std::string source;  // the file, or "built-in default"
  std::string description;
  std::vector<FieldRule> fields;
};

// Throws trenchcoat::Error naming `source` (and the line of a JSON syntax error, or the key path of a
// bad entry: "fields[1].keywords[2]").
FieldRules parse_field_rules(const std::string& json_text, const std::string& source);
FieldRules read_field_rules(const std::string& path);

// The default rules: reward-modeling, evaluation-metrics and llm-as-a-judge (the three subfields of the
// paper "Reward Models are Metrics in a Trench Coat"), also shipped as examples/cite/default-fields.json.
const std::string& default_field_rules_json();
FieldRules default_field_rules();

}  // namespace trenchcoat::citations
