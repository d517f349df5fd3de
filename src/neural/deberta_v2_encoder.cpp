#include "neural/deberta_v2_encoder.hpp"

#include <cblas.h>

#include <cmath>

#include "neural/encoder_kernels.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

DebertaV2Encoder::DebertaV2Encoder(std::shared_ptr<const WeightStore> weights, std::string prefix, EncoderConfig config,
                                   const RuntimeOptions& options)
    : PostLayerNormEncoder(std::move(weights), std::move(prefix), std::move(config), options, "query_proj", "key_proj",
                           "value_proj") {
  if (config_.relative_attention && !config_.share_att_key && (config_.c2p || config_.p2c))
    throw Error(weights_path(), 0, "unsupported DeBERTa variant: share_att_key=false");
  const std::int64_t hidden = config_.hidden_size;
  const int head_size = config_.hidden_size / config_.num_heads;
  word_embeddings_ = tensor("embeddings.word_embeddings.weight", {config_.vocab_size, hidden}).data();
  if (config_.position_biased_input)
    position_embeddings_ =
        tensor("embeddings.position_embeddings.weight", {config_.max_position_embeddings, hidden}).data();
  if (config_.type_vocab_size > 0)
    token_type_embedding_ = tensor("embeddings.token_type_embeddings.weight", {config_.type_vocab_size, hidden}).data();
  embedding_norm_ = layer_norm("embeddings.LayerNorm");

  // HF: scale_factor = 1 + |{c2p, p2c} in pos_att_type|, whether or not relative attention is on.
  scale_ =
      std::sqrt(static_cast<float>(head_size) * static_cast<float>(1 + (config_.c2p ? 1 : 0) + (config_.p2c ? 1 : 0)));
  relative_ = config_.relative_attention && (config_.c2p || config_.p2c);
  if (!relative_) return;

  const int max_relative =
      config_.max_relative_positions >= 1 ? config_.max_relative_positions : config_.max_position_embeddings;
  span_ = config_.position_buckets > 0 ? config_.position_buckets : max_relative;
  const std::int64_t rows = 2 * static_cast<std::int64_t>(span_);
  const auto table = tensor("encoder.rel_embeddings.weight", {rows, hidden});
  std::vector<float> relative(table.begin(), table.end());
  if (config_.norm_rel_ebd) {
    const LayerNormWeights norm = layer_norm("encoder.LayerNorm");
    for (std::int64_t r = 0; r < rows; ++r) {
      float* row = relative.data() + r * hidden;
      layer_norm_row(row, row, static_cast<std::size_t>(hidden), norm.gamma, norm.beta,
                     static_cast<float>(config_.layer_norm_eps));
    }
  }
  // pos = R W^T + b with the layer's fp32 query / key weights.
  auto project = [&](const std::string& name) {
    const auto weight = tensor(name + ".weight", {hidden, hidden});
    const auto bias = tensor(name + ".bias", {hidden});
    std::vector<float> out(static_cast<std::size_t>(rows * hidden));
    for (std::int64_t r = 0; r < rows; ++r) std::copy(bias.begin(), bias.end(), out.begin() + r * hidden);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), static_cast<int>(hidden),
                static_cast<int>(hidden), 1.0f, relative.data(), static_cast<int>(hidden), weight.data(),
                static_cast<int>(hidden), 1.0f, out.data(), static_cast<int>(hidden));
    return out;
  };
  position_queries_.resize(static_cast<std::size_t>(config_.num_layers));
  position_keys_.resize(static_cast<std::size_t>(config_.num_layers));
  for (int l = 0; l < config_.num_layers; ++l) {
    const std::string base = "encoder.layer." + std::to_string(l) + ".attention.self.";
    if (config_.p2c) position_queries_[static_cast<std::size_t>(l)] = project(base + "query_proj");
    if (config_.c2p) position_keys_[static_cast<std::size_t>(l)] = project(base + "key_proj");
  }
}

void DebertaV2Encoder::embed(const PackedBatch& batch, float* out, EncoderWorkspace& /*workspace*/) const {
  const std::size_t hidden = static_cast<std::size_t>(config_.hidden_size);
  if (position_embeddings_)
    for (std::size_t s = 0; s < batch.ids.size(); ++s)
      if (batch.lengths[s] > config_.max_position_embeddings)
        throw Error(weights_path(), 0,
                    "sequence " + std::to_string(s) + " has " + std::to_string(batch.lengths[s]) +
                        " tokens; this encoder (absolute positions) takes at most " +
                        std::to_string(config_.max_position_embeddings));
  const float eps = static_cast<float>(config_.layer_norm_eps);
  pool().parallel_for(batch.ids.size(), 1, [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t s = begin; s < end; ++s) {
      const auto& ids = batch.ids[s];
      float* row = out + static_cast<std::size_t>(batch.offsets[s]) * hidden;
      for (std::size_t t = 0; t < ids.size(); ++t, row += hidden) {
        const float* word = word_embeddings_ + static_cast<std::size_t>(ids[t]) * hidden;
        std::copy(word, word + hidden, row);
        if (position_embeddings_) add_to(row, position_embeddings_ + t * hidden, hidden);
        if (token_type_embedding_) add_to(row, token_type_embedding_, hidden);
        layer_norm_row(row, row, hidden, embedding_norm_.gamma, embedding_norm_.beta, eps);
      }
    }
  });
}

void DebertaV2Encoder::prepare_attention(const PackedBatch& batch, EncoderWorkspace& workspace) const {
  if (!relative_) return;
  workspace.relative_rows.resize(batch.ids.size());
  const int max_relative =
      config_.max_relative_positions >= 1 ? config_.max_relative_positions : config_.max_position_embeddings;
  for (std::size_t s = 0; s < batch.ids.size(); ++s) {
    const int length = batch.lengths[s];
    // Sequences of one length share a table.
    if (s > 0 && batch.lengths[s - 1] == length) {
      workspace.relative_rows[s] = workspace.relative_rows[s - 1];
      continue;
    }
    workspace.relative_rows[s] = relative_position_rows(length, config_.position_buckets, max_relative, span_);
  }
}

void DebertaV2Encoder::add_position_scores(int layer, int sequence, int head, int length, const float* q,
                                           const float* k, int stride, float* scores, std::vector<float>& scratch,
                                           const EncoderWorkspace& workspace) const {
  if (!relative_) return;
  const auto& rows = workspace.relative_rows[static_cast<std::size_t>(sequence)];
  const int hidden = config_.hidden_size;
  const int head_size = hidden / config_.num_heads;
  const int first = rows.first_row();
  const int count = rows.last_row() - first + 1;  // the table rows this sequence uses
  const std::size_t block = static_cast<std::size_t>(length) * static_cast<std::size_t>(count);
  if (scratch.size() < 2 * block) scratch.resize(2 * block);
  float* c2p = scratch.data();          // [length x count]: q_i . pos_k[first + r]
  float* p2c = scratch.data() + block;  // [length x count]: k_j . pos_q[first + r]
  const std::size_t offset =
      static_cast<std::size_t>(first) * static_cast<std::size_t>(hidden) + static_cast<std::size_t>(head * head_size);
  if (config_.c2p)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, length, count, head_size, 1.0f, q, stride,
                position_keys_[static_cast<std::size_t>(layer)].data() + offset, hidden, 0.0f, c2p, count);
  if (config_.p2c)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, length, count, head_size, 1.0f, k, stride,
                position_queries_[static_cast<std::size_t>(layer)].data() + offset, hidden, 0.0f, p2c, count);
  const float inverse = 1.0f / scale_;
  const std::size_t n = static_cast<std::size_t>(length), m = static_cast<std::size_t>(count);
  for (std::size_t i = 0; i < n; ++i) {
    float* row = scores + i * n;
    // rows.row(i, j) = row_of_distance[i - j + length - 1]
    const int* by_key = rows.row_of_distance.data() + i + n - 1;
    const float* c2p_row = c2p + i * m;
    if (config_.c2p && config_.p2c) {
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t r = static_cast<std::size_t>(*(by_key - j) - first);
        row[j] += c2p_row[r] * inverse + p2c[j * m + r] * inverse;
      }
    } else if (config_.c2p) {
      for (std::size_t j = 0; j < n; ++j) row[j] += c2p_row[static_cast<std::size_t>(*(by_key - j) - first)] * inverse;
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t r = static_cast<std::size_t>(*(by_key - j) - first);
        row[j] += p2c[j * m + r] * inverse;
      }
    }
  }
}

}  // namespace trenchcoat::neural
