// sacreBLEU's default tokenizer "13a" (mteval-v13a) and the punctuation rules it shares with "zh".
//
// The four regular-expression rules are fixed-width and ASCII-only on the side that decides a match, so
// they are written as byte scanners: a multi-byte character can never start a match of rules 2-4, and
// where rules 2 and 3 test "not a digit" a continuation byte answers the same as its whole character.
// Each rule is one pass over the previous pass's output, as in sacreBLEU, into reused buffers.
#include <array>
#include <cstring>

#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "string_replace.hpp"

namespace trenchcoat::text {
namespace {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_period_or_comma(char c) { return c == '.' || c == ','; }

// Rule 1's class: { | } ~  [ \ ] ^ _ `  space ! " # $ % &  ( ) * +  : ; < = > ? @  /
constexpr std::array<bool, 256> kRule1 = [] {
  std::array<bool, 256> t{};
  for (int u = 0; u < 256; ++u)
    t[u] = (u >= '{' && u <= '~') || (u >= '[' && u <= '`') || (u >= ' ' && u <= '&') || (u >= '(' && u <= '+') ||
           (u >= ':' && u <= '@') || u == '/';
  return t;
}();

// Rule 1: pad every character of the class with spaces.
//
// Spaces are not doubled: where the rule would write a space after a space, one is enough. This never
// changes the tokens. In rules 2-4 a whitespace character only ever acts as "not a digit, not '.', ','
// or '-'", and a match takes at most one character of a run of whitespace (rule 3's second character,
// which is then followed by the rest of the run or by what follows it); a shorter, non-empty run
// therefore leads to the same matches, and the final split ignores how long the runs are.
// Bytes that are, or may start, whitespace other than the ASCII space (see python_string.hpp).
constexpr std::array<bool, 256> kOtherWhitespaceByte = [] {
  std::array<bool, 256> t{};
  for (int b = 0; b < 256; ++b)
    t[b] = (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F) || b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3;
  return t;
}();

// Also reports whether the text may hold whitespace other than ' ' (then the final split must use
// Python's full whitespace rules; otherwise splitting on ' ' is the same).
//
// Written without a branch on the character class (punctuation is frequent and irregular): each step
// writes a possible leading space, the character and a possible trailing space, and advances over what
// it keeps. The output buffer needs two spare bytes at its end.
struct RuleTriggers {
  bool other_whitespace = false;  // whitespace other than ' ' may occur
  bool period_or_comma = false;   // rules 2 and 3 can match
  bool dash = false;              // rule 4 can match
};

char* pad_punctuation(const char* in, const char* end, char* out, RuleTriggers& triggers) {
  bool other = false, period_or_comma = false, dash = false;
  bool last_was_space = false;  // as if the text started after a non-space: a leading space is written
  for (; in < end; ++in) {
    const char c = *in;
    const auto u = static_cast<unsigned char>(c);
    other |= kOtherWhitespaceByte[u];
    period_or_comma |= (c == '.') | (c == ',');
    dash |= c == '-';
    const bool in_class = kRule1[u];
    const bool is_space = c == ' ';
    out[0] = ' ';
    out += in_class & !last_was_space;  // leading space, unless one is already there
    out[0] = c;
    out += !(in_class & is_space);  // the character (a space is its own padding)
    out[0] = ' ';
    out += in_class & !is_space;  // trailing space
    last_was_space = in_class;
  }
  triggers.other_whitespace = other;
  triggers.period_or_comma = period_or_comma;
  triggers.dash = dash;
  return out;
}

// Finds the next '.' or ',' at or after p with memchr, remembering the farther of the two hits so
// that each byte is searched once.
class PeriodOrCommaFinder {
 public:
  PeriodOrCommaFinder(const char* begin, const char* end)
      : end_(end), period_(find(begin, '.')), comma_(find(begin, ',')) {}
  const char* next(const char* p) {
    if (period_ != nullptr && period_ < p) period_ = find(p, '.');
    if (comma_ != nullptr && comma_ < p) comma_ = find(p, ',');
    if (period_ == nullptr) return comma_;
    if (comma_ == nullptr) return period_;
    return period_ < comma_ ? period_ : comma_;
  }

 private:
  const char* find(const char* p, char c) const {
    return p < end_ ? static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end_ - p))) : nullptr;
  }
  const char* end_;
  const char* period_;
  const char* comma_;
};

char* copy_span(const char* from, const char* to, char* out) {
  const std::size_t n = static_cast<std::size_t>(to - from);
  std::memcpy(out, from, n);
  return out + n;
}

// Rule 2: a period or comma after a non-digit: "x." -> "x . ". A match starts one character before
// each '.' or ','; the text between candidates is copied unchanged.
char* split_period_after_non_digit(const char* in, const char* end, char* out) {
  PeriodOrCommaFinder finder(in, end);
  while (in < end) {
    const char* hit = finder.next(in + 1);  // the second character of a match
    if (hit == nullptr) break;
    out = copy_span(in, hit - 1, out);
    in = hit - 1;
    if (!is_digit(in[0])) {
      out[0] = in[0];
      out[1] = ' ';
      out[2] = in[1];
      out[3] = ' ';
      out += 4;
      in += 2;
    } else {
      *out++ = *in++;
    }
  }
  return copy_span(in, end, out);
}

// Rule 3: a period or comma before a non-digit: ".x" -> " . x".
char* split_period_before_non_digit(const char* in, const char* end, char* out) {
  PeriodOrCommaFinder finder(in, end);
  while (in < end) {
    const char* hit = finder.next(in);  // the first character of a match
    if (hit == nullptr || hit + 1 >= end) break;
    out = copy_span(in, hit, out);
    in = hit;
    if (!is_digit(in[1])) {
      out[0] = ' ';
      out[1] = in[0];
      out[2] = ' ';
      out[3] = in[1];
      out += 4;
      in += 2;
    } else {
      *out++ = *in++;
    }
  }
  return copy_span(in, end, out);
}

// Rule 4: a dash after a digit: "5-" -> "5 - ".
char* split_dash_after_digit(const char* in, const char* end, char* out) {
  while (in < end) {
    const char* dash = in + 1 < end
                           ? static_cast<const char*>(std::memchr(in + 1, '-', static_cast<std::size_t>(end - in - 1)))
                           : nullptr;
    if (dash == nullptr) break;
    out = copy_span(in, dash - 1, out);
    in = dash - 1;
    if (is_digit(in[0])) {
      out[0] = in[0];
      out[1] = ' ';
      out[2] = '-';
      out[3] = ' ';
      out += 4;
      in += 2;
    } else {
      *out++ = *in++;
    }
  }
  return copy_span(in, end, out);
}

// The four rules, without the final whitespace normalisation; returns the length of the output in out.
// Rules 2-4 only insert spaces, so what rule 1 saw tells which of them can match; the others are
// skipped. Passes go back and forth between out and a scratch buffer.
std::size_t apply_regexp_rules(std::string_view line, std::string& out, RuleTriggers& triggers) {
  thread_local std::string scratch;
  // Upper bounds: rule 1 at most triples the text, each later rule at most doubles it.
  out.resize(line.size() * 3 + 8);
  std::size_t n = static_cast<std::size_t>(
      pad_punctuation(line.data(), line.data() + line.size(), out.data(), triggers) - out.data());
  auto pass = [&](char* (*rule)(const char*, const char*, char*)) {
    scratch.resize(n * 2 + 8);  // rules 2-4 at most double the text (each match adds two spaces to two characters)
    n = static_cast<std::size_t>(rule(out.data(), out.data() + n, scratch.data()) - scratch.data());
    out.swap(scratch);
  };
  if (triggers.period_or_comma) {
    pass(split_period_after_non_digit);
    pass(split_period_before_non_digit);
  }
  if (triggers.dash) pass(split_dash_after_digit);
  return n;
}

// 13a's str.replace steps, then the space padding; returns the padded line (a thread-local buffer).
const std::string& prepare_13a(std::string_view line) {
  thread_local std::string padded;
  padded.assign(1, ' ');
  // Most lines have none of these patterns: look before copying.
  if (line.find("<skipped>") != std::string_view::npos || line.find('\n') != std::string_view::npos ||
      line.find('&') != std::string_view::npos) {
    std::string s = replace_all(line, "<skipped>", "");
    s = replace_all(s, "-\n", "");
    s = replace_all(s, "\n", " ");
    if (s.find('&') != std::string::npos) {
      // Sequential, in this order: "&amp;quot;" therefore becomes "&quot;", not a quote.
      s = replace_all(s, "&quot;", "\"");
      s = replace_all(s, "&amp;", "&");
      s = replace_all(s, "&lt;", "<");
      s = replace_all(s, "&gt;", ">");
    }
    padded += s;
  } else {
    padded.append(line);
  }
  padded.push_back(' ');
  return padded;
}

}  // namespace

std::string tokenize_regexp(std::string_view line) {
  thread_local std::string buffer;
  RuleTriggers triggers;
  const std::size_t n = apply_regexp_rules(line, buffer, triggers);
  return join_whitespace(std::string_view(buffer.data(), n));
}

void tokenize_regexp_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens) {
  RuleTriggers triggers;
  storage.resize(apply_regexp_rules(line, storage, triggers));
  tokens.clear();
  if (triggers.other_whitespace) {
    split_whitespace(storage, tokens);
    return;
  }
  // Only ' ' separates tokens here. Eight spaces after the text let the scan read whole words: the
  // end of a token is the first space byte of a word (a zero byte of word ^ 0x2020...).
  const std::size_t n = storage.size();
  storage.append(8, ' ');
  const char* p = storage.data();
  const char* const end = p + n;
  constexpr std::uint64_t kSpaces = 0x2020202020202020ull, kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  while (true) {
    while (p < end && *p == ' ') ++p;
    if (p >= end) break;
    const char* start = p;
    while (true) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t x = w ^ kSpaces;
      const std::uint64_t zero =
          (x - kLow) & ~x & kHigh;  // high bit set at (and only trusted from) the first zero byte
      if (zero != 0) {
        p += static_cast<unsigned>(__builtin_ctzll(zero)) / 8;
        break;
      }
      p += 8;
    }
    if (p > end) p = end;
    tokens.emplace_back(start, static_cast<std::size_t>(p - start));
  }
}

std::string tokenize_13a(std::string_view line) { return tokenize_regexp(prepare_13a(line)); }

void tokenize_13a_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens) {
  tokenize_regexp_split(prepare_13a(line), storage, tokens);
}

}  // namespace trenchcoat::text
