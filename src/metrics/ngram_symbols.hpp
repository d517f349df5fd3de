#pragma once
// Internal: what the n-gram counters share: the symbol that never matches, and the hash used to
// extend an n-gram's hash by one symbol.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace trenchcoat::metrics::detail {

inline constexpr std::uint32_t kUnknownSymbol = 0xFFFFFFFFu;

inline std::uint64_t extend_hash(std::uint64_t h, std::uint32_t symbol) {
  h ^= symbol;
  h *= 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}
inline constexpr std::uint64_t kHashSeed = 0x243F6A8885A308D3ull;

enum class MatchResult { kMatched, kClipped, kAbsent };

}  // namespace trenchcoat::metrics::detail
