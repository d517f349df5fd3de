// Dense heads: COMET's estimator and reward-model classifiers (see feed_forward.hpp).
#include "trenchcoat/neural/feed_forward.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

Activation parse_activation(const std::string& name, const std::string& where) {
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower.empty() || lower == "null" || lower == "none" || lower == "identity" || lower == "linear")
    return Activation::identity;
  if (lower == "tanh") return Activation::tanh;
  if (lower == "sigmoid") return Activation::sigmoid;
  if (lower == "relu") return Activation::relu;
  if (lower == "gelu") return Activation::gelu;
  throw Error(where, 0, "unsupported activation '" + name + "' (supported: Tanh, Sigmoid, ReLU, GELU, none)");
}

void apply_activation(Activation activation, std::span<float> values) {
  switch (activation) {
    case Activation::identity:
      return;
    case Activation::tanh:
      for (float& v : values) v = std::tanh(v);
      return;
    case Activation::sigmoid:
      for (float& v : values) v = 1.0f / (1.0f + std::exp(-v));
      return;
    case Activation::relu:
      for (float& v : values) v = std::max(v, 0.0f);
      return;
    case Activation::gelu:
      for (float& v : values) v = 0.5f * v * (1.0f + std::erf(v / std::sqrt(2.0f)));
      return;
  }
}

DenseLayer DenseLayer::load(const WeightStore& store, const std::string& name, int in, int out) {
  DenseLayer layer;
  const TensorInfo& info = store.info(name + ".weight");
  if (info.shape.size() != 2)
    throw Error(
        store.path(), 0,
        "tensor '" + name + ".weight': expected a matrix, found " + std::to_string(info.shape.size()) + " dimensions");
  layer.out = static_cast<int>(info.shape[0]);
  layer.in = static_cast<int>(info.shape[1]);
  layer.weight = store.floats(name + ".weight", {out < 0 ? -1 : out, in < 0 ? -1 : in});
  layer.bias = store.floats(name + ".bias", {layer.out});
  return layer;
}

std::vector<float> DenseLayer::apply(std::span<const float> x, std::size_t rows) const {
  std::vector<float> y(rows * out);
  for (std::size_t r = 0; r < rows; ++r) std::copy(bias.begin(), bias.end(), y.begin() + r * out);
  if (rows)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows), out, in, 1.0f, x.data(), in,
                weight.data(), in, 1.0f, y.data(), out);
  return y;
}

FeedForward FeedForward::load(const WeightStore& store, const std::string& prefix, int in, Activation hidden,
                              Activation final) {
  std::map<int, std::string> indices;
  for (const TensorInfo& t : store.tensors()) {
    if (t.name.rfind(prefix, 0) != 0) continue;
    const std::string rest = t.name.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos || rest.substr(dot) != ".weight") continue;
    try {
      indices[std::stoi(rest.substr(0, dot))] = prefix + rest.substr(0, dot);
    } catch (const std::exception&) {
      throw Error(store.path(), 0, "unexpected tensor '" + t.name + "' in the head");
    }
  }
  if (indices.empty()) throw Error(store.path(), 0, "no tensors '" + prefix + "N.weight' (the head is missing)");
  FeedForward ff;
  ff.hidden_ = hidden, ff.final_ = final;
  int expected_in = in;
  for (const auto& [index, name] : indices) {
    ff.layers_.push_back(DenseLayer::load(store, name, expected_in));
    expected_in = ff.layers_.back().out;
  }
  return ff;
}

std::vector<float> FeedForward::apply(std::span<const float> x, std::size_t rows) const {
  std::vector<float> current(x.begin(), x.end());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    current = layers_[i].apply(current, rows);
    apply_activation(i + 1 < layers_.size() ? hidden_ : final_, current);
  }
  return current;
}

}  // namespace trenchcoat::neural
