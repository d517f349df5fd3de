// Vectorised at -O3 for this file only: the loops keep their exact order of operations except where
// written with explicit partial sums.
#pragma GCC optimize("O3")
#include "neural/encoder_kernels.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace trenchcoat::neural {
namespace {

constexpr std::size_t kLanes = 8;

float sum_of(const float* x, std::size_t n) {
  float partial[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) partial[l] += x[i + l];
  float total = 0.f;
  for (std::size_t l = 0; l < kLanes; ++l) total += partial[l];
  for (; i < n; ++i) total += x[i];
  return total;
}

float sum_of_squared_deviations(const float* x, std::size_t n, float mean) {
  float partial[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) {
      const float d = x[i + l] - mean;
      partial[l] += d * d;
    }
  float total = 0.f;
  for (std::size_t l = 0; l < kLanes; ++l) total += partial[l];
  for (; i < n; ++i) total += (x[i] - mean) * (x[i] - mean);
  return total;
}

// e^y for y in [-81, 0] (relative error about 1e-7): y = n ln2 + r with |r| <= ln2 / 2, e^r by its Taylor series to r^7
// (relative error < 1e-8 before rounding), 2^n put into the exponent bits. Branch-free, so vectorised.
inline float exp_of_nonpositive(float y) {
  constexpr float kShifter = 12582912.0f;  // 1.5 * 2^23: (v + kShifter) - kShifter rounds v to an integer
  const float n = (y * 1.44269504088896341f + kShifter) - kShifter;
  // ln2 = 0.693359375 - 2.12194440e-4 (the first part has 9 significant bits, so n times it is exact).
  const float r = (y - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  return std::bit_cast<float>(std::bit_cast<std::int32_t>(p) + static_cast<std::int32_t>(n) * (1 << 23));
}

}  // namespace

void layer_norm_row(const float* in, float* out, std::size_t n, const float* gamma, const float* beta, float eps) {
  const float mean = sum_of(in, n) / static_cast<float>(n);
  const float variance = sum_of_squared_deviations(in, n, mean) / static_cast<float>(n);
  const float inverse = 1.0f / std::sqrt(variance + eps);
  for (std::size_t i = 0; i < n; ++i) out[i] = (in[i] - mean) * inverse * gamma[i] + beta[i];
}

void add_layer_norm_row(float* x, const float* residual, std::size_t n, const float* gamma, const float* beta,
                        float eps) {
  for (std::size_t i = 0; i < n; ++i) x[i] += residual[i];
  layer_norm_row(x, x, n, gamma, beta, eps);
}

// erf by Abramowitz & Stegun, Handbook of Mathematical Functions, formula 7.1.26 (absolute error
// <= 1.5e-7): erf(a) = 1 - t (a1 + t (a2 + ...)) e^{-a^2}, t = 1 / (1 + p a), a >= 0, odd extension.
// With float rounding the GELU differs from 0.5 z (1 + erf(z / sqrt 2)) in double by < 1e-6 absolute
// (as libm's erff does), checked by encoder_test. |z| / sqrt 2 is clamped at 9, where erf is 1 in
// float, by an integer min on the (non-negative) float bits, so the loop has no branch.
void gelu(float* x, std::size_t n) {
  constexpr float kInverseSqrt2 = 0.70710678118654752440f;
  const std::int32_t clamp_bits = std::bit_cast<std::int32_t>(9.0f);
  for (std::size_t i = 0; i < n; ++i) {
    const float z = x[i];
    const float a =
        std::bit_cast<float>(std::min(std::bit_cast<std::int32_t>(std::fabs(z) * kInverseSqrt2), clamp_bits));
    const float t = 1.0f / (1.0f + 0.3275911f * a);
    const float poly =
        ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;
    const float erf_magnitude = 1.0f - poly * exp_of_nonpositive(-a * a);
    const float erf = std::bit_cast<float>(std::bit_cast<std::uint32_t>(erf_magnitude) |
                                           (std::bit_cast<std::uint32_t>(z) & 0x80000000u));
    x[i] = 0.5f * z * (1.0f + erf);
  }
}

// exp(x - max) with the branch-free exp above; differences below -80 (e^-80 < 2e-35, far below
// float resolution next to the maximum's 1) are clamped to -80 by an unsigned min on the bits of the
// non-positive difference, keeping the exponent arithmetic in range.
void softmax_row(float* x, std::size_t n) {
  float partial[kLanes];
  for (std::size_t l = 0; l < kLanes; ++l) partial[l] = x[0];
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) partial[l] = std::max(partial[l], x[i + l]);
  float maximum = partial[0];
  for (std::size_t l = 1; l < kLanes; ++l) maximum = std::max(maximum, partial[l]);
  for (; i < n; ++i) maximum = std::max(maximum, x[i]);
  const std::uint32_t clamp_bits = std::bit_cast<std::uint32_t>(-80.0f);
  for (std::size_t k = 0; k < n; ++k) {
    const float difference = std::bit_cast<float>(std::min(std::bit_cast<std::uint32_t>(x[k] - maximum), clamp_bits));
    x[k] = exp_of_nonpositive(difference);
  }
  const float inverse = 1.0f / sum_of(x, n);
  for (std::size_t k = 0; k < n; ++k) x[k] *= inverse;
}

void add_to(float* x, const float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] += y[i];
}

}  // namespace trenchcoat::neural
