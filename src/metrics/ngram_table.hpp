#pragma once
// Internal: the general n-gram table over sequences of 32-bit symbols, keyed by the symbols
// themselves (compared in full), with each n-gram's largest count in any one reference and its
// clip budget. ClippedNgramMatcher falls back to it when n-grams do not pack into 64 bits.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ngram_symbols.hpp"

namespace trenchcoat::metrics::detail {

class NgramTable {
 public:
  struct Entry {
    std::uint64_t hash;
    const std::uint32_t* symbols;  // points into a buffer the caller keeps alive and unmoved
    std::uint32_t order;
    std::uint32_t max_count;      // largest count in any one reference
    std::uint32_t current_count;  // count in the reference being inserted
    std::uint32_t current_owner;  // which reference current_count belongs to
    std::uint32_t used;           // hypothesis occurrences matched so far
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

  // Matches one hypothesis occurrence: kMatched within the clip budget, kClipped when the budget is used
  // up, kAbsent when no reference has the n-gram.
  MatchResult match_occurrence(const std::uint32_t* symbols, std::uint32_t order, std::uint64_t hash) {
    std::size_t slot = hash & mask_;
    while (true) {
      const std::uint32_t index = slots_[slot];
      if (index == 0) return MatchResult::kAbsent;
      Entry& e = entries_[index - 1];
      if (e.hash == hash && e.order == order && same_symbols(e.symbols, symbols, order)) {
        if (e.used < e.max_count) {
          ++e.used;
          return MatchResult::kMatched;
        }
        return MatchResult::kClipped;
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

}  // namespace trenchcoat::metrics::detail
