#include "neural/xlm_roberta_encoder.hpp"

#include <cmath>

#include "neural/encoder_kernels.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

XlmRobertaEncoder::XlmRobertaEncoder(std::shared_ptr<const WeightStore> weights, std::string prefix,
                                     EncoderConfig config, const RuntimeOptions& options)
    : PostLayerNormEncoder(std::move(weights), std::move(prefix), std::move(config), options, "query", "key", "value") {
  const std::int64_t hidden = config_.hidden_size;
  word_embeddings_ = tensor("embeddings.word_embeddings.weight", {config_.vocab_size, hidden}).data();
  position_embeddings_ =
      tensor("embeddings.position_embeddings.weight", {config_.max_position_embeddings, hidden}).data();
  token_type_embedding_ = tensor("embeddings.token_type_embeddings.weight", {config_.type_vocab_size, hidden}).data();
  embedding_norm_ = layer_norm("embeddings.LayerNorm");
}

float XlmRobertaEncoder::attention_scale() const {
  return 1.0f / std::sqrt(static_cast<float>(config_.hidden_size / config_.num_heads));
}

void XlmRobertaEncoder::embed(const PackedBatch& batch, float* out, EncoderWorkspace& /*workspace*/) const {
  const std::size_t hidden = static_cast<std::size_t>(config_.hidden_size);
  const int pad = config_.pad_token_id;
  const int max_tokens = config_.max_position_embeddings - pad - 1;
  for (std::size_t s = 0; s < batch.ids.size(); ++s)
    if (batch.lengths[s] > max_tokens)
      throw Error(weights_path(), 0,
                  "sequence " + std::to_string(s) + " has " + std::to_string(batch.lengths[s]) +
                      " tokens; this encoder takes at most " + std::to_string(max_tokens) +
                      " (max_position_embeddings " + std::to_string(config_.max_position_embeddings) + ")");
  const float eps = static_cast<float>(config_.layer_norm_eps);
  pool().parallel_for(batch.ids.size(), 1, [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t s = begin; s < end; ++s) {
      const auto& ids = batch.ids[s];
      float* row = out + static_cast<std::size_t>(batch.offsets[s]) * hidden;
      int real_tokens = 0;
      for (std::size_t t = 0; t < ids.size(); ++t, row += hidden) {
        const int id = ids[t];
        int position = pad;
        if (id != pad) position = pad + ++real_tokens;
        const float* word = word_embeddings_ + static_cast<std::size_t>(id) * hidden;
        const float* where = position_embeddings_ + static_cast<std::size_t>(position) * hidden;
        // HF order: (word + token type) + position.
        for (std::size_t i = 0; i < hidden; ++i) row[i] = word[i] + token_type_embedding_[i];
        add_to(row, where, hidden);
        layer_norm_row(row, row, hidden, embedding_norm_.gamma, embedding_norm_.beta, eps);
      }
    }
  });
}

}  // namespace trenchcoat::neural
