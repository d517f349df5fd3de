// Softmax and sparsemax of COMET's layer-mix scalars (see layer_mix.hpp).
#include "trenchcoat/neural/layer_mix.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace trenchcoat::neural {

std::vector<float> softmax(std::span<const float> w) {
  std::vector<float> p(w.begin(), w.end());
  if (p.empty()) return p;
  const float m = *std::max_element(p.begin(), p.end());
  float sum = 0.0f;
  for (float& x : p) sum += (x = std::exp(x - m));
  for (float& x : p) x /= sum;
  return p;
}

std::vector<float> sparsemax(std::span<const float> w) {
  std::vector<float> z(w.begin(), w.end());
  if (z.empty()) return z;
  const float m = *std::max_element(z.begin(), z.end());
  for (float& x : z) x -= m;
  std::vector<float> sorted = z;
  std::sort(sorted.begin(), sorted.end(), std::greater<float>());
  // The support size is the number of sorted entries meeting the condition (a prefix of the sorted
  // list mathematically; counted, as entmax does, rather than searched).
  std::vector<float> c(sorted.size());
  float cumsum = 0.0f;
  std::size_t support = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    cumsum += sorted[i];
    c[i] = cumsum - 1.0f;
    if (static_cast<float>(i + 1) * sorted[i] > c[i]) ++support;
  }
  const float tau = c[support - 1] / static_cast<float>(support);
  for (float& x : z) x = std::max(x - tau, 0.0f);
  return z;
}

}  // namespace trenchcoat::neural
