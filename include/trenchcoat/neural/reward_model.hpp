#pragma once
// Encoder reward models in the HF sequence-classification layout (a directory with config.json, the
// weights as model.safetensors or pytorch_model.bin, and the SentencePiece tokenizer), scoring a
// (prompt, response) pair with one logit:
//   DebertaV2ForSequenceClassification (e.g. OpenAssistant's DeBERTa-v3 reward models): input
//     [CLS] prompt [SEP] response [SEP] (tokenizer `spm.model`); ContextPooler (dense on the first
//     token's last hidden state, then pooler_hidden_act) and a linear classifier. No truncation by
//     default, as HF's tokenizer call without truncation (relative attention takes longer inputs).
//   XLMRobertaForSequenceClassification: <s> prompt </s></s> response </s> (`sentencepiece.bpe.model`);
//     RobertaClassificationHead (dense on <s>, tanh, out_proj). Default max length:
//     max_position_embeddings - 2 (512), longest_first truncation (encoder_tokenizer.hpp).
// The score is the raw logit of a one-label classifier (id2label of size 1); other label counts are
// refused. Higher is better.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/neural/model_options.hpp"

namespace trenchcoat::neural {

struct RewardInput {
  std::string prompt, response;
};

class RewardModel {
 public:
  // Throws trenchcoat::Error naming the file (and tensor) for missing files, corrupt weights, wrong
  // shapes or an unsupported architecture.
  static std::unique_ptr<RewardModel> load(const std::string& directory, const ModelOptions& options);
  virtual ~RewardModel() = default;
  virtual std::vector<double> score(std::span<const RewardInput> inputs) const = 0;
  // The token ids the encoder receives for one input (pair template, truncated).
  virtual std::vector<std::int32_t> encode(const RewardInput& input) const = 0;
  virtual std::vector<std::string> files() const = 0;
  virtual std::string description() const = 0;  // e.g. "DebertaV2ForSequenceClassification"
};

}  // namespace trenchcoat::neural
