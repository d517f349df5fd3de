#pragma once
// Small dense heads on pooled embeddings, in float32:
//   * COMET's estimator (`estimator.ff.*`, an nn.Sequential of Linear, activation, Dropout, ...,
//     Linear[, final activation]; unbabel-comet 2.2.x FeedForward): the Linear layers are the entries of the
//     sequence that have weights, found by index; the hidden activation goes after every Linear but
//     the last, the final activation (if any) after the last.
//   * Sequence-classification heads of reward models (reward_model.hpp) are built from the same
//     DenseLayer pieces.
// Activations by COMET's names: "Tanh", "Sigmoid", "ReLU", "GELU" (exact), "Identity"/none.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/neural/weight_store.hpp"

namespace trenchcoat::neural {

enum class Activation { identity, tanh, sigmoid, relu, gelu };

// Parses an activation name (case-insensitive; empty / "null" / "none" = identity). Throws Error
// naming `where` for an unknown one.
Activation parse_activation(const std::string& name, const std::string& where);
void apply_activation(Activation activation, std::span<float> values);

// y = x W^T + b over a batch of rows, weights [out x in] read from the store.
struct DenseLayer {
  std::span<const float> weight, bias;
  int in = 0, out = 0;
  static DenseLayer load(const WeightStore& store, const std::string& name, int in = -1, int out = -1);
  // x: rows x in (row-major) -> rows x out.
  std::vector<float> apply(std::span<const float> x, std::size_t rows) const;
};

class FeedForward {
 public:
  // Reads `prefix`N.weight / N.bias for every N present, in index order. `in` is checked against the
  // first layer's input size; the last layer must have one output per score.
  static FeedForward load(const WeightStore& store, const std::string& prefix, int in, Activation hidden,
                          Activation final);
  std::vector<float> apply(std::span<const float> x, std::size_t rows) const;  // rows x out
  int out() const { return layers_.back().out; }

 private:
  std::vector<DenseLayer> layers_;
  Activation hidden_ = Activation::tanh, final_ = Activation::identity;
};

}  // namespace trenchcoat::neural
