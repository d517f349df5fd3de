#include "trenchcoat/citations/text_pattern.hpp"

#include <cctype>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::citations {
namespace {

bool word_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || std::isalnum(b) != 0;
}

}  // namespace

std::string normalize_match_text(std::string_view text) { return text::join_whitespace(text::lower(text)); }

TextPattern::TextPattern(const std::string& pattern) : source_(pattern) {
  if (pattern.rfind("re:", 0) == 0) {
    try {
      regex_ = std::make_shared<const std::regex>(pattern.substr(3), std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      throw Error("'" + pattern + "' is not a valid regular expression (" + e.what() + ")");
    }
    return;
  }
  phrase_ = normalize_match_text(pattern);
  if (!phrase_.empty() && phrase_.back() == '*') {
    open_end_ = true;
    phrase_.pop_back();
    phrase_ = std::string(text::rstrip(phrase_));
  }
  if (phrase_.empty()) throw Error("'" + pattern + "' is an empty pattern");
  if (phrase_.find('*') != std::string::npos)
    throw Error("'" + pattern + "': '*' is allowed only at the end of a phrase (or write a regex: \"re:...\")");
}

bool TextPattern::matches(std::string_view normalized) const {
  if (regex_) return std::regex_search(normalized.begin(), normalized.end(), *regex_);
  for (std::size_t at = normalized.find(phrase_); at != std::string_view::npos; at = normalized.find(phrase_, at + 1)) {
    const std::size_t end = at + phrase_.size();
    const bool left = at == 0 || !word_byte(normalized[at - 1]) || !word_byte(phrase_.front());
    const bool right =
        open_end_ || end == normalized.size() || !word_byte(normalized[end]) || !word_byte(phrase_.back());
    if (left && right) return true;
  }
  return false;
}

}  // namespace trenchcoat::citations
