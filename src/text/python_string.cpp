#include "trenchcoat/text/python_string.hpp"

#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include <cstring>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {

void split_whitespace(std::string_view s, std::vector<std::string_view>& out) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t w;
    while (i < n && (w = whitespace_length_at(s, i)) != 0) i += w;
    if (i >= n) break;
    const std::size_t start = i;
    while (i < n && whitespace_length_at(s, i) == 0) i += sequence_length(static_cast<unsigned char>(s[i]));
    out.push_back(s.substr(start, i - start));
  }
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> out;
  split_whitespace(s, out);
  return out;
}

std::string join_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const std::size_t n = s.size();
  std::size_t i = 0;
  bool first = true;
  while (i < n) {
    std::size_t w;
    while (i < n && (w = whitespace_length_at(s, i)) != 0) i += w;
    if (i >= n) break;
    const std::size_t start = i;
    while (i < n && whitespace_length_at(s, i) == 0) i += sequence_length(static_cast<unsigned char>(s[i]));
    if (!first) out.push_back(' ');
    first = false;
    out.append(s.data() + start, i - start);
  }
  return out;
}

std::string_view rstrip(std::string_view s) {
  // Walk back over whole code points: find the start of the last one and test it.
  std::size_t end = s.size();
  while (end > 0) {
    std::size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    if (whitespace_length_at(s, start) == 0) break;
    end = start;
  }
  return s.substr(0, end);
}

std::string_view strip(std::string_view s) {
  std::size_t begin = 0;
  std::size_t w;
  while (begin < s.size() && (w = whitespace_length_at(s, begin)) != 0) begin += w;
  return rstrip(s.substr(begin));
}

bool is_ascii(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ull) return false;
  }
  for (; i < n; ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

std::string lower(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    return out;
  }
  // ICU's root-locale lowercasing is the Unicode full mapping with the Final_Sigma context, which is
  // what Python's str.lower() does.
  UErrorCode status = U_ZERO_ERROR;
  int32_t utf16_length = 0;
  u_strFromUTF8(nullptr, 0, &utf16_length, s.data(), static_cast<int32_t>(s.size()), &status);
  status = U_ZERO_ERROR;
  std::u16string utf16(static_cast<std::size_t>(utf16_length), u'\0');
  u_strFromUTF8(utf16.data(), utf16_length, nullptr, s.data(), static_cast<int32_t>(s.size()), &status);
  if (U_FAILURE(status)) throw Error("lower(): input is not valid UTF-8");
  std::u16string lowered(utf16.size() + 16, u'\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    status = U_ZERO_ERROR;
    const int32_t n = u_strToLower(lowered.data(), static_cast<int32_t>(lowered.size()), utf16.data(),
                                   static_cast<int32_t>(utf16.size()), "", &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      lowered.assign(static_cast<std::size_t>(n), u'\0');
      continue;
    }
    if (U_FAILURE(status)) throw Error("lower(): ICU case mapping failed");
    lowered.resize(static_cast<std::size_t>(n));
    break;
  }
  int32_t utf8_length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &utf8_length, lowered.data(), static_cast<int32_t>(lowered.size()), &status);
  std::string out(static_cast<std::size_t>(utf8_length), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), utf8_length, nullptr, lowered.data(), static_cast<int32_t>(lowered.size()), &status);
  if (U_FAILURE(status)) throw Error("lower(): ICU conversion failed");
  return out;
}

}  // namespace trenchcoat::text
