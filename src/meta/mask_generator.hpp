#pragma once
// The random bits of the permutation tests: xoshiro256++ seeded by splitmix64
// (src/random/xoshiro256_plus_plus.hpp). Internal to src/meta; permutation_test.hpp documents the
// stream. A quarter the cost of std::mt19937_64 per word, which matters at 15,000 mask bits per draw.
#include "random/xoshiro256_plus_plus.hpp"

namespace trenchcoat::meta::detail {

using MaskGenerator = trenchcoat::detail::Xoshiro256PlusPlus;

}  // namespace trenchcoat::meta::detail
