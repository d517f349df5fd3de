// sacreBLEU's SentencePiece tokenizers (flores101, flores200, spBLEU-1K and the deprecated "spm"):
// the line's pieces joined by spaces. The model is never downloaded: it is taken from the path the user
// gives, or from where sacreBLEU caches it ($SACREBLEU/models/, else ~/.sacrebleu/models/).
#include <sentencepiece_processor.h>

#include <cstdlib>
#include <filesystem>

#include "trenchcoat/error.hpp"
#include "sentencepiece_tokenizer.hpp"

namespace trenchcoat::text {
namespace {

struct SentencePieceModelInfo {
  const char* key;
  const char* signature;
  const char* cached_file_name;  // the file name sacreBLEU stores the downloaded model under
};

constexpr SentencePieceModelInfo kModels[] = {
    {"spm", "flores101", "sacrebleu_tokenizer_spm.model"},
    {"flores101", "flores101", "sacrebleu_tokenizer_spm.model"},
    {"flores200", "flores200", "flores200sacrebleuspm"},
    {"spBLEU-1K", "spBLEU-1K", "spbleu-1k_tokenizer_spm.model"},
};

std::string sacrebleu_cache_dir() {
  if (const char* env = std::getenv("SACREBLEU"); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.sacrebleu";
}

class SentencePieceTokenizer : public Tokenizer {
 public:
  SentencePieceTokenizer(const SentencePieceModelInfo& info, const std::string& model_path) : info_(info) {
    const auto status = processor_.Load(model_path);
    if (!status.ok()) throw Error(model_path, 0, "cannot load SentencePiece model: " + status.ToString());
  }
  std::string tokenize(std::string_view line) const override {
    std::vector<std::string> pieces;
    const auto status = processor_.Encode(line, &pieces);
    if (!status.ok()) throw Error("SentencePiece encoding failed: " + status.ToString());
    std::string out;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i) out.push_back(' ');
      out += pieces[i];
    }
    return out;
  }
  std::string signature() const override { return info_.signature; }

 private:
  SentencePieceModelInfo info_;
  sentencepiece::SentencePieceProcessor processor_;
};

}  // namespace

bool is_sentencepiece_tokenizer(const std::string& name) {
  for (const auto& m : kModels)
    if (name == m.key) return true;
  return false;
}

std::unique_ptr<Tokenizer> make_sentencepiece_tokenizer(const std::string& name, const std::string& model_path) {
  for (const auto& m : kModels) {
    if (name != m.key) continue;
    std::string path = model_path;
    if (path.empty()) {
      path = sacrebleu_cache_dir() + "/models/" + m.cached_file_name;
      if (!std::filesystem::exists(path))
        throw Error("tokenizer '" + name + "' needs its SentencePiece model; trenchcoat never downloads it: " +
                    "pass --spm-model PATH, or place the file at " + path);
    } else if (!std::filesystem::exists(path)) {
      throw Error(path, 0, "SentencePiece model file not found");
    }
    return std::make_unique<SentencePieceTokenizer>(m, path);
  }
  throw Error("not a SentencePiece tokenizer: " + name);
}

}  // namespace trenchcoat::text
