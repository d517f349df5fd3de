// sacreBLEU's "zh" tokenizer: every Chinese character becomes a token, then the 13a punctuation rules
// apply (without 13a's entity handling and padding).
//
// sacreBLEU decides "Chinese" by comparing one-character strings with range endpoints, and four of its
// endpoints are written as two-character strings (a \u escape takes exactly four hex digits). The table
// below is the membership that results, as sacreBLEU 2.6.0 behaves; no supplementary-plane character
// is ever Chinese there.
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {

bool is_zh_tokenizer_chinese_char(char32_t c) {
  struct Range {
    char32_t first, last;
  };
  static constexpr Range kRanges[] = {
      {0x2001, 0x2A6D}, {0x2E80, 0x2FDF}, {0x2FF0, 0x303F}, {0x3100, 0x312F}, {0x31A0, 0x31EF},
      {0x3200, 0x4DB5}, {0x4E00, 0x9FBB}, {0xF900, 0xFA2D}, {0xFA30, 0xFA6A}, {0xFA70, 0xFAD9},
      {0xFE10, 0xFE1F}, {0xFE30, 0xFE4F}, {0xFF00, 0xFFEF},
  };
  if (c < 0x2001 || c > 0xFFEF) return false;
  for (const Range& r : kRanges)
    if (c >= r.first && c <= r.last) return true;
  return false;
}

namespace {

// Spaces around every Chinese character of the stripped line (a thread-local buffer).
const std::string& space_chinese_characters(std::string_view line) {
  const std::string_view stripped = strip(line);
  thread_local std::string spaced;
  spaced.clear();
  spaced.reserve(stripped.size() * 2);
  for (std::size_t pos = 0; pos < stripped.size();) {
    const std::size_t start = pos;
    const char32_t c = next_code_point(stripped, pos);
    if (is_zh_tokenizer_chinese_char(c)) {
      spaced.push_back(' ');
      spaced.append(stripped.data() + start, pos - start);
      spaced.push_back(' ');
    } else {
      spaced.append(stripped.data() + start, pos - start);
    }
  }
  return spaced;
}

}  // namespace

std::string tokenize_zh(std::string_view line) { return tokenize_regexp(space_chinese_characters(line)); }

void tokenize_zh_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens) {
  tokenize_regexp_split(space_chinese_characters(line), storage, tokens);
}

}  // namespace trenchcoat::text
