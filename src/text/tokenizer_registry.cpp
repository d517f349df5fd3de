// Tokenizers by sacreBLEU name.
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "sentencepiece_tokenizer.hpp"

namespace trenchcoat::text {
namespace {

using TokenizeFunction = std::string (*)(std::string_view);

class FunctionTokenizer : public Tokenizer {
 public:
  FunctionTokenizer(TokenizeFunction f, std::string signature) : f_(f), signature_(std::move(signature)) {}
  std::string tokenize(std::string_view line) const override { return f_(line); }
  std::string signature() const override { return signature_; }

 private:
  TokenizeFunction f_;
  std::string signature_;
};

std::string identity(std::string_view line) { return std::string(line); }

}  // namespace

const std::vector<std::string>& tokenizer_names() {
  static const std::vector<std::string> names = {"none", "zh", "13a", "char", "intl", "ja-mecab",
                                                 "ko-mecab", "spm", "flores101", "flores200", "spBLEU-1K"};
  return names;
}

std::unique_ptr<Tokenizer> make_tokenizer(const std::string& name, const TokenizerOptions& options) {
  if (name == "13a") return std::make_unique<FunctionTokenizer>(tokenize_13a, "13a");
  if (name == "intl") return std::make_unique<FunctionTokenizer>(tokenize_intl, "intl");
  if (name == "zh") return std::make_unique<FunctionTokenizer>(tokenize_zh, "zh");
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
