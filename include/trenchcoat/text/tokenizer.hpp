#pragma once
// BLEU's tokenizers, as sacreBLEU 2.6.0 defines them: each maps one (right-stripped) line to a string of
// space-separated tokens. They know nothing of metrics.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::text {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual std::string tokenize(std::string_view line) const = 0;
  // The tokens of tokenize(line) split on whitespace, as views into `storage` (overwritten). The
  // same tokens as split_whitespace(tokenize(line)); tokenizers may produce them without the join.
  virtual void tokenize_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens) const;
  // The name sacreBLEU writes in signatures ("13a", "intl", "flores101", ...).
  virtual std::string signature() const = 0;
};

struct TokenizerOptions {
  // SentencePiece model for flores101 / flores200 / spm / spBLEU-1K. Empty: looked up where sacreBLEU
  // caches it ($SACREBLEU/models or ~/.sacrebleu/models); nothing is ever downloaded.
  std::string spm_model_path;
};

// Names accepted by make_tokenizer, in sacreBLEU's order.
const std::vector<std::string>& tokenizer_names();

// Builds a tokenizer by its sacreBLEU name. Unknown names, ja-mecab / ko-mecab and missing SentencePiece
// models are errors with a message that says what exists or what to do.
std::unique_ptr<Tokenizer> make_tokenizer(const std::string& name, const TokenizerOptions& options = {});

// The individual tokenizers, for tests and for callers who want one directly.
std::string tokenize_13a(std::string_view line);
std::string tokenize_intl(std::string_view line);
std::string tokenize_zh(std::string_view line);
std::string tokenize_char(std::string_view line);
// sacreBLEU's TokenizerRegexp: the four punctuation rules, then whitespace normalisation.
std::string tokenize_regexp(std::string_view line);
// Split-token forms of the above (see Tokenizer::tokenize_split).
void tokenize_13a_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens);
void tokenize_zh_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens);
void tokenize_regexp_split(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens);
// Membership in sacreBLEU's (quirky) table of Chinese characters, as it behaves (see the spec).
bool is_zh_tokenizer_chinese_char(char32_t c);

}  // namespace trenchcoat::text
