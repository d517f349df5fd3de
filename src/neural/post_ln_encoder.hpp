#pragma once
// The shared body of the post-LayerNorm transformer encoders (XLM-R / RoBERTa as HF XLMRobertaModel;
// DeBERTa-v2/v3 as HF DebertaV2Model): per layer
//   q, k, v = linear(x);  a = attention(q, k, v) per (sequence, head);  x = LN(linear(a) + x);
//   x = LN(linear(gelu(linear(x))) + x)
// over a packed batch (no padding). Subclasses supply the embeddings and the extra, position-dependent
// attention scores (DeBERTa's c2p / p2c).
//
// Threads: the GEMMs of the linear layers run with the GEMM libraries' threads; everything else runs
// on the encoder's own ThreadPool, while OpenBLAS is held at one thread (gemm_threads.hpp).
// Memory: fp32 weights are used in place from the WeightStore; a forward needs about
// (7 hidden + intermediate) floats per token, reused across layers, and its buffers are kept for the
// next forward (concurrent forwards each get their own).
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "neural/linear_layer.hpp"
#include "neural/relative_position_buckets.hpp"
#include "neural/thread_pool.hpp"
#include "trenchcoat/neural/encoder.hpp"

namespace trenchcoat::neural {

struct LayerNormWeights {
  const float* gamma = nullptr;
  const float* beta = nullptr;
};

struct TransformerLayerWeights {
  // query_key_value: the query, key and value projections stacked (output [q | k | v] per token).
  std::unique_ptr<LinearLayer> query_key_value, attention_output, intermediate, output;
  LayerNormWeights attention_norm, output_norm;
};

// Attention scratch of one pool worker.
struct AttentionScratch {
  std::vector<float> scores, positions;
};

// Buffers of one forward call.
struct EncoderWorkspace {
  std::vector<float> hidden, query_key_value, context, projected, intermediate;
  LinearWorkspace linear;
  std::vector<AttentionScratch> per_worker;         // one per pool worker
  std::vector<RelativePositionRows> relative_rows;  // DeBERTa: per sequence
};

class PostLayerNormEncoder : public Encoder {
 public:
  const EncoderConfig& config() const override { return config_; }
  void forward(const PackedBatch& batch,
               const std::function<void(int layer, std::span<const float> states)>& on_hidden_state) const override;

 protected:
  // Reads the layer stack's tensors (names of HF BertLayer-style encoders, `query_name` etc. being the
  // attention projections' module names) and checks their shapes.
  PostLayerNormEncoder(std::shared_ptr<const WeightStore> weights, std::string prefix, EncoderConfig config,
                       const RuntimeOptions& options, const std::string& query_name, const std::string& key_name,
                       const std::string& value_name);

  // The tensor `prefix + name` as fp32, checked against `shape`.
  std::span<const float> tensor(const std::string& name, std::vector<std::int64_t> shape) const;
  LayerNormWeights layer_norm(const std::string& name) const;

  // Writes the embeddings output (hidden state 0) of every token, [total_tokens x hidden].
  virtual void embed(const PackedBatch& batch, float* out, EncoderWorkspace& workspace) const = 0;
  // Called once per forward before the layers (e.g. to compute relative-position tables).
  virtual void prepare_attention(const PackedBatch& /*batch*/, EncoderWorkspace& /*workspace*/) const {}
  // Multiplier of q.k in the attention scores.
  virtual float attention_scale() const = 0;
  // Adds position-dependent terms to the [length x length] scores of one (sequence, head).
  // q and k point at the head's first row, rows `stride` floats apart. `scratch` is the worker's buffer.
  virtual void add_position_scores(int /*layer*/, int /*sequence*/, int /*head*/, int /*length*/, const float* /*q*/,
                                   const float* /*k*/, int /*stride*/, float* /*scores*/,
                                   std::vector<float>& /*scratch*/, const EncoderWorkspace& /*workspace*/) const {}

  ThreadPool& pool() const { return *pool_; }
  const TransformerLayerWeights& layer(int index) const { return layers_[static_cast<std::size_t>(index)]; }
  const std::string& weights_path() const { return weights_->path(); }

  EncoderConfig config_;
  RuntimeOptions options_;

 private:
  void attention(int layer, const PackedBatch& batch, EncoderWorkspace& workspace) const;
  void check_batch(const PackedBatch& batch) const;

  std::shared_ptr<const WeightStore> weights_;
  std::string prefix_;
  std::vector<TransformerLayerWeights> layers_;
  int threads_ = 1;
  std::unique_ptr<ThreadPool> pool_;
  mutable std::mutex workspace_mutex_;
  mutable std::unique_ptr<EncoderWorkspace> spare_workspace_;  // the last forward's buffers
};

}  // namespace trenchcoat::neural
