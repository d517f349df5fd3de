#pragma once
// The element-wise and row-wise kernels of the transformer encoders (HF XLMRobertaModel and DebertaV2Model), in
// float32, over row-major matrices. Plain loops the compiler vectorises; no allocation.
//   * layer_norm: (x - mean) / sqrt(biased variance + eps) * gamma + beta, per row (two passes).
//   * gelu: the exact (erf) GELU 0.5 z (1 + erf(z / sqrt 2)), erf from a branch-free approximation
//     accurate to float rounding (max abs error < 1e-6, like libm's erff), not the tanh approximation.
//   * softmax: max-subtracted exp (branch-free, relative error ~1e-7; differences below -80 count as
//     e^-80), normalised. The encoders never mask inside a packed sequence, so rows are finite.
#include <cstddef>

namespace trenchcoat::neural {

// out[i] = LayerNorm(in[i]) for `n` values; `out` may equal `in`.
void layer_norm_row(const float* in, float* out, std::size_t n, const float* gamma, const float* beta, float eps);
// x[i] = LayerNorm(x[i] + residual[i]) (the post-LN residual step).
void add_layer_norm_row(float* x, const float* residual, std::size_t n, const float* gamma, const float* beta,
                        float eps);
// x[i] = gelu(x[i]).
void gelu(float* x, std::size_t n);
// x[i] = softmax(x)[i] over one row of `n` values.
void softmax_row(float* x, std::size_t n);
// x[i] += y[i].
void add_to(float* x, const float* y, std::size_t n);

}  // namespace trenchcoat::neural
