// sacreBLEU's default tokenizer "13a" (mteval-v13a) and the punctuation rules it shares with "zh".
//
// The four regular-expression rules are fixed-width and ASCII-only on the side that decides a match, so
// they are written as byte scanners: a multi-byte character can never start a match of rules 2-4, and
// where rules 2 and 3 test "not a digit" a continuation byte answers the same as its whole character.
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "string_replace.hpp"

namespace trenchcoat::text {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_period_or_comma(char c) { return c == '.' || c == ','; }

// Rule 1's class: { | } ~  [ \ ] ^ _ `  space ! " # $ % &  ( ) * +  : ; < = > ? @  /
bool is_rule1_punctuation(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '{' && u <= '~') || (u >= '[' && u <= '`') || (u >= ' ' && u <= '&') || (u >= '(' && u <= '+') ||
         (u >= ':' && u <= '@') || u == '/';
}

}  // namespace

std::string tokenize_regexp(std::string_view line) {
  // Rule 1: pad every character of the class with spaces.
  std::string a;
  a.reserve(line.size() * 2 + 8);
  for (char c : line) {
    if (is_rule1_punctuation(c)) {
      a.push_back(' ');
      a.push_back(c);
      a.push_back(' ');
    } else {
      a.push_back(c);
    }
  }
  // Rule 2: a period or comma after a non-digit gets a space on each side: "x." -> "x . ".
  std::string b;
  b.reserve(a.size() * 2);
  for (std::size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && !is_digit(a[i]) && is_period_or_comma(a[i + 1])) {
      b.push_back(a[i]);
      b.push_back(' ');
      b.push_back(a[i + 1]);
      b.push_back(' ');
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }
  // Rule 3: a period or comma before a non-digit: ".x" -> " . x".
  a.clear();
  for (std::size_t i = 0; i < b.size();) {
    if (i + 1 < b.size() && is_period_or_comma(b[i]) && !is_digit(b[i + 1])) {
      a.push_back(' ');
      a.push_back(b[i]);
      a.push_back(' ');
      a.push_back(b[i + 1]);
      i += 2;
    } else {
      a.push_back(b[i++]);
    }
  }
  // Rule 4: a dash after a digit: "5-" -> "5 - ".
  b.clear();
  for (std::size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && is_digit(a[i]) && a[i + 1] == '-') {
      b.push_back(a[i]);
      b.append(" - ");
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }
  return join_whitespace(b);
}

std::string tokenize_13a(std::string_view line) {
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
  std::string padded;
  padded.reserve(s.size() + 2);
  padded.push_back(' ');
  padded += s;
  padded.push_back(' ');
  return tokenize_regexp(padded);
}

}  // namespace trenchcoat::text
