// sacreBLEU's "intl" tokenizer (mteval-v14 international): punctuation next to a non-number and every
// symbol become separate tokens. Works on code points, with the Unicode 15 categories of the `regex`
// module. Like the original, a period between a number and the end of the line stays attached
// ("2019." is one token at the end of a line).
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "trenchcoat/text/unicode_category.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {

std::string tokenize_intl(std::string_view line) {
  const std::u32string cps = to_code_points(line);
  const std::size_t n = cps.size();
  // Rule 1: (\P{N})(\p{P}) -> "\1 \2 "
  std::u32string a;
  a.reserve(n * 2);
  for (std::size_t i = 0; i < n;) {
    if (i + 1 < n && !is_number(cps[i]) && is_punctuation(cps[i + 1])) {
      a.push_back(cps[i]);
      a.push_back(U' ');
      a.push_back(cps[i + 1]);
      a.push_back(U' ');
      i += 2;
    } else {
      a.push_back(cps[i++]);
    }
  }
  // Rule 2: (\p{P})(\P{N}) -> " \1 \2"
  std::u32string b;
  b.reserve(a.size() * 2);
  for (std::size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && is_punctuation(a[i]) && !is_number(a[i + 1])) {
      b.push_back(U' ');
      b.push_back(a[i]);
      b.push_back(U' ');
      b.push_back(a[i + 1]);
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }
  // Rule 3: (\p{S}) -> " \1 "
  std::string out;
  out.reserve(b.size() * 2);
  for (char32_t c : b) {
    if (is_symbol(c)) {
      out.push_back(' ');
      append_utf8(out, c);
      out.push_back(' ');
    } else {
      append_utf8(out, c);
    }
  }
  return join_whitespace(out);
}

}  // namespace trenchcoat::text
