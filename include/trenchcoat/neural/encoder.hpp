#pragma once
// Transformer encoders in fp32 (or dynamic int8 for the linear layers), from checkpoint tensors:
//   * XLM-RoBERTa / RoBERTa (HF XLMRobertaModel): post-LN, exact GELU, positions from padding_idx+1.
//   * DeBERTa-v2/v3 (HF DebertaV2Model): disentangled attention (c2p + p2c), shared keys, log position
//     buckets, relative-embedding LayerNorm, no absolute positions.
//
// Sequences are processed packed: a batch holds sequences of different lengths without padding; the
// linear layers run on all real tokens of the batch at once, attention runs per sequence over its own
// tokens. Results are therefore independent of how sequences are grouped into batches (up to the
// floating-point order inside the GEMM library), and equal to a padded forward with attention masks.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trenchcoat/neural/weight_store.hpp"

namespace trenchcoat::neural {

enum class Architecture { xlm_roberta, deberta_v2 };

struct EncoderConfig {
  Architecture architecture = Architecture::xlm_roberta;
  int vocab_size = 0;
  int hidden_size = 0;
  int num_layers = 0;
  int num_heads = 0;
  int intermediate_size = 0;
  int max_position_embeddings = 0;  // XLM-R: 514; DeBERTa: 512
  int type_vocab_size = 1;          // XLM-R: 1 (token type 0 added); DeBERTa-v3: 0 (none)
  int pad_token_id = 1;             // XLM-R: 1; DeBERTa: 0
  double layer_norm_eps = 1e-5;     // XLM-R 1e-5; DeBERTa 1e-7
  std::string hidden_act = "gelu";  // only exact GELU is supported
  // DeBERTa-v2 only
  bool relative_attention = false;
  int position_buckets = 256;       // <= 0: no bucketing
  int max_relative_positions = -1;  // < 1: max_position_embeddings
  bool share_att_key = true;
  bool c2p = true, p2c = true;  // pos_att_type
  bool norm_rel_ebd = true;     // "layer_norm"
  bool position_biased_input = false;

  // From an HF config.json (model_type "xlm-roberta", "roberta", "deberta-v2"). Throws Error naming
  // `path` for an unsupported model_type / hidden_act / attention variant or a missing field.
  static EncoderConfig from_hf_config(const nlohmann::json& config, const std::string& path);
  // Built-in configs of released encoders (no file needed): "xlm-roberta-large", "xlm-roberta-base",
  // "microsoft/infoxlm-large". nullopt for other names.
  static std::optional<EncoderConfig> builtin(const std::string& pretrained_model);
};

enum class Precision { f32, int8 };

struct RuntimeOptions {
  int threads = 0;  // 0: all cores
  Precision precision = Precision::f32;
};

// A batch of token-id sequences (already with their special tokens), packed: sequence s occupies rows
// offsets[s] .. offsets[s]+lengths[s]-1 of every hidden-state matrix (row-major, hidden_size columns).
struct PackedBatch {
  std::vector<std::vector<std::int32_t>> ids;
  std::vector<int> offsets, lengths;  // filled by pack()
  int total_tokens = 0;
  void pack();  // fills offsets/lengths/total_tokens from ids
};

class Encoder {
 public:
  // `prefix`: the tensor-name prefix of the encoder in the store ("encoder.model." for COMET,
  // "roberta." / "deberta." for HF sequence classifiers). Checks every tensor's presence and shape
  // against the config (Error naming the file and tensor). Int8 precision quantises the linear layers'
  // weights here, once.
  static std::unique_ptr<Encoder> load(std::shared_ptr<const WeightStore> weights, const std::string& prefix,
                                       const EncoderConfig& config, const RuntimeOptions& options);
  virtual ~Encoder() = default;
  virtual const EncoderConfig& config() const = 0;

  // Runs the encoder. `on_hidden_state(k, states)` is called for k = 0 (embeddings output) .. num_layers
  // (last layer), in order, with the [total_tokens x hidden_size] matrix of that layer; the span is
  // valid only during the call. Token ids out of range throw Error.
  virtual void forward(const PackedBatch& batch,
                       const std::function<void(int layer, std::span<const float> states)>& on_hidden_state) const = 0;
};

}  // namespace trenchcoat::neural
