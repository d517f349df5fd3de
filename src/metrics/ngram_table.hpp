#pragma once
// Internal: exact n-gram counting over sequences of 32-bit symbols (token ids or code points), shared
// by BLEU and chrF.
//
// Reference n-grams are inserted once per segment; each entry keeps the largest count any one reference
// gave it (BLEU's max-merge across references). A hypothesis is then matched occurrence by occurrence:
// an occurrence is "correct" while the entry's clip budget (its count) is not used up, which sums
// min(hyp count, ref count) over n-grams without counting the hypothesis separately.
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

class NgramTable {
 public:
  struct Entry {
    std::uint64_t hash;
    const std::uint32_t* symbols;  // points into a buffer the caller keeps alive and unmoved
    std::uint32_t order;
    std::uint32_t max_count;       // largest count in any one reference
    std::uint32_t current_count;   // count in the reference being inserted
    std::uint32_t current_owner;   // which reference current_count belongs to
    std::uint32_t used;            // hypothesis occurrences matched so far
    std::uint32_t slot;
  };

  // Empties the table and makes room for about `expected` distinct n-grams.
  void reset(std::size_t expected) {
    for (const Entry& e : entries_) slots_[e.slot] = 0;
    entries_.clear();
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity <<= 1;
    if (capacity > slots_.size()) slots_.assign(capacity, 0);
    mask_ = slots_.size() - 1;
  }

  // Counts one occurrence of an n-gram of reference `owner`.
  void add_reference_occurrence(const std::uint32_t* symbols, std::uint32_t order, std::uint64_t hash,
                                std::uint32_t owner) {
    std::size_t slot = hash & mask_;
    while (true) {
      const std::uint32_t index = slots_[slot];
      if (index == 0) break;
      Entry& e = entries_[index - 1];
      if (e.hash == hash && e.order == order && same_symbols(e.symbols, symbols, order)) {
        if (e.current_owner != owner) {
          e.current_owner = owner;
          e.current_count = 0;
        }
        if (++e.current_count > e.max_count) e.max_count = e.current_count;
        return;
      }
      slot = (slot + 1) & mask_;
    }
    if ((entries_.size() + 1) * 2 > slots_.size()) {
      grow();
      add_reference_occurrence(symbols, order, hash, owner);
      return;
    }
    entries_.push_back({hash, symbols, order, 1, 1, owner, 0, static_cast<std::uint32_t>(slot)});
    slots_[slot] = static_cast<std::uint32_t>(entries_.size());
  }

  // Matches one hypothesis occurrence; true when it is within the clip budget.
  bool match_occurrence(const std::uint32_t* symbols, std::uint32_t order, std::uint64_t hash) {
    std::size_t slot = hash & mask_;
    while (true) {
      const std::uint32_t index = slots_[slot];
      if (index == 0) return false;
      Entry& e = entries_[index - 1];
      if (e.hash == hash && e.order == order && same_symbols(e.symbols, symbols, order)) {
        if (e.used < e.max_count) {
          ++e.used;
          return true;
        }
        return false;
      }
      slot = (slot + 1) & mask_;
    }
  }

  // Forgets the matches of the previous hypothesis.
  void reset_matches() {
    for (Entry& e : entries_) e.used = 0;
  }

 private:
  static bool same_symbols(const std::uint32_t* a, const std::uint32_t* b, std::uint32_t n) {
    return a == b || std::memcmp(a, b, n * sizeof(std::uint32_t)) == 0;
  }
  void grow() {
    std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t slot = entries_[i].hash & mask;
      while (bigger[slot] != 0) slot = (slot + 1) & mask;
      bigger[slot] = static_cast<std::uint32_t>(i + 1);
      entries_[i].slot = static_cast<std::uint32_t>(slot);
    }
    slots_.swap(bigger);
    mask_ = mask;
  }

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(16, 0);
  std::size_t mask_ = 15;
};

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
    // FNV-1a over the bytes, then a final mix so the low bits spread.
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
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

}  // namespace trenchcoat::metrics::detail
