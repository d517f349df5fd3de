#pragma once
// numpy's pairwise summation (np.add.reduce over a contiguous float64 array): blocks of 8 partial
// sums up to 128 elements, halves (rounded down to a multiple of 8) above. Sums and means taken this
// way round exactly as numpy's, which the scipy- and mt-metrics-eval-exact statistics need.
// Internal to src/meta.
#include <cstddef>

namespace trenchcoat::meta::detail {

inline double numpy_pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i];
    return sum;
  }
  if (n <= 128) {
    double partial[8];
    for (std::size_t j = 0; j < 8; ++j) partial[j] = a[j];
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (std::size_t j = 0; j < 8; ++j) partial[j] += a[i + j];
    double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                 ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < n; ++i) sum += a[i];
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return numpy_pairwise_sum(a, half) + numpy_pairwise_sum(a + half, n - half);
}

// The mean as numpy takes it: pairwise sum, then one division.
inline double numpy_mean(const double* a, std::size_t n) { return numpy_pairwise_sum(a, n) / static_cast<double>(n); }

}  // namespace trenchcoat::meta::detail
