#pragma once
// Internal: n-gram overlap of two symbol sequences, every order at once.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ngram_symbols.hpp"

namespace trenchcoat::metrics::detail {

// sum over n-grams g of min(count in a, count in b), for every order 1..max_order, of two symbol
// sequences (chrF's matches of a hypothesis against one reference).
//
// Order by order: an n-gram can occur on both sides only if its (n-1)-prefix does, so each position
// carries the id of its (n-1)-gram while that n-gram occurs on both sides, and only those positions are
// extended. Order 1 uses the symbol ids themselves; order n hashes (prefix id, next symbol) into a table
// whose slot holds the n-gram's count on each side, and the slot index is the n-gram's id. Exact: ids
// stand for distinct n-grams.
class NgramOverlapCounter {
 public:
  // Symbols are < symbol_count, or kUnknownSymbol (never matches). Adds to matches[n-1].
  void count(const std::uint32_t* a, std::size_t la, const std::uint32_t* b, std::size_t lb, std::size_t max_order,
             std::uint32_t symbol_count, double* matches) {
    if (max_order == 0) return;
    // Order 1.
    symbol_a_.assign(symbol_count, 0);
    symbol_b_.assign(symbol_count, 0);
    for (std::size_t i = 0; i < la; ++i)
      if (a[i] != kUnknownSymbol) ++symbol_a_[a[i]];
    for (std::size_t i = 0; i < lb; ++i)
      if (b[i] != kUnknownSymbol) ++symbol_b_[b[i]];
    std::uint64_t total = 0;
    for (std::uint32_t k = 0; k < symbol_count; ++k) total += std::min(symbol_a_[k], symbol_b_[k]);
    matches[0] += static_cast<double>(total);
    if (max_order == 1 || total == 0) return;
    live_a_.clear();
    live_b_.clear();
    for (std::size_t i = 0; i < la; ++i)
      if (a[i] != kUnknownSymbol && symbol_b_[a[i]] != 0) live_a_.push_back({static_cast<std::uint32_t>(i), a[i]});
    for (std::size_t i = 0; i < lb; ++i)
      if (symbol_a_[b[i]] != 0) live_b_.push_back({static_cast<std::uint32_t>(i), b[i]});
    // Orders 2..max_order.
    for (std::size_t n = 2; n <= max_order; ++n) {
      // Side b's n-grams go into the table; side a only looks its up, and a position of a whose
      // n-gram b lacks is dropped at once (it can match nothing, now or at longer orders).
      reset_table(live_b_.size());
      extend(b, lb, n, live_b_, &Slot::count_b);
      total = extend_shared(a, la, n, live_a_);
      matches[n - 1] += static_cast<double>(total);
      if (total == 0 || n == max_order) return;  // nothing shared at this order: none at longer ones
      keep_shared(live_b_, &Slot::count_a);
    }
  }

 private:
  struct Live {
    std::uint32_t position;
    std::uint32_t node;  // id of the n-gram starting at position
  };
  struct Slot {
    std::uint64_t key;
    std::uint32_t count_a, count_b;
  };
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};

  void reset_table(std::size_t expected) {
    for (std::uint32_t slot : used_) slots_[slot].key = kEmptyKey;
    used_.clear();
    std::size_t capacity = 64;
    while (capacity < expected * 2) capacity <<= 1;
    if (capacity > slots_.size()) {
      slots_.assign(capacity, Slot{kEmptyKey, 0, 0});
      shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
      mask_ = capacity - 1;
    }
  }

  std::uint32_t find_or_insert(std::uint64_t key) {
    std::size_t slot = (key * 0x9E3779B97F4A7C15ull) >> shift_;
    while (true) {
      Slot& s = slots_[slot];
      if (s.key == key) return static_cast<std::uint32_t>(slot);
      if (s.key == kEmptyKey) {
        s = Slot{key, 0, 0};
        used_.push_back(static_cast<std::uint32_t>(slot));
        return static_cast<std::uint32_t>(slot);
      }
      slot = (slot + 1) & mask_;
    }
  }

  // Replaces each live position's (n-1)-gram id by its n-gram id and counts it on its side.
  void extend(const std::uint32_t* sym, std::size_t len, std::size_t n, std::vector<Live>& live,
              std::uint32_t Slot::*side) {
    std::size_t kept = 0;
    for (const Live& l : live) {
      const std::size_t last = l.position + n - 1;
      if (last >= len || sym[last] == kUnknownSymbol) continue;
      const std::uint32_t slot = find_or_insert((static_cast<std::uint64_t>(l.node) << 32) | sym[last]);
      ++(slots_[slot].*side);
      live[kept++] = {l.position, slot};
    }
    live.resize(kept);
  }

  // Like extend() for side a, looking n-grams up instead of inserting them: positions whose n-gram is
  // not in the table (side b lacks it) are dropped. Returns the sum over n-grams of min(count in a,
  // count in b): an occurrence of a raises that minimum exactly when a's count stays within b's.
  std::uint64_t extend_shared(const std::uint32_t* sym, std::size_t len, std::size_t n, std::vector<Live>& live) {
    std::uint64_t overlap = 0;
    std::size_t kept = 0;
    for (const Live& l : live) {
      const std::size_t last = l.position + n - 1;
      if (last >= len || sym[last] == kUnknownSymbol) continue;
      const std::uint64_t key = (static_cast<std::uint64_t>(l.node) << 32) | sym[last];
      std::size_t slot = (key * 0x9E3779B97F4A7C15ull) >> shift_;
      while (slots_[slot].key != key && slots_[slot].key != kEmptyKey) slot = (slot + 1) & mask_;
      if (slots_[slot].key != key) continue;
      overlap += ++slots_[slot].count_a <= slots_[slot].count_b;
      live[kept++] = {l.position, static_cast<std::uint32_t>(slot)};
    }
    live.resize(kept);
    return overlap;
  }

  // Keeps the positions whose n-gram the other side has too.
  void keep_shared(std::vector<Live>& live, std::uint32_t Slot::*other) {
    std::size_t kept = 0;
    for (const Live& l : live)
      if (slots_[l.node].*other != 0) live[kept++] = l;
    live.resize(kept);
  }

  std::vector<std::uint32_t> symbol_a_, symbol_b_, used_;
  std::vector<Live> live_a_, live_b_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
};

}  // namespace trenchcoat::metrics::detail
