// sacreBLEU's TercomTokenizer. Every regular expression of tokenizer_ter.py is fixed-width (one or two
// code points), so each is written as a scanner that walks the string once; see spec section 1.5.
//
// The Western rules only ever decide on ASCII characters, so they scan bytes: a byte of a multi-byte
// character is never a digit, a period, a comma or a dash, and it answers "not a digit" the same way its
// whole character does, so matches fall exactly where they fall on code points. The CJK rules decode
// code points.
#include "trenchcoat/text/tercom_tokenizer.hpp"

#include "string_replace.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_period_or_comma(char c) { return c == '.' || c == ','; }

// The class [{-~[-` -&(-+:-@/] of the punctuation rule: { | } ~  [ \ ] ^ _ `  space ! " # $ % &
// ( ) * +  : ; < = > ? @  /  (not ' , - . or alphanumerics).
bool is_padded_punctuation(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '{' && u <= '~') || (u >= '[' && u <= '`') || (u >= ' ' && u <= '&') || (u >= '(' && u <= '+') ||
         (u >= ':' && u <= '@') || u == '/';
}

// ASIAN_PUNCT: U+3001, U+3002, U+3008-3011, U+3014-301F, U+FF61-FF65, U+30FB.
bool is_asian_punct(char32_t c) {
  return c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) ||
         (c >= 0xFF61 && c <= 0xFF65) || c == 0x30FB;
}

// FULL_WIDTH_PUNCT: U+FF0E U+FF0C U+FF1F U+FF1A U+FF1B U+FF01 U+FF02 U+FF08 U+FF09.
bool is_full_width_punct(char32_t c) {
  switch (c) {
    case 0xFF0E:
    case 0xFF0C:
    case 0xFF1F:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF01:
    case 0xFF02:
    case 0xFF08:
    case 0xFF09:
      return true;
    default:
      return false;
  }
}

// The characters that _normalize_asian surrounds with spaces. Its rules run one after the other and each
// only inserts spaces around single characters of a class that contains no space, so running them in
// sequence pads each character of the union of the classes (characters in two classes get two spaces on
// each side, which the final whitespace collapsing makes invisible). The three kana rules need the whole
// string to be kana from ^ to $, which cannot happen after the Western part padded it with spaces.
bool is_asian_padded(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||  // CJK Unified Ideographs (+ Ext. A)
         (c >= 0x31C0 && c <= 0x31EF) || (c >= 0x2E80 && c <= 0x2EFF) ||  // CJK Strokes, Radicals Supplement
         (c >= 0x3300 && c <= 0x33FF) || (c >= 0xF900 && c <= 0xFAFF) ||  // CJK Compatibility (+ Ideographs)
         (c >= 0xFE30 && c <= 0xFE4F) ||                                  // CJK Compatibility Forms
         (c >= 0x3200 && c <= 0x3F22) ||                                  // the rule's (wide) 3200-3F22 range
         is_asian_punct(c) || is_full_width_punct(c);
}

// _normalize_general_and_western.
std::string normalize_western(std::string s) {
  // Line joins and XML unescaping, in this order, each over the result of the previous one.
  s = replace_all(s, "\n-", "");
  s = replace_all(s, "\n", " ");
  s = replace_all(s, "&quot;", "\"");
  s = replace_all(s, "&amp;", "&");
  s = replace_all(s, "&lt;", "<");
  s = replace_all(s, "&gt;", ">");

  // Pad the sentence with a space on each side, and every punctuation character of the class too.
  std::string a;
  a.reserve(s.size() * 3 + 8);
  a.push_back(' ');
  for (char c : s) {
    if (is_padded_punctuation(c)) {
      a.push_back(' ');
      a.push_back(c);
      a.push_back(' ');
    } else {
      a.push_back(c);
    }
  }
  a.push_back(' ');

  // Possessives: "'s " -> " 's ". The rule for "'s" at the very end never fires: the string ends in
  // spaces now.
  std::string b = replace_all(a, "'s ", " 's ");

  // A period or comma after a non-digit: "x." -> "x . ".
  a.clear();
  a.reserve(b.size() * 2);
  for (std::size_t i = 0; i < b.size();) {
    if (i + 1 < b.size() && !is_digit(b[i]) && is_period_or_comma(b[i + 1])) {
      a.push_back(b[i]);
      a.push_back(' ');
      a.push_back(b[i + 1]);
      a.push_back(' ');
      i += 2;
    } else {
      a.push_back(b[i++]);
    }
  }

  // A period or comma before a non-digit: ".x" -> " . x".
  b.clear();
  b.reserve(a.size() * 2);
  for (std::size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && is_period_or_comma(a[i]) && !is_digit(a[i + 1])) {
      b.push_back(' ');
      b.push_back(a[i]);
      b.push_back(' ');
      b.push_back(a[i + 1]);
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }

  // A dash after a digit: "5-" -> "5 - ".
  a.clear();
  a.reserve(b.size() * 2);
  for (std::size_t i = 0; i < b.size();) {
    if (i + 1 < b.size() && is_digit(b[i]) && b[i + 1] == '-') {
      a.push_back(b[i]);
      a.append(" - ");
      i += 2;
    } else {
      a.push_back(b[i++]);
    }
  }
  return a;
}

// _normalize_asian.
std::string normalize_asian(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t c = next_code_point(s, pos);
    if (is_asian_padded(c)) {
      out.push_back(' ');
      out.append(s.data() + start, pos - start);
      out.push_back(' ');
    } else {
      out.append(s.data() + start, pos - start);
    }
  }
  return out;
}

// _remove_punct, then _remove_asian_punct when asked.
std::string remove_punct(std::string_view s, bool asian) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t c = next_code_point(s, pos);
    bool drop = false;
    switch (c) {
      case '.':
      case ',':
      case '?':
      case ':':
      case ';':
      case '!':
      case '"':
      case '(':
      case ')':
        drop = true;
        break;
      default:
        drop = asian && (is_asian_punct(c) || is_full_width_punct(c));
    }
    if (!drop) out.append(s.data() + start, pos - start);
  }
  return out;
}

}  // namespace

std::string tokenize_tercom(std::string_view line, const TercomTokenizerOptions& options) {
  if (line.empty()) return "";
  std::string s = options.case_sensitive ? std::string(line) : lower(line);
  if (options.normalized) {
    s = normalize_western(std::move(s));
    if (options.asian_support) s = normalize_asian(s);
  }
  if (options.no_punct) s = remove_punct(s, options.asian_support);
  return join_whitespace(s);
}

}  // namespace trenchcoat::text
