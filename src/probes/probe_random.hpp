#pragma once
// The random draws of the probes: xoshiro256++ seeded by splitmix64 from the item seed
// (src/random/xoshiro256_plus_plus.hpp), and an unbiased bounded draw (Lemire 2019, multiply-shift with rejection).
// Internal to src/probes. No std::*_distribution: their results differ between standard libraries,
// and a probe's variant must be the same everywhere for a given seed.
#include <cstddef>
#include <cstdint>

#include "random/xoshiro256_plus_plus.hpp"

namespace trenchcoat::probes::detail {

__extension__ typedef unsigned __int128 ProbeUint128;  // GCC/Clang; __extension__ keeps -Wpedantic quiet

class ProbeRandom {
 public:
  explicit ProbeRandom(std::uint64_t seed) : generator_(seed) {}

  std::uint64_t next() { return generator_(); }

  // A uniform draw from [0, bound); bound 0 or 1 gives 0 (and consumes no draw).
  std::size_t below(std::size_t bound) {
    if (bound <= 1) return 0;
    const auto n = static_cast<std::uint64_t>(bound);
    ProbeUint128 m = static_cast<ProbeUint128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<ProbeUint128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::size_t>(m >> 64);
  }

 private:
  trenchcoat::detail::Xoshiro256PlusPlus generator_;
};

}  // namespace trenchcoat::probes::detail
