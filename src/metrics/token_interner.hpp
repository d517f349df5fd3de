#pragma once
// Internal: per-segment dense ids for tokens (strings) and for code points.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ngram_symbols.hpp"

namespace trenchcoat::metrics::detail {

// Maps the distinct tokens of a segment's references to small ids; tokens of a hypothesis that no
// reference has map to kUnknownSymbol. Views must stay valid until the next reset().
class TokenInterner {
 public:
  void reset(std::size_t expected) {
    for (std::uint32_t slot : used_slots_) slots_[slot] = 0;
    used_slots_.clear();
    tokens_.clear();
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity <<= 1;
    if (capacity > slots_.size()) {
      slots_.assign(capacity, 0);
    }
    mask_ = slots_.size() - 1;
  }

  std::uint32_t intern(std::string_view token) {
    const std::uint64_t h = hash(token);
    std::size_t slot = h & mask_;
    while (slots_[slot] != 0) {
      const std::uint32_t id = slots_[slot] - 1;
      if (tokens_[id] == token) return id;
      slot = (slot + 1) & mask_;
    }
    if ((tokens_.size() + 1) * 2 > slots_.size()) {
      rehash(slots_.size() * 2);
      return intern(token);
    }
    tokens_.push_back(token);
    slots_[slot] = static_cast<std::uint32_t>(tokens_.size());
    used_slots_.push_back(static_cast<std::uint32_t>(slot));
    return static_cast<std::uint32_t>(tokens_.size() - 1);
  }

  std::uint32_t find(std::string_view token) const {
    std::size_t slot = hash(token) & mask_;
    while (slots_[slot] != 0) {
      const std::uint32_t id = slots_[slot] - 1;
      if (tokens_[id] == token) return id;
      slot = (slot + 1) & mask_;
    }
    return kUnknownSymbol;
  }

 private:
  static std::uint64_t hash(std::string_view s) {
    // Whole 8-byte words, then the last bytes read as (possibly overlapping) fixed-size pieces, so that
    // no variable-length copy is needed; equal strings always hash equally, which is all that matters
    // (tokens are compared in full on lookup).
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
    auto load64 = [](const unsigned char* q) {
      std::uint64_t w;
      std::memcpy(&w, q, 8);
      return w;
    };
    auto load32 = [](const unsigned char* q) {
      std::uint32_t w;
      std::memcpy(&w, q, 4);
      return static_cast<std::uint64_t>(w);
    };
    if (n >= 8) {
      const unsigned char* const last = p + n - 8;
      while (p < last) {
        h = (h ^ load64(p)) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        p += 8;
      }
      h = (h ^ load64(last)) * 0xbf58476d1ce4e5b9ull;
    } else if (n >= 4) {
      h = (h ^ (load32(p) | (load32(p + n - 4) << 32))) * 0xbf58476d1ce4e5b9ull;
    } else if (n > 0) {
      h = (h ^ (p[0] | (static_cast<std::uint64_t>(p[n / 2]) << 8) | (static_cast<std::uint64_t>(p[n - 1]) << 16))) *
          0xbf58476d1ce4e5b9ull;
    }
    h ^= h >> 32;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 29;
    return h;
  }
  void rehash(std::size_t capacity) {
    for (std::uint32_t slot : used_slots_) slots_[slot] = 0;
    used_slots_.clear();
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (std::size_t id = 0; id < tokens_.size(); ++id) {
      std::size_t slot = hash(tokens_[id]) & mask_;
      while (slots_[slot] != 0) slot = (slot + 1) & mask_;
      slots_[slot] = static_cast<std::uint32_t>(id + 1);
      used_slots_.push_back(static_cast<std::uint32_t>(slot));
    }
  }

  std::vector<std::string_view> tokens_;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(16, 0);
  std::vector<std::uint32_t> used_slots_;
  std::size_t mask_ = 15;
};

// Maps 32-bit values (code points) of one segment to dense ids; values absent from the references map
// to kUnknownSymbol.
//
// Values below kDirect (code points up to U+07FF: Latin, Greek, Cyrillic, Hebrew, Arabic, ...) are looked
// up in a plain array; larger ones in a hash table.
class SymbolInterner {
 public:
  void reset() {
    for (std::uint32_t slot : used_slots_) keys_[slot] = kEmpty;
    used_slots_.clear();
    for (std::uint32_t v : direct_used_) direct_[v] = kEmpty;
    direct_used_.clear();
    next_id_ = 0;
  }
  std::uint32_t intern(std::uint32_t value) {
    if (value < kDirect) {
      std::uint32_t& id = direct_[value];
      if (id == kEmpty) {
        id = next_id_++;
        direct_used_.push_back(value);
      }
      return id;
    }
    if ((used_slots_.size() + 1) * 2 > keys_.size()) grow();
    std::size_t slot = index(value);
    while (keys_[slot] != kEmpty) {
      if (keys_[slot] == value) return ids_[slot];
      slot = (slot + 1) & mask_;
    }
    keys_[slot] = value;
    ids_[slot] = next_id_;
    used_slots_.push_back(static_cast<std::uint32_t>(slot));
    return next_id_++;
  }
  std::uint32_t find(std::uint32_t value) const {
    if (value < kDirect) return direct_[value];  // kEmpty is kUnknownSymbol
    if (keys_.empty()) return kUnknownSymbol;
    std::size_t slot = index(value);
    while (keys_[slot] != kEmpty) {
      if (keys_[slot] == value) return ids_[slot];
      slot = (slot + 1) & mask_;
    }
    return kUnknownSymbol;
  }
  std::uint32_t size() const { return next_id_; }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  static_assert(kEmpty == kUnknownSymbol);
  static constexpr std::uint32_t kDirect = 0x800;
  std::size_t index(std::uint32_t v) const { return (v * 0x9E3779B1u) >> shift_; }
  void grow() {
    const std::size_t capacity = keys_.empty() ? 256 : keys_.size() * 2;
    std::vector<std::uint32_t> old_keys(capacity, kEmpty), old_ids(capacity, 0);
    old_keys.swap(keys_);
    old_ids.swap(ids_);
    mask_ = capacity - 1;
    shift_ = 32 - static_cast<unsigned>(__builtin_ctzll(capacity));
    std::vector<std::uint32_t> old_used;
    old_used.swap(used_slots_);
    for (std::uint32_t s : old_used) {
      std::size_t slot = index(old_keys[s]);
      while (keys_[slot] != kEmpty) slot = (slot + 1) & mask_;
      keys_[slot] = old_keys[s];
      ids_[slot] = old_ids[s];
      used_slots_.push_back(static_cast<std::uint32_t>(slot));
    }
  }
  std::vector<std::uint32_t> keys_, ids_, used_slots_;
  std::vector<std::uint32_t> direct_ = std::vector<std::uint32_t>(kDirect, kEmpty), direct_used_;
  std::size_t mask_ = 0;
  unsigned shift_ = 32;
  std::uint32_t next_id_ = 0;
};

}  // namespace trenchcoat::metrics::detail
