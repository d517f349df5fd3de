#pragma once
// The parts of Python's str semantics that sacreBLEU's numbers depend on, on UTF-8 strings:
// str.isspace(), split() with no argument, strip()/rstrip(), ' '.join(s.split()) and str.lower().
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::text {

// Python's str.isspace() for one code point: U+0009-000D, U+001C-001F, U+0020, U+0085, U+00A0, U+1680,
// U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000 (not U+200B, U+180E or U+FEFF).
constexpr bool is_space(char32_t c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  if (c < 0x85) return false;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Byte length of the whitespace code point that starts at s[pos], or 0 if the code point there is not
// whitespace. Works on the bytes without decoding most characters.
inline std::size_t whitespace_length_at(std::string_view s, std::size_t pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) return (b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)) ? 1 : 0;
  if (b == 0xC2) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    return (b1 == 0x85 || b1 == 0xA0) ? 2 : 0;
  }
  if (b == 0xE1) {  // U+1680 = E1 9A 80
    return (static_cast<unsigned char>(s[pos + 1]) == 0x9A && static_cast<unsigned char>(s[pos + 2]) == 0x80) ? 3 : 0;
  }
  if (b == 0xE2) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    const auto b2 = static_cast<unsigned char>(s[pos + 2]);
    if (b1 == 0x80)
      return (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) ? 3 : 0;  // U+2000-200A, 2028, 2029, 202F
    if (b1 == 0x81) return b2 == 0x9F ? 3 : 0;                                // U+205F
    return 0;
  }
  if (b == 0xE3) {  // U+3000 = E3 80 80
    return (static_cast<unsigned char>(s[pos + 1]) == 0x80 && static_cast<unsigned char>(s[pos + 2]) == 0x80) ? 3 : 0;
  }
  return 0;
}

// s.split(): the maximal runs of non-whitespace, as views into s.
std::vector<std::string_view> split_whitespace(std::string_view s);
// Appends the views of s.split() to out (no allocation when out has capacity).
void split_whitespace(std::string_view s, std::vector<std::string_view>& out);

// ' '.join(s.split()).
std::string join_whitespace(std::string_view s);

std::string_view strip(std::string_view s);
std::string_view rstrip(std::string_view s);

// True when s has no byte >= 0x80.
bool is_ascii(std::string_view s);

// Python's str.lower(): full Unicode lowercase mapping, language independent (U+0130 becomes two code
// points, final sigma is context dependent). ASCII strings take a fast path.
std::string lower(std::string_view s);

}  // namespace trenchcoat::text
