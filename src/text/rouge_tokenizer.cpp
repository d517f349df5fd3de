#include "trenchcoat/text/rouge_tokenizer.hpp"

#include "trenchcoat/text/porter_stemmer.hpp"

namespace trenchcoat::text {

std::vector<std::string> RougeTokenizer::tokenize(std::string_view text) const {
  std::vector<std::string> tokens;
  std::string scratch, stem;
  for_each_rouge_word(text, scratch, [&](std::string_view word) {
    if (use_stemmer_ && rouge_stems_word(word)) {
      porter_stem(word, stem);
      if (!stem.empty()) tokens.push_back(stem);  // rouge-score drops empty tokens after stemming
    } else {
      tokens.emplace_back(word);
    }
  });
  return tokens;
}

}  // namespace trenchcoat::text
