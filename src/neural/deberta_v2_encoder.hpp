#pragma once
// DeBERTa-v2/v3 encoder (HF DebertaV2Model):
//   x = LN(word[id] [+ position[t] if position_biased_input] [+ token_type[0] if type_vocab_size > 0]);
//   relative attention with shared keys: R = LN_enc(rel_embeddings[0 : 2 span]) (when norm_rel_ebd),
//   pos_q = R Wq^T + bq, pos_k = R Wk^T + bk (the layer's own projections, computed once at load in
//   fp32, also in int8 mode), and per (sequence, head)
//     scores[i,j] = (q_i.k_j + c2p: q_i.pos_k[r(i,j)] + p2c: k_j.pos_q[r(i,j)]) / sqrt(head_size * (1 + #terms))
//   with r(i,j) = clamp(bucket(i - j) + span, 0, 2 span - 1) (relative_position_buckets.hpp; the same row
//   for c2p and p2c because the bucket is odd).
// Sequences longer than max_position_embeddings are accepted when positions are relative (the buckets
// clamp); with position_biased_input they throw Error. Unsupported variants (share_att_key = false,
// convolution layers) are refused by EncoderConfig::from_hf_config.
#include "neural/post_ln_encoder.hpp"

namespace trenchcoat::neural {

class DebertaV2Encoder final : public PostLayerNormEncoder {
 public:
  // Tensor names below `prefix`: embeddings.word_embeddings.weight, embeddings.LayerNorm.*,
  // encoder.rel_embeddings.weight, encoder.LayerNorm.*, encoder.layer.N.attention.self.{query,key,value}_proj.*, ...
  DebertaV2Encoder(std::shared_ptr<const WeightStore> weights, std::string prefix, EncoderConfig config,
                   const RuntimeOptions& options);

 private:
  void embed(const PackedBatch& batch, float* out, EncoderWorkspace& workspace) const override;
  void prepare_attention(const PackedBatch& batch, EncoderWorkspace& workspace) const override;
  float attention_scale() const override { return 1.0f / scale_; }
  void add_position_scores(int layer, int sequence, int head, int length, const float* q, const float* k, int stride,
                           float* scores, std::vector<float>& scratch,
                           const EncoderWorkspace& workspace) const override;

  const float* word_embeddings_ = nullptr;
  const float* position_embeddings_ = nullptr;   // position_biased_input only
  const float* token_type_embedding_ = nullptr;  // type_vocab_size > 0 only (row 0)
  LayerNormWeights embedding_norm_;
  bool relative_ = false;  // relative attention with at least one of c2p / p2c
  int span_ = 0;           // att_span: position_buckets, or max_relative_positions without buckets
  float scale_ = 1.0f;     // sqrt(head_size * (1 + #terms))
  // Per layer, [2 span x hidden]: the relative embeddings through the layer's query / key projections.
  std::vector<std::vector<float>> position_queries_, position_keys_;
};

}  // namespace trenchcoat::neural
