#pragma once
// A uniform index in [0, n) from a 64-bit generator: a draw x is taken modulo n after rejecting the
// x < 2^64 mod n that would bias x mod n. Unlike std::uniform_int_distribution (not specified bit for
// bit) this gives the same indices with every standard library, so seeded results are reproducible.
#include <cstddef>
#include <cstdint>
#include <random>

namespace trenchcoat::meta {

inline std::size_t uniform_index(std::mt19937_64& generator, std::uint64_t n) {
  const std::uint64_t rejected_below = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const std::uint64_t x = generator();
    if (x >= rejected_below) return static_cast<std::size_t>(x % n);
  }
}

}  // namespace trenchcoat::meta
