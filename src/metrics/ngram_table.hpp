#pragma once
// Internal: exact n-gram counting over sequences of 32-bit symbols (token ids or code points), shared
// by BLEU and chrF.
//
// Reference n-grams are inserted once per segment; each entry keeps the largest count any one reference
// gave it (BLEU's max-merge across references). A hypothesis is then matched occurrence by occurrence:
// an occurrence is "correct" while the entry's clip budget (its count) is not used up, which sums
// min(hyp count, ref count) over n-grams without counting the hypothesis separately.
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

}  // namespace trenchcoat::metrics::detail

namespace trenchcoat::metrics::detail {

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
    std::uint64_t key = 0;  // 0: empty
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

