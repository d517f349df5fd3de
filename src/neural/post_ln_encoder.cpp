#include "neural/post_ln_encoder.hpp"

#include <cblas.h>

#include <algorithm>
#include <thread>

#include "neural/encoder_kernels.hpp"
#include "neural/gemm_threads.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

PostLayerNormEncoder::PostLayerNormEncoder(std::shared_ptr<const WeightStore> weights, std::string prefix,
                                           EncoderConfig config, const RuntimeOptions& options,
                                           const std::string& query_name, const std::string& key_name,
                                           const std::string& value_name)
    : config_(std::move(config)), options_(options), weights_(std::move(weights)), prefix_(std::move(prefix)) {
  threads_ =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  pool_ = std::make_unique<ThreadPool>(threads_);
  const std::int64_t hidden = config_.hidden_size, inner = config_.intermediate_size;
  auto part = [&](const std::string& name, std::int64_t out, std::int64_t in) {
    return LinearPart{tensor(name + ".weight", {out, in}), tensor(name + ".bias", {out}), static_cast<int>(out)};
  };
  auto linear = [&](const std::string& name, std::int64_t out, std::int64_t in) {
    return LinearLayer::create({part(name, out, in)}, static_cast<int>(in), options_.precision);
  };
  layers_.resize(static_cast<std::size_t>(config_.num_layers));
  for (int l = 0; l < config_.num_layers; ++l) {
    const std::string base = "encoder.layer." + std::to_string(l) + ".";
    auto& layer = layers_[static_cast<std::size_t>(l)];
    const std::string self = base + "attention.self.";
    layer.query_key_value =
        LinearLayer::create({part(self + query_name, hidden, hidden), part(self + key_name, hidden, hidden),
                             part(self + value_name, hidden, hidden)},
                            static_cast<int>(hidden), options_.precision);
    layer.attention_output = linear(base + "attention.output.dense", hidden, hidden);
    layer.attention_norm = layer_norm(base + "attention.output.LayerNorm");
    layer.intermediate = linear(base + "intermediate.dense", inner, hidden);
    layer.output = linear(base + "output.dense", hidden, inner);
    layer.output_norm = layer_norm(base + "output.LayerNorm");
  }
}

std::span<const float> PostLayerNormEncoder::tensor(const std::string& name, std::vector<std::int64_t> shape) const {
  return weights_->floats(prefix_ + name, std::move(shape));
}

LayerNormWeights PostLayerNormEncoder::layer_norm(const std::string& name) const {
  const std::int64_t hidden = config_.hidden_size;
  return {tensor(name + ".weight", {hidden}).data(), tensor(name + ".bias", {hidden}).data()};
}

void PostLayerNormEncoder::check_batch(const PackedBatch& batch) const {
  const std::size_t count = batch.ids.size();
  if (batch.offsets.size() != count || batch.lengths.size() != count)
    throw Error("encoder: the PackedBatch was not packed (call pack() after filling ids)");
  int offset = 0;
  for (std::size_t s = 0; s < count; ++s) {
    if (batch.offsets[s] != offset || batch.lengths[s] != static_cast<int>(batch.ids[s].size()))
      throw Error("encoder: the PackedBatch was changed after pack() (call pack() again)");
    offset += batch.lengths[s];
    for (std::size_t t = 0; t < batch.ids[s].size(); ++t) {
      const std::int32_t id = batch.ids[s][t];
      if (id < 0 || id >= config_.vocab_size)
        throw Error(weights_->path(), 0,
                    "token id " + std::to_string(id) + " (sequence " + std::to_string(s) + ", position " +
                        std::to_string(t) + ") is outside the vocabulary [0, " + std::to_string(config_.vocab_size) +
                        ")");
    }
  }
  if (batch.total_tokens != offset)
    throw Error("encoder: the PackedBatch was changed after pack() (call pack() again)");
}

void PostLayerNormEncoder::forward(
    const PackedBatch& batch,
    const std::function<void(int layer, std::span<const float> states)>& on_hidden_state) const {
  check_batch(batch);
  const std::size_t tokens = static_cast<std::size_t>(batch.total_tokens);
  const std::size_t hidden = static_cast<std::size_t>(config_.hidden_size);
  const std::size_t inner = static_cast<std::size_t>(config_.intermediate_size);
  const float eps = static_cast<float>(config_.layer_norm_eps);
  use_gemm_threads(threads_);

  std::unique_ptr<EncoderWorkspace> workspace;
  {
    std::lock_guard lock(workspace_mutex_);
    workspace = std::move(spare_workspace_);
  }
  if (!workspace) workspace = std::make_unique<EncoderWorkspace>();
  struct ReturnWorkspace {
    const PostLayerNormEncoder* encoder;
    std::unique_ptr<EncoderWorkspace>& workspace;
    ~ReturnWorkspace() {
      std::lock_guard lock(encoder->workspace_mutex_);
      encoder->spare_workspace_ = std::move(workspace);
    }
  } return_workspace{this, workspace};
  EncoderWorkspace& ws = *workspace;
  ws.hidden.resize(tokens * hidden);
  ws.query_key_value.resize(tokens * 3 * hidden);
  ws.context.resize(tokens * hidden);
  ws.projected.resize(tokens * hidden);
  ws.intermediate.resize(tokens * inner);
  ws.per_worker.resize(static_cast<std::size_t>(pool_->size()));

  auto report = [&](int k) {
    if (on_hidden_state) on_hidden_state(k, std::span<const float>(ws.hidden.data(), tokens * hidden));
  };
  embed(batch, ws.hidden.data(), ws);
  report(0);
  if (tokens == 0) {
    for (int l = 0; l < config_.num_layers; ++l) report(l + 1);
    return;
  }
  prepare_attention(batch, ws);

  for (int l = 0; l < config_.num_layers; ++l) {
    const auto& w = layers_[static_cast<std::size_t>(l)];
    w.query_key_value->apply(ws.hidden.data(), tokens, ws.query_key_value.data(), *pool_, ws.linear);
    attention(l, batch, ws);
    w.attention_output->apply(ws.context.data(), tokens, ws.projected.data(), *pool_, ws.linear);
    pool_->parallel_for(tokens, 8, [&](int, std::size_t begin, std::size_t end) {
      for (std::size_t r = begin; r < end; ++r)
        add_layer_norm_row(ws.hidden.data() + r * hidden, ws.projected.data() + r * hidden, hidden,
                           w.attention_norm.gamma, w.attention_norm.beta, eps);
    });
    w.intermediate->apply(ws.hidden.data(), tokens, ws.intermediate.data(), *pool_, ws.linear);
    pool_->parallel_for(tokens, 8, [&](int, std::size_t begin, std::size_t end) {
      gelu(ws.intermediate.data() + begin * inner, (end - begin) * inner);
    });
    w.output->apply(ws.intermediate.data(), tokens, ws.projected.data(), *pool_, ws.linear);
    pool_->parallel_for(tokens, 8, [&](int, std::size_t begin, std::size_t end) {
      for (std::size_t r = begin; r < end; ++r)
        add_layer_norm_row(ws.hidden.data() + r * hidden, ws.projected.data() + r * hidden, hidden, w.output_norm.gamma,
                           w.output_norm.beta, eps);
    });
    report(l + 1);
  }
}

void PostLayerNormEncoder::attention(int layer, const PackedBatch& batch, EncoderWorkspace& ws) const {
  const int heads = config_.num_heads;
  const int hidden = config_.hidden_size;
  const int head_size = hidden / heads;
  const float scale = attention_scale();
  const int stride = 3 * hidden;  // rows of [q | k | v]
  const std::size_t tasks = batch.ids.size() * static_cast<std::size_t>(heads);
  ScopedSingleThreadedBlas single_threaded_blas;
  pool_->parallel_for(tasks, 1, [&](int worker, std::size_t begin, std::size_t end) {
    auto& scratch = ws.per_worker[static_cast<std::size_t>(worker)];
    for (std::size_t task = begin; task < end; ++task) {
      const int sequence = static_cast<int>(task / static_cast<std::size_t>(heads));
      const int head = static_cast<int>(task % static_cast<std::size_t>(heads));
      const int length = batch.lengths[static_cast<std::size_t>(sequence)];
      if (length == 0) continue;
      const std::size_t row = static_cast<std::size_t>(batch.offsets[static_cast<std::size_t>(sequence)]);
      const std::size_t column = static_cast<std::size_t>(head * head_size);
      const float* q = ws.query_key_value.data() + row * static_cast<std::size_t>(stride) + column;
      const float* k = q + hidden;
      const float* v = k + hidden;
      float* out = ws.context.data() + row * static_cast<std::size_t>(hidden) + column;
      const std::size_t square = static_cast<std::size_t>(length) * static_cast<std::size_t>(length);
      if (scratch.scores.size() < square) scratch.scores.resize(square);
      float* scores = scratch.scores.data();
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, length, length, head_size, scale, q, stride, k, stride, 0.0f,
                  scores, length);
      add_position_scores(layer, sequence, head, length, q, k, stride, scores, scratch.positions, ws);
      for (int i = 0; i < length; ++i)
        softmax_row(scores + static_cast<std::size_t>(i) * length, static_cast<std::size_t>(length));
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, length, head_size, length, 1.0f, scores, length, v, stride,
                  0.0f, out, hidden);
    }
  });
}

}  // namespace trenchcoat::neural
