#pragma once
// The SentencePiece tokenizers of pretrained encoders, with their model's id conventions and special
// tokens, through libsentencepiece. Piece ids equal python3-sentencepiece's
// EncodeAsIds for the same model file; HF's fast tokenizers agree with it on ordinary text (they may
// differ on leading, trailing or repeated spaces and on control characters).
//
//   xlm_roberta (XLM-R, InfoXLM; `sentencepiece.bpe.model`), fairseq convention:
//     <s>=0 <pad>=1 </s>=2 <unk>=3; a piece's id is its SentencePiece id + 1, except SentencePiece's
//     unknown (id 0) which becomes 3. Single sequence: <s> A </s>. Pair: <s> A </s></s> B </s>.
//   deberta_v2 (DeBERTa-v2/v3; `spm.model`): ids are SentencePiece ids ([PAD]=0 [CLS]=1 [SEP]=2
//     [UNK]=3 are pieces of the model itself). Single: [CLS] A [SEP]. Pair: [CLS] A [SEP] B [SEP].
//
// Truncation (max_length counts the special tokens; 0 = none):
//   single: keep the first max_length - 2 pieces (HF `truncation=True`).
//   pair: HF's "longest_first" as the Python tokenizers do it: while too long, drop the last piece of
//     the longer piece list, of the second one (B) when both are equally long.
// A max_length smaller than the special tokens themselves is an Error.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace trenchcoat::text {

enum class SpecialTokenScheme { xlm_roberta, deberta_v2 };

class EncoderTokenizer {
 public:
  // Throws trenchcoat::Error naming `model_path` when it is missing or not a SentencePiece model, or
  // (deberta_v2) when it lacks the [CLS]/[SEP]/[PAD] pieces.
  EncoderTokenizer(const std::string& model_path, SpecialTokenScheme scheme);
  ~EncoderTokenizer();
  EncoderTokenizer(EncoderTokenizer&&) noexcept;

  SpecialTokenScheme scheme() const { return scheme_; }
  const std::string& model_path() const { return model_path_; }
  std::int32_t cls_id() const { return cls_; }
  std::int32_t sep_id() const { return sep_; }
  std::int32_t pad_id() const { return pad_; }
  std::int32_t unk_id() const { return unk_; }
  // Largest id the tokenizer can produce + 1 (checked against the model's vocabulary size).
  std::int32_t id_limit() const;

  // The model ids of the text's pieces, without special tokens.
  std::vector<std::int32_t> pieces(std::string_view text) const;
  // <s> pieces </s> (or [CLS] pieces [SEP]), cut to max_length ids.
  std::vector<std::int32_t> encode(std::string_view text, std::size_t max_length) const;
  // The pair template of the scheme, with longest_first truncation to max_length ids.
  std::vector<std::int32_t> encode_pair(std::string_view first, std::string_view second, std::size_t max_length) const;

 private:
  std::string model_path_;
  SpecialTokenScheme scheme_;
  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
  std::int32_t cls_ = 0, sep_ = 2, pad_ = 1, unk_ = 3;
};

}  // namespace trenchcoat::text
