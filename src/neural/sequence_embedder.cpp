// Pooled sequence embeddings over an encoder (see sequence_embedder.hpp).
#include "trenchcoat/neural/sequence_embedder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {
namespace {

// Normalises each sequence's rows of `states` over all its positions and dimensions (COMET's masked
// sequence-level norm, used when the layer mix has layer_norm).
void normalise_per_sequence(const PackedBatch& batch, int hidden, std::span<const float> states,
                            std::vector<float>& out) {
  out.assign(states.begin(), states.end());
  for (std::size_t s = 0; s < batch.ids.size(); ++s) {
    const std::size_t begin = static_cast<std::size_t>(batch.offsets[s]) * hidden;
    const std::size_t count = static_cast<std::size_t>(batch.lengths[s]) * hidden;
    float sum = 0.0f;
    for (std::size_t i = 0; i < count; ++i) sum += states[begin + i];
    const float mean = sum / static_cast<float>(count);
    float var = 0.0f;
    for (std::size_t i = 0; i < count; ++i) var += (states[begin + i] - mean) * (states[begin + i] - mean);
    var /= static_cast<float>(count);
    const float denom = std::sqrt(var + 1e-12f);
    for (std::size_t i = 0; i < count; ++i) out[begin + i] = (states[begin + i] - mean) / denom;
  }
}

// The rows each pooling needs: all rows, or the first of each sequence.
bool needs_all_rows(Pooling pooling) { return pooling != Pooling::cls; }

void pool(const PackedBatch& batch, int hidden, std::span<const float> states, Pooling pooling,
          const std::vector<std::size_t>& destinations, std::vector<float>& out) {
  for (std::size_t s = 0; s < batch.ids.size(); ++s) {
    float* dst = out.data() + destinations[s] * hidden;
    const float* first = states.data() + static_cast<std::size_t>(batch.offsets[s]) * hidden;
    const int length = batch.lengths[s];
    switch (pooling) {
      case Pooling::cls:
        std::copy(first, first + hidden, dst);
        break;
      case Pooling::avg: {
        std::fill(dst, dst + hidden, 0.0f);
        for (int t = 0; t < length; ++t)
          for (int h = 0; h < hidden; ++h) dst[h] += first[static_cast<std::size_t>(t) * hidden + h];
        const float n = static_cast<float>(length);
        for (int h = 0; h < hidden; ++h) dst[h] /= n;
        break;
      }
      case Pooling::max:
        std::fill(dst, dst + hidden, -std::numeric_limits<float>::infinity());
        for (int t = 0; t < length; ++t)
          for (int h = 0; h < hidden; ++h) dst[h] = std::max(dst[h], first[static_cast<std::size_t>(t) * hidden + h]);
        break;
    }
  }
}

}  // namespace

std::vector<float> embed_sequences(const Encoder& encoder, std::span<const std::vector<std::int32_t>> sequences,
                                   const LayerSelection& layer, Pooling pooling, int batch_size) {
  const int hidden = encoder.config().hidden_size;
  const int layers = encoder.config().num_layers;
  if (batch_size < 1) throw Error("batch size must be at least 1");
  int chosen = -1;
  const LayerMix* mix = std::get_if<LayerMix>(&layer);
  if (!mix) {
    chosen = std::get<int>(layer);
    if (chosen < 0) chosen = layers;
    if (chosen > layers)
      throw Error("layer " + std::to_string(chosen) + " does not exist (the encoder has " + std::to_string(layers) +
                  " layers)");
  } else if (mix->weights.size() != static_cast<std::size_t>(layers) + 1) {
    throw Error("layer mix has " + std::to_string(mix->weights.size()) + " weights for " + std::to_string(layers + 1) +
                " hidden states");
  }

  // Unique sequences, in order of length (then content, for a deterministic order).
  std::map<std::vector<std::int32_t>, std::size_t> unique_index;
  std::vector<std::size_t> slot_of(sequences.size());
  std::vector<const std::vector<std::int32_t>*> uniques;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    if (sequences[i].empty()) throw Error("cannot embed an empty token sequence");
    auto [it, inserted] = unique_index.emplace(sequences[i], uniques.size());
    if (inserted) uniques.push_back(&it->first);
    slot_of[i] = it->second;
  }
  std::vector<std::size_t> order(uniques.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return uniques[a]->size() < uniques[b]->size(); });

  std::vector<float> unique_embeddings(uniques.size() * hidden);
  std::vector<float> accumulated, normalised;
  for (std::size_t start = 0; start < order.size(); start += batch_size) {
    const std::size_t end = std::min(order.size(), start + static_cast<std::size_t>(batch_size));
    PackedBatch batch;
    std::vector<std::size_t> destinations;
    for (std::size_t k = start; k < end; ++k) {
      batch.ids.push_back(*uniques[order[k]]);
      destinations.push_back(order[k]);
    }
    batch.pack();
    const std::size_t rows = static_cast<std::size_t>(batch.total_tokens);
    if (mix) accumulated.assign(rows * hidden, 0.0f);
    encoder.forward(batch, [&](int k, std::span<const float> states) {
      if (!mix) {
        if (k == chosen) pool(batch, hidden, states, pooling, destinations, unique_embeddings);
        return;
      }
      const float p = mix->weights[k];
      if (p == 0.0f) return;  // sparsemax zeros: p * h adds exact zeros
      if (mix->layer_norm) {
        normalise_per_sequence(batch, hidden, states, normalised);
        states = normalised;
      }
      if (needs_all_rows(pooling)) {
        for (std::size_t i = 0; i < rows * hidden; ++i) accumulated[i] += p * states[i];
      } else {
        for (std::size_t s = 0; s < batch.ids.size(); ++s) {
          const std::size_t base = static_cast<std::size_t>(batch.offsets[s]) * hidden;
          for (int h = 0; h < hidden; ++h) accumulated[base + h] += p * states[base + h];
        }
      }
    });
    if (mix) {
      for (float& x : accumulated) x *= mix->gamma;
      pool(batch, hidden, accumulated, pooling, destinations, unique_embeddings);
    }
  }

  std::vector<float> out(sequences.size() * hidden);
  for (std::size_t i = 0; i < sequences.size(); ++i)
    std::copy_n(unique_embeddings.data() + slot_of[i] * hidden, hidden, out.data() + i * hidden);
  return out;
}

}  // namespace trenchcoat::neural
