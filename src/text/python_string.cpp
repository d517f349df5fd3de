#include "trenchcoat/text/python_string.hpp"

#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include <array>
#include <cstring>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {

namespace {

// Byte classes for scanning UTF-8 for Python whitespace: most bytes are decided by a table lookup, and
// only the lead bytes of the few multi-byte whitespace characters need a closer look.
enum ByteClass : unsigned char { kOther = 0, kAsciiSpace = 1, kMaybeSpaceLead = 2 };

constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> t{};
  for (int b = 0; b < 256; ++b) {
    if (b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)) t[b] = kAsciiSpace;
    else if (b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3) t[b] = kMaybeSpaceLead;
  }
  return t;
}();

inline std::size_t space_length(const char* p, std::size_t i, std::string_view s) {
  const unsigned char cls = kByteClass[static_cast<unsigned char>(p[i])];
  if (cls == kOther) return 0;
  if (cls == kAsciiSpace) return 1;
  return whitespace_length_at(s, i);
}

}  // namespace

void split_whitespace(std::string_view s, std::vector<std::string_view>& out) {
  const std::size_t n = s.size();
  const char* p = s.data();
  std::size_t i = 0;
  while (i < n) {
    std::size_t w;
    while (i < n && (w = space_length(p, i, s)) != 0) i += w;
    if (i >= n) break;
    const std::size_t start = i;
    while (i < n) {
      const unsigned char cls = kByteClass[static_cast<unsigned char>(p[i])];
      if (cls == kOther) {
        ++i;
        continue;
      }
      if (cls == kAsciiSpace || whitespace_length_at(s, i) != 0) break;
      ++i;  // a lead byte that does not start whitespace; its continuation bytes are kOther
    }
    out.push_back(s.substr(start, i - start));
  }
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> out;
  split_whitespace(s, out);
  return out;
}

std::string join_whitespace(std::string_view s) {
  std::string out(s.size(), '\0');
  char* o = out.data();
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
  bool first = true;
  while (i < n) {
    std::size_t w;
    while (i < n && (w = whitespace_length_at(s, i)) != 0) i += w;
    if (i >= n) break;
    if (!first) *o++ = ' ';
    first = false;
    // Copy the token; ASCII bytes that are not whitespace need no decoding.
    while (i < n) {
      const auto b = static_cast<unsigned char>(p[i]);
      if (b < 0x80) {
        if (b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)) break;
        *o++ = p[i++];
      } else {
        if (whitespace_length_at(s, i) != 0) break;
        const std::size_t len = sequence_length(b);
        for (std::size_t k = 0; k < len; ++k) *o++ = p[i + k];
        i += len;
      }
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
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
