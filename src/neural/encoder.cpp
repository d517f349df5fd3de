// Encoder::load (dispatch on the architecture) and PackedBatch::pack.
#include "trenchcoat/neural/encoder.hpp"

#include <limits>

#include "neural/deberta_v2_encoder.hpp"
#include "neural/xlm_roberta_encoder.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

void PackedBatch::pack() {
  offsets.assign(ids.size(), 0);
  lengths.assign(ids.size(), 0);
  std::int64_t total = 0;
  for (std::size_t s = 0; s < ids.size(); ++s) {
    if (ids[s].size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        total + static_cast<std::int64_t>(ids[s].size()) > std::numeric_limits<int>::max())
      throw Error("PackedBatch: the batch has too many tokens");
    offsets[s] = static_cast<int>(total);
    lengths[s] = static_cast<int>(ids[s].size());
    total += lengths[s];
  }
  total_tokens = static_cast<int>(total);
}

std::unique_ptr<Encoder> Encoder::load(std::shared_ptr<const WeightStore> weights, const std::string& prefix,
                                       const EncoderConfig& config, const RuntimeOptions& options) {
  if (!weights) throw Error("Encoder::load: no weights");
  const std::string& path = weights->path();
  if (config.vocab_size <= 0 || config.hidden_size <= 0 || config.num_layers < 0 || config.num_heads <= 0 ||
      config.intermediate_size <= 0 || config.max_position_embeddings <= 0)
    throw Error(path, 0, "encoder config has a non-positive dimension");
  if (config.hidden_size % config.num_heads != 0)
    throw Error(path, 0,
                "encoder config: hidden_size " + std::to_string(config.hidden_size) +
                    " is not a multiple of num_heads " + std::to_string(config.num_heads));
  if (config.hidden_act != "gelu") throw Error(path, 0, "unsupported hidden_act '" + config.hidden_act + "'");
  switch (config.architecture) {
    case Architecture::xlm_roberta:
      if (config.pad_token_id < 0 || config.max_position_embeddings <= config.pad_token_id + 1)
        throw Error(path, 0, "encoder config: max_position_embeddings leaves no position after pad_token_id");
      if (config.type_vocab_size < 1) throw Error(path, 0, "encoder config: XLM-R needs type_vocab_size >= 1");
      return std::make_unique<XlmRobertaEncoder>(std::move(weights), prefix, config, options);
    case Architecture::deberta_v2:
      if (config.relative_attention && config.position_buckets <= 0 && config.max_relative_positions < 1 &&
          config.max_position_embeddings < 1)
        throw Error(path, 0, "encoder config: no relative position span");
      return std::make_unique<DebertaV2Encoder>(std::move(weights), prefix, config, options);
  }
  throw Error(path, 0, "unsupported encoder architecture");
}

}  // namespace trenchcoat::neural
