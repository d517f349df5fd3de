#pragma once
// sacreBLEU 2.6.0's TercomTokenizer (tokenizers/tokenizer_ter.py), the preprocessing of TER: lowercasing
// unless case-sensitive, optional normalisation (XML unescaping and Western punctuation splitting, plus
// CJK character splitting with asian_support), optional punctuation removal, and whitespace collapsing.
#include <string>
#include <string_view>

#include "trenchcoat/text/tokenizer.hpp"

namespace trenchcoat::text {

struct TercomTokenizerOptions {
  bool normalized = false;
  bool no_punct = false;
  bool asian_support = false;  // only has an effect together with normalized and/or no_punct
  bool case_sensitive = false;
};

// The tokenized line: tokens separated by single spaces (an empty line gives "").
std::string tokenize_tercom(std::string_view line, const TercomTokenizerOptions& options);

class TercomTokenizer : public Tokenizer {
 public:
  explicit TercomTokenizer(TercomTokenizerOptions options = {}) : options_(options) {}
  std::string tokenize(std::string_view line) const override { return tokenize_tercom(line, options_); }
  std::string signature() const override { return "tercom"; }
  const TercomTokenizerOptions& options() const { return options_; }

 private:
  TercomTokenizerOptions options_;
};

}  // namespace trenchcoat::text
