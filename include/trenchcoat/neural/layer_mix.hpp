#pragma once
// COMET's layer-wise scalar mix (unbabel-comet 2.2.x): the sentence encoder's output is a weighted sum
// of all hidden states, E = gamma * sum_k p_k * hidden[k], with p = softmax(w) or sparsemax(w) of the
// learned scalars w (`layerwise_attention.scalar_parameters.{k}`), accumulated in order k = 0..L in
// float32 as Python's sum() over a list does. With layer_norm, each hidden[k] is first normalised over
// all real positions and all dimensions of its sequence: (x - mean) / sqrt(var + 1e-12).
#include <span>
#include <vector>

namespace trenchcoat::neural {

enum class LayerTransform { softmax, sparsemax };

// float32 softmax, as torch.softmax computes it (subtract the maximum, exponentiate, divide by the sum).
std::vector<float> softmax(std::span<const float> w);
// sparsemax (entmax 1.x in float32): z = w - max(w); sort descending; c = cumsum - 1; k = the number
// of sorted z_i with i * z_i > c_i (1-based i); tau = c_k / k; p = max(z - tau, 0).
std::vector<float> sparsemax(std::span<const float> w);

struct LayerMix {
  std::vector<float> weights;  // p_k after the transform, one per hidden state (embeddings first)
  float gamma = 1.0f;
  bool layer_norm = false;
};

}  // namespace trenchcoat::neural
