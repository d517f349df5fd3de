#pragma once
// One vector per token sequence from an encoder: a chosen hidden state (or COMET's layer mix of all of
// them, layer_mix.hpp), pooled over the sequence's tokens (unbabel-comet 2.2.x's pooling options):
//   avg: the mean over all tokens of the sequence, special tokens included (COMET's mask-aware mean);
//   cls: the first token (<s> / [CLS]);
//   max: the element-wise maximum over the tokens.
// Identical sequences are encoded once (COMET's embedding cache does the same for repeated sources and
// references). Sequences are sorted by length and cut into batches of `batch_size` sequences; the
// result does not depend on the batching beyond floating-point noise (the encoder packs sequences
// without padding).
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "trenchcoat/neural/encoder.hpp"
#include "trenchcoat/neural/layer_mix.hpp"

namespace trenchcoat::neural {

enum class Pooling { avg, cls, max };

// Which hidden state to pool: an index (0 = embeddings, num_layers = last; -1 = last) or a mix.
using LayerSelection = std::variant<int, LayerMix>;

// Row-major [sequences.size() x hidden_size].
std::vector<float> embed_sequences(const Encoder& encoder, std::span<const std::vector<std::int32_t>> sequences,
                                   const LayerSelection& layer, Pooling pooling, int batch_size);

}  // namespace trenchcoat::neural
