#pragma once
// Text helpers shared by the probes: language codes, word units, sentences and word tokens.
// Internal to src/probes. Every function takes valid UTF-8 and returns views into its argument.
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::probes::detail {

// The primary subtag of a language tag, lower-cased: "en-US" -> "en", "zh_Hans" -> "zh", "" -> "".
std::string language_code(std::string_view language);

// Languages written without spaces between words: zh, ja, th (by language_code).
bool is_spaceless_language(std::string_view language);

// The word units of a text. Normally its whitespace tokens (Python's str.split()); for a spaceless
// language, or a text with no whitespace at all, its characters: code points other than whitespace,
// each with the combining marks, variation selectors, emoji modifiers and zero-width joiner sequences
// that follow it (so no unit starts with a mark). `spaceless` says which rule was used: words are
// joined by single spaces, characters by nothing.
struct WordUnits {
  std::vector<std::string_view> units;
  bool spaceless = false;
};
WordUnits word_units(std::string_view text, std::string_view language);

// The sentences of a text, stripped of surrounding whitespace, empty ones dropped. A sentence ends
// after a run of . ! ? … (with any closing quotes and brackets after it) that is followed by
// whitespace or the end of the text; after 。！？ (and the run of terminators and closers after them)
// whatever follows; and at every line break (\n \r \v \f U+0085 U+2028 U+2029), so no sentence
// contains a line break. A text without terminators is one sentence per line.
std::vector<std::string_view> split_sentences(std::string_view text);

// A word token for the rule-based probes: a maximal run of letters, digits and combining marks
// (ICU's alphanumerics and Mn/Mc), with its byte offset in the text. Apostrophes, hyphens and all
// other characters separate tokens.
struct WordToken {
  std::string_view text;
  std::size_t offset = 0;
};
std::vector<WordToken> word_tokens(std::string_view text);

// True when the code point continues a word token (see WordToken).
bool is_word_character(char32_t c);

// True when the string is empty or all whitespace (Python's str.isspace() per code point).
bool is_blank(std::string_view text);

}  // namespace trenchcoat::probes::detail
