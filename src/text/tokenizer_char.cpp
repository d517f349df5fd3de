// sacreBLEU's "char" tokenizer: every code point separated by a space (whitespace code points then
// vanish when BLEU splits the line).
#include "trenchcoat/text/tokenizer.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::text {

std::string tokenize_char(std::string_view line) {
  std::string out;
  out.reserve(line.size() * 2);
  for (std::size_t pos = 0; pos < line.size();) {
    const std::size_t start = pos;
    pos += sequence_length(static_cast<unsigned char>(line[pos]));
    if (start != 0) out.push_back(' ');
    out.append(line.data() + start, pos - start);
  }
  return out;
}

}  // namespace trenchcoat::text
