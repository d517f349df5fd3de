// SentencePiece tokenizers of pretrained encoders (see encoder_tokenizer.hpp).
#include "trenchcoat/text/encoder_tokenizer.hpp"

#include <sentencepiece_processor.h>

#include <filesystem>

#include "trenchcoat/error.hpp"

namespace trenchcoat::text {
namespace {

// XLM-R's fairseq dictionary puts four specials before the SentencePiece pieces, which are shifted by
// one (SentencePiece's own <unk>, <s>, </s> take ids 0..2; fairseq's take 0..3).
constexpr std::int32_t kFairseqOffset = 1;

}  // namespace

EncoderTokenizer::EncoderTokenizer(const std::string& model_path, SpecialTokenScheme scheme)
    : model_path_(model_path), scheme_(scheme), processor_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(model_path, ec)) throw Error(model_path, 0, "tokenizer model not found");
  const auto status = processor_->Load(model_path);
  if (!status.ok()) throw Error(model_path, 0, "not a SentencePiece model: " + status.ToString());
  if (scheme_ == SpecialTokenScheme::xlm_roberta) {
    cls_ = 0, pad_ = 1, sep_ = 2, unk_ = 3;
  } else {
    auto id_of = [&](const char* piece) {
      const int id = processor_->PieceToId(piece);
      if (id == processor_->unk_id() && std::string_view(piece) != "[UNK]")
        throw Error(model_path, 0, std::string("DeBERTa tokenizer model has no ") + piece + " piece");
      return static_cast<std::int32_t>(id);
    };
    cls_ = id_of("[CLS]"), sep_ = id_of("[SEP]"), pad_ = id_of("[PAD]");
    unk_ = processor_->unk_id();
  }
}

EncoderTokenizer::~EncoderTokenizer() = default;
EncoderTokenizer::EncoderTokenizer(EncoderTokenizer&&) noexcept = default;

std::int32_t EncoderTokenizer::id_limit() const {
  const auto size = static_cast<std::int32_t>(processor_->GetPieceSize());
  return scheme_ == SpecialTokenScheme::xlm_roberta ? size + kFairseqOffset : size;
}

std::vector<std::int32_t> EncoderTokenizer::pieces(std::string_view text) const {
  std::vector<int> ids;
  const auto status = processor_->Encode(text, &ids);
  if (!status.ok()) throw Error(model_path_, 0, "SentencePiece encoding failed: " + status.ToString());
  std::vector<std::int32_t> out;
  out.reserve(ids.size());
  for (const int id : ids) {
    if (scheme_ == SpecialTokenScheme::xlm_roberta) out.push_back(id == 0 ? unk_ : id + kFairseqOffset);
    else out.push_back(id);
  }
  return out;
}

std::vector<std::int32_t> EncoderTokenizer::encode(std::string_view text, std::size_t max_length) const {
  std::vector<std::int32_t> body = pieces(text);
  if (max_length) {
    if (max_length < 2)
      throw Error("max_length " + std::to_string(max_length) + " leaves no room for the special tokens");
    if (body.size() > max_length - 2) body.resize(max_length - 2);
  }
  std::vector<std::int32_t> out;
  out.reserve(body.size() + 2);
  out.push_back(cls_);
  out.insert(out.end(), body.begin(), body.end());
  out.push_back(sep_);
  return out;
}

std::vector<std::int32_t> EncoderTokenizer::encode_pair(std::string_view first, std::string_view second,
                                                        std::size_t max_length) const {
  std::vector<std::int32_t> a = pieces(first), b = pieces(second);
  // XLM-R: <s> A </s></s> B </s> (4 specials); DeBERTa: [CLS] A [SEP] B [SEP] (3).
  const std::size_t specials = scheme_ == SpecialTokenScheme::xlm_roberta ? 4 : 3;
  if (max_length) {
    if (max_length < specials)
      throw Error("max_length " + std::to_string(max_length) + " leaves no room for the special tokens");
    const std::size_t budget = max_length - specials;
    while (a.size() + b.size() > budget) {
      if (a.size() > b.size()) a.pop_back();
      else b.pop_back();
    }
  }
  std::vector<std::int32_t> out;
  out.reserve(a.size() + b.size() + specials);
  out.push_back(cls_);
  out.insert(out.end(), a.begin(), a.end());
  out.push_back(sep_);
  if (scheme_ == SpecialTokenScheme::xlm_roberta) out.push_back(sep_);
  out.insert(out.end(), b.begin(), b.end());
  out.push_back(sep_);
  return out;
}

}  // namespace trenchcoat::text
