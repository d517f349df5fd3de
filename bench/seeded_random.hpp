#pragma once
// The benchmarks' random numbers: splitmix64, with Box-Muller normals, so that the same seed writes
// the same files on every platform (std::distributions are implementation-defined).
#include <cmath>
#include <cstdint>
#include <numbers>

namespace trenchcoat::bench {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {
    const double u = 1.0 - uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }
  float symmetric(float bound) { return static_cast<float>((2.0 * uniform() - 1.0) * bound); }  // U(-b, b)

 private:
  std::uint64_t state_;
};

}  // namespace trenchcoat::bench
