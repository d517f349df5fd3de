#pragma once
// Strict UTF-8: decoding to code points, encoding back, and validation that says where a bad byte is.
// Every string the library handles is valid UTF-8; invalid input is rejected where it is read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace trenchcoat::text {

// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points above
// U+10FFFF are invalid, as in Python's strict codec), or nullopt when the whole string is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Decodes the code point that starts at s[pos] (s must be valid UTF-8) and advances pos past it.
inline char32_t next_code_point(std::string_view s, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  if (b0 < 0xE0) {
    char32_t cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[pos + 1]) & 0x3Fu);
    pos += 2;
    return cp;
  }
  if (b0 < 0xF0) {
    char32_t cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[pos + 1]) & 0x3Fu) << 6) |
                  (static_cast<unsigned char>(s[pos + 2]) & 0x3Fu);
    pos += 3;
    return cp;
  }
  char32_t cp = ((b0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[pos + 1]) & 0x3Fu) << 12) |
                ((static_cast<unsigned char>(s[pos + 2]) & 0x3Fu) << 6) |
                (static_cast<unsigned char>(s[pos + 3]) & 0x3Fu);
  pos += 4;
  return cp;
}

// Number of bytes of the sequence whose lead byte is b (valid UTF-8 assumed).
inline std::size_t sequence_length(unsigned char b) { return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

void append_utf8(std::string& out, char32_t cp);

std::u32string to_code_points(std::string_view s);
std::string to_utf8(std::u32string_view s);

// Number of code points (Python's len()).
std::size_t code_point_count(std::string_view s);

}  // namespace trenchcoat::text
