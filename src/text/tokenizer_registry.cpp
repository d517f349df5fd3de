// Tokenizers by sacreBLEU name.
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "sentencepiece_tokenizer.hpp"

namespace trenchcoat::text {
namespace {

using TokenizeFunction = std::string (*)(std::string_view);
using TokenizeSplitFunction = void (*)(std::string_view, std::string&, std::vector<std::string_view>&);

class FunctionTokenizer : public Tokenizer {
 public:
  FunctionTokenizer(TokenizeFunction f, std::string signature, TokenizeSplitFunction split = nullptr)
      : f_(f), split_(split), signature_(std::move(signature)) {}
  std::string tokenize(std::string_view line) const override { return f_(line); }
  void tokenize_split(std::string_view line, std::string& storage,
                      std::vector<std::string_view>& tokens) const override {
    if (split_ != nullptr) split_(line, storage, tokens);
    else Tokenizer::tokenize_split(line, storage, tokens);
  }
  std::string signature() const override { return signature_; }

 private:
  TokenizeFunction f_;
  TokenizeSplitFunction split_;
  std::string signature_;
};

std::string identity(std::string_view line) { return std::string(line); }

}  // namespace

void Tokenizer::tokenize_split(std::string_view line, std::string& storage,
                               std::vector<std::string_view>& tokens) const {
  storage = tokenize(line);
  tokens.clear();
  split_whitespace(storage, tokens);
}

const std::vector<std::string>& tokenizer_names() {
  static const std::vector<std::string> names = {"none",     "zh",  "13a",       "char",      "intl",     "ja-mecab",
                                                 "ko-mecab", "spm", "flores101", "flores200", "spBLEU-1K"};
  return names;
}

std::unique_ptr<Tokenizer> make_tokenizer(const std::string& name, const TokenizerOptions& options) {
  if (name == "13a") return std::make_unique<FunctionTokenizer>(tokenize_13a, "13a", tokenize_13a_split);
  if (name == "intl") return std::make_unique<FunctionTokenizer>(tokenize_intl, "intl");
  if (name == "zh") return std::make_unique<FunctionTokenizer>(tokenize_zh, "zh", tokenize_zh_split);
  if (name == "char") return std::make_unique<FunctionTokenizer>(tokenize_char, "char");
  if (name == "none") return std::make_unique<FunctionTokenizer>(identity, "none");
  if (is_sentencepiece_tokenizer(name)) return make_sentencepiece_tokenizer(name, options.spm_model_path);
  if (name == "ja-mecab" || name == "ko-mecab")
    throw Error("tokenizer '" + name + "' is not supported by trenchcoat (it needs MeCab dictionaries)");
  std::string known;
  for (const auto& n : tokenizer_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown tokenizer '" + name + "' (known: " + known + ")");
}

}  // namespace trenchcoat::text
