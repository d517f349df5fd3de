#pragma once
// Internal: BLEU's clipped n-gram matching against several references.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ngram_symbols.hpp"
#include "ngram_table.hpp"

namespace trenchcoat::metrics::detail {

// Clipped n-gram matching for one segment: reference n-grams (orders 1..max_order) are added with the
// largest count any one reference gives them; match() then counts, per order, the hypothesis
// occurrences within those counts, i.e. sum over n-grams of min(hyp count, ref count).
//
// When max_order n-grams of the segment's symbol ids fit in 64 bits, each n-gram is one integer key
// (sum of (id+1) << (bits*k)); orders cannot collide because the highest part is never zero. Otherwise
// the general NgramTable compares symbol sequences. Both are exact.
class ClippedNgramMatcher {
 public:
  // symbol_count: ids are < symbol_count. expected: about how many n-grams will be added.
  void reset(std::size_t max_order, std::uint32_t symbol_count, std::size_t expected) {
    max_order_ = max_order;
    bits_ = 1;
    while ((std::uint64_t{1} << bits_) <= symbol_count) ++bits_;  // ids + 1 <= symbol_count fit in bits_
    packed_ = max_order * bits_ <= 64;
    if (!packed_) {
      table_.reset(expected);
      return;
    }
    for (std::uint32_t slot : used_slots_) {
      slots_[slot].key = 0;
      current_owner_[slot] = kNoOwner;
    }
    used_slots_.clear();
    std::size_t capacity = 64;
    while (capacity < expected * 2) capacity <<= 1;
    if (capacity > slots_.size()) allocate(capacity);
  }

  // Adds every n-gram (orders 1..max_order) of one reference. Owners must be 0, 1, 2, ... in turn.
  void add_reference(const std::uint32_t* sym, std::size_t len, std::uint32_t owner) {
    if (packed_) {
      // Room for every n-gram of this reference at a load factor of at most one half, so that the
      // insertion loop needs no check.
      while ((used_slots_.size() + len * max_order_ + 1) * 2 > slots_.size()) grow();
    }
    for (std::size_t i = 0; i < len; ++i) {
      if (packed_) {
        std::uint64_t key = 0;
        for (std::size_t n = 1; n <= max_order_ && i + n <= len; ++n) {
          key |= static_cast<std::uint64_t>(sym[i + n - 1] + 1) << (bits_ * (n - 1));
          add_packed(key, owner);
        }
      } else {
        std::uint64_t h = kHashSeed;
        for (std::size_t n = 1; n <= max_order_ && i + n <= len; ++n) {
          h = extend_hash(h, sym[i + n - 1]);
          table_.add_reference_occurrence(sym + i, static_cast<std::uint32_t>(n), h, owner);
        }
      }
    }
  }

  // Adds to matches[n-1] the clipped matches of order n; symbols equal to kUnknownSymbol never match.
  // Reference n-grams are prefix-closed (every prefix of one is one), so once an n-gram is absent no
  // longer n-gram from the same position can match and the search moves on.
  void match(const std::uint32_t* sym, std::size_t len, double* matches) {
    if (packed_) {
      for (std::uint32_t slot : used_slots_) slots_[slot].used = 0;
    } else {
      table_.reset_matches();
    }
    for (std::size_t i = 0; i < len; ++i) {
      std::uint64_t key = 0, h = kHashSeed;
      for (std::size_t n = 1; n <= max_order_ && i + n <= len; ++n) {
        const std::uint32_t s = sym[i + n - 1];
        if (s == kUnknownSymbol) break;
        MatchResult result;
        if (packed_) {
          key |= static_cast<std::uint64_t>(s + 1) << (bits_ * (n - 1));
          result = match_packed(key);
        } else {
          h = extend_hash(h, s);
          result = table_.match_occurrence(sym + i, static_cast<std::uint32_t>(n), h);
        }
        if (result == MatchResult::kAbsent) break;
        if (result == MatchResult::kMatched) matches[n - 1] += 1.0;
      }
    }
  }

 private:
  struct Slot {
    std::uint64_t key = 0;        // 0: empty
    std::uint32_t max_count = 0;  // largest count in any one reference
    std::uint32_t used = 0;       // hypothesis occurrences matched so far
  };
  static constexpr std::uint32_t kNoOwner = 0xFFFFFFFFu;
  std::size_t index(std::uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_; }

  void allocate(std::size_t capacity) {
    slots_.assign(capacity, Slot{});
    current_owner_.assign(capacity, kNoOwner);
    current_count_.assign(capacity, 0);
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
  }

  void add_packed(std::uint64_t key, std::uint32_t owner) {
    std::size_t slot = index(key);
    while (slots_[slot].key != key) {
      if (slots_[slot].key == 0) {
        slots_[slot].key = key;
        slots_[slot].max_count = 0;
        slots_[slot].used = 0;
        used_slots_.push_back(static_cast<std::uint32_t>(slot));
        break;
      }
      slot = (slot + 1) & mask_;
    }
    if (owner == 0) {  // the first reference's count is the maximum so far
      ++slots_[slot].max_count;
      return;
    }
    // Later references count in side arrays; the largest count of any one reference is kept.
    if (current_owner_[slot] != owner) {
      current_owner_[slot] = owner;
      current_count_[slot] = 0;
    }
    if (++current_count_[slot] > slots_[slot].max_count) slots_[slot].max_count = current_count_[slot];
  }

  MatchResult match_packed(std::uint64_t key) {
    std::size_t slot = index(key);
    while (true) {
      Slot& s = slots_[slot];
      if (s.key == key) {
        if (s.used < s.max_count) {
          ++s.used;
          return MatchResult::kMatched;
        }
        return MatchResult::kClipped;
      }
      if (s.key == 0) return MatchResult::kAbsent;
      slot = (slot + 1) & mask_;
    }
  }

  void grow() {
    std::vector<Slot> old_slots;
    std::vector<std::uint32_t> old_owner, old_count, old_used;
    old_slots.swap(slots_);
    old_owner.swap(current_owner_);
    old_count.swap(current_count_);
    old_used.swap(used_slots_);
    allocate(old_slots.size() * 2);
    for (std::uint32_t o : old_used) {
      std::size_t slot = index(old_slots[o].key);
      while (slots_[slot].key != 0) slot = (slot + 1) & mask_;
      slots_[slot] = old_slots[o];
      current_owner_[slot] = old_owner[o];
      current_count_[slot] = old_count[o];
      used_slots_.push_back(static_cast<std::uint32_t>(slot));
    }
  }

  std::size_t max_order_ = 4;
  unsigned bits_ = 1;
  bool packed_ = true;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> current_owner_, current_count_;
  std::vector<std::uint32_t> used_slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  NgramTable table_;
};

}  // namespace trenchcoat::metrics::detail
