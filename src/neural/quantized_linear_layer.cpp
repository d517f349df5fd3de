#pragma GCC optimize("O3")
#include "neural/quantized_linear_layer.hpp"

#include <dnnl.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "neural/gemm_threads.hpp"
#include "neural/thread_pool.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {
namespace {

bool has_vnni() {
  const auto isa = static_cast<unsigned>(dnnl_get_effective_cpu_isa());
  const auto avx512_vnni_bit =
      static_cast<unsigned>(dnnl_cpu_isa_avx512_core_vnni) & ~static_cast<unsigned>(dnnl_cpu_isa_avx512_core);
  const auto avx2_vnni_bit = static_cast<unsigned>(dnnl_cpu_isa_avx2_vnni) & ~static_cast<unsigned>(dnnl_cpu_isa_avx2);
  return (isa & avx512_vnni_bit) != 0 || (isa & avx2_vnni_bit) != 0;
}

float max_magnitude(const float* x, std::size_t n) {
  float partial[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t l = 0; l < 8; ++l) partial[l] = std::max(partial[l], std::fabs(x[i + l]));
  float m = 0.f;
  for (float p : partial) m = std::max(m, p);
  for (; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  return m;
}

}  // namespace

int QuantizedLinearLayer::weight_levels() {
  static const int levels = has_vnni() ? 127 : 64;
  return levels;
}

namespace {
// Round to nearest (ties to even, in the default rounding mode) for |v| < 2^22, in a form the compiler
// vectorises: adding and subtracting 1.5 * 2^23 drops the fraction bits.
inline float round_to_nearest(float v) {
  constexpr float kShifter = 12582912.0f;
  return (v + kShifter) - kShifter;
}
}  // namespace

QuantizedLinearLayer::QuantizedLinearLayer(std::vector<LinearPart> parts, int in_features)
    : LinearLayer(0, in_features) {
  for (const auto& part : parts) out_ += part.out_features;
  const std::size_t out = static_cast<std::size_t>(out_), in = static_cast<std::size_t>(in_features);
  weight_.resize(out * in);
  weight_scales_.resize(out);
  compensation_.resize(out);
  bias_.reserve(out);
  const float levels = static_cast<float>(weight_levels());
  std::size_t n = 0;
  for (const auto& part : parts) {
    bias_.insert(bias_.end(), part.bias.begin(), part.bias.begin() + part.out_features);
    for (int p = 0; p < part.out_features; ++p, ++n) {
      const float* row = part.weight.data() + static_cast<std::size_t>(p) * in;
      const float maximum = max_magnitude(row, in);
      const float inverse = maximum > 0.f ? levels / maximum : 0.f;
      std::int32_t sum = 0;
      std::int8_t* q = weight_.data() + n * in;
      for (std::size_t k = 0; k < in; ++k) {
        q[k] = static_cast<std::int8_t>(std::clamp(round_to_nearest(row[k] * inverse), -levels, levels));
        sum += q[k];
      }
      weight_scales_[n] = maximum / levels;
      compensation_[n] = -128 * sum;
    }
  }
}

void QuantizedLinearLayer::apply(const float* x, std::size_t rows, float* y, std::size_t y_stride, ThreadPool& pool,
                                 LinearWorkspace& workspace) const {
  if (rows == 0) return;
  const std::size_t out = static_cast<std::size_t>(out_), in = static_cast<std::size_t>(in_);
  if (workspace.quantized_rows.size() < rows * in) workspace.quantized_rows.resize(rows * in);
  if (workspace.row_scales.size() < rows) workspace.row_scales.resize(rows);
  if (workspace.accumulators.size() < rows * out) workspace.accumulators.resize(rows * out);
  std::uint8_t* a = workspace.quantized_rows.data();
  float* row_scales = workspace.row_scales.data();
  std::int32_t* c = workspace.accumulators.data();

  const float* weight_scales = weight_scales_.data();
  const float* bias = bias_.data();
  // Each worker quantises its own block of rows, multiplies it with oneDNN on its own thread and
  // dequantises it: one block per worker (blocks of at least 16 rows), no barrier in between.
  const std::size_t workers = static_cast<std::size_t>(pool.size());
  const std::size_t block = std::max<std::size_t>(16, (rows + workers - 1) / workers);
  pool.parallel_for(rows, block, [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      const float* xr = x + r * in;
      const float maximum = max_magnitude(xr, in);
      row_scales[r] = maximum / 127.0f;
      const float inverse = maximum > 0.f ? 127.0f / maximum : 0.f;
      std::uint8_t* ar = a + r * in;
      // |x * inverse| <= 127 (up to rounding of the product, which round_to_nearest absorbs).
      for (std::size_t k = 0; k < in; ++k)
        ar[k] = static_cast<std::uint8_t>(static_cast<std::int32_t>(round_to_nearest(xr[k] * inverse)) + 128);
    }
    const ScopedSingleThreadedOneDnn one_thread;
    const dnnl_status_t status =
        dnnl_gemm_u8s8s32('N', 'T', 'R', static_cast<dnnl_dim_t>(end - begin), out_, in_, 1.0f, a + begin * in, in_, 0,
                          weight_.data(), in_, 0, 0.0f, c + begin * out, out_, compensation_.data());
    if (status != dnnl_success)
      throw Error("int8 linear layer: oneDNN dnnl_gemm_u8s8s32 failed with status " + std::to_string(status));
    for (std::size_t r = begin; r < end; ++r) {
      const std::int32_t* cr = c + r * out;
      float* yr = y + r * y_stride;
      const float row_scale = row_scales[r];
      for (std::size_t n = 0; n < out; ++n)
        yr[n] = static_cast<float>(cr[n]) * (row_scale * weight_scales[n]) + bias[n];
    }
  });
}

}  // namespace trenchcoat::neural
