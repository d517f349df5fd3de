#pragma once
// XLM-RoBERTa / RoBERTa encoder (HF XLMRobertaModel without pooler):
//   position of the t-th token = pad_token_id + (number of non-pad tokens in positions 0..t) for a
//   non-pad token, pad_token_id for a pad token (HF create_position_ids_from_input_ids);
//   x = LN(word[id] + position[pos] + token_type[0]); post-LN layers; scores scaled by 1/sqrt(head_size).
// A sequence whose positions would exceed max_position_embeddings - 1 (XLM-R: more than 512 tokens)
// throws Error.
#include "neural/post_ln_encoder.hpp"

namespace trenchcoat::neural {

class XlmRobertaEncoder final : public PostLayerNormEncoder {
 public:
  // Tensor names below `prefix`: embeddings.{word,position,token_type}_embeddings.weight,
  // embeddings.LayerNorm.*, encoder.layer.N.attention.self.{query,key,value}.*, ...
  XlmRobertaEncoder(std::shared_ptr<const WeightStore> weights, std::string prefix, EncoderConfig config,
                    const RuntimeOptions& options);

 private:
  void embed(const PackedBatch& batch, float* out, EncoderWorkspace& workspace) const override;
  float attention_scale() const override;

  const float* word_embeddings_ = nullptr;
  const float* position_embeddings_ = nullptr;
  const float* token_type_embedding_ = nullptr;  // row 0
  LayerNormWeights embedding_norm_;
};

}  // namespace trenchcoat::neural
