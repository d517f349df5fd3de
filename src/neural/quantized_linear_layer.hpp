#pragma once
// The int8 linear layer (dynamic quantisation of the linear layers).
//
// Weights are quantised once, at construction, per output row, symmetrically: scale_n = max_k |W[n,k]| / Q,
// w = round(W / scale_n). Activations are quantised per row (token) on every call, symmetrically to
// s8 (scale_i = max_k |x[i,k]| / 127) and stored offset by +128 as u8 for oneDNN's dnnl_gemm_u8s8s32,
// whose int32 result is corrected by the per-column compensation -128 * sum_k w[n,k], then
// dequantised with scale_i * scale_n and the fp32 bias added.
//
// Q = 127 where oneDNN has VNNI instructions. Without VNNI (AVX2 / AVX-512 without VNNI) oneDNN's
// int8 kernels add pairs of u8 x s8 products into int16 with saturation, so Q = 64 keeps every pair
// sum within int16 (2 * 255 * 64 = 32640): a 7-bit weight grid instead of silently wrong results.
// All-zero rows (weights or activations) get scale 0 and produce exactly the bias. Rounding is to
// nearest, ties to even.
#include <cstdint>
#include <vector>

#include "neural/linear_layer.hpp"

namespace trenchcoat::neural {

class QuantizedLinearLayer final : public LinearLayer {
 public:
  QuantizedLinearLayer(std::vector<LinearPart> parts, int in_features);
  using LinearLayer::apply;
  void apply(const float* x, std::size_t rows, float* y, std::size_t y_stride, ThreadPool& pool,
             LinearWorkspace& workspace) const override;

  // The largest quantised weight magnitude used on this machine (127 or 64, see above).
  static int weight_levels();

 private:
  std::vector<std::int8_t> weight_;         // out x in
  std::vector<float> weight_scales_;        // out
  std::vector<std::int32_t> compensation_;  // out: -128 * row sum of weight_
  std::vector<float> bias_;                 // out (the parts' biases, stacked)
};

}  // namespace trenchcoat::neural
