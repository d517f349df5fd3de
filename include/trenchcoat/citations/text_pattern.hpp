#pragma once
// A keyword or venue pattern of the field rules, matched case-insensitively against a title, an abstract
// or a venue name. Both the text and a phrase are lowercased (Python's str.lower) and their runs of
// whitespace collapsed to one space. Two kinds:
//   phrase  "reward model", "bleu": matches where the phrase occurs with a word boundary on both sides
//           (the character before and after is not a letter or digit: ASCII letters and digits and every
//           non-ASCII character count as word characters); a trailing `*` drops the boundary at the end,
//           so "reward model*" matches "reward models" and "reward modelling" but "rm" does not match
//           "rmsprop" and "bleu" does not match "bleurt". `*` is allowed only at the end.
//   regex   "re:" followed by an ECMAScript regular expression, searched case-insensitively anywhere in
//           the lowercased, whitespace-collapsed text (\b marks word boundaries).
#include <memory>
#include <regex>
#include <string>
#include <string_view>

namespace trenchcoat::citations {

class TextPattern {
 public:
  // Throws trenchcoat::Error (message only) for an empty phrase, a `*` that is not at the end, or a regex
  // that does not compile.
  explicit TextPattern(const std::string& pattern);

  const std::string& source() const { return source_; }  // as written in the rules
  // `normalized` is normalize_match_text of the text.
  bool matches(std::string_view normalized) const;

 private:
  std::string source_;
  std::string phrase_;  // normalized; empty for a regex
  bool open_end_ = false;
  std::shared_ptr<const std::regex> regex_;
};

// Lowercased, with each run of whitespace collapsed to one space and no leading or trailing space.
std::string normalize_match_text(std::string_view text);

}  // namespace trenchcoat::citations
