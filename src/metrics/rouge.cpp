#include "trenchcoat/metrics/rouge.hpp"

#include <algorithm>
#include <cstring>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/porter_stemmer.hpp"
#include "trenchcoat/text/rouge_tokenizer.hpp"

namespace trenchcoat::metrics {
namespace {

// Dense ids 0, 1, 2, ... for 64-bit keys (tokens, or (n-1)-gram id and token packed together);
// open addressing, cleared in time proportional to what was inserted.
class KeyInterner {
 public:
  void reset() {
    for (const std::uint32_t slot : used_) ids_[slot] = 0;
    used_.clear();
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(used_.size()); }
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;
  // The id of `key`, or kAbsent.
  std::uint32_t find(std::uint64_t key) const {
    if (ids_.empty()) return kAbsent;
    std::size_t slot = index(key);
    while (ids_[slot] != 0) {
      if (keys_[slot] == key) return ids_[slot] - 1;
      slot = (slot + 1) & mask_;
    }
    return kAbsent;
  }
  std::uint32_t intern(std::uint64_t key) {
    if ((used_.size() + 1) * 2 > ids_.size()) grow();
    std::size_t slot = index(key);
    while (ids_[slot] != 0) {
      if (keys_[slot] == key) return ids_[slot] - 1;
      slot = (slot + 1) & mask_;
    }
    keys_[slot] = key;
    used_.push_back(static_cast<std::uint32_t>(slot));
    ids_[slot] = static_cast<std::uint32_t>(used_.size());
    return ids_[slot] - 1;
  }

 private:
  std::size_t index(std::uint64_t key) const {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key) & mask_;
  }
  void grow() {
    const std::size_t capacity = ids_.empty() ? 256 : ids_.size() * 2;
    std::vector<std::uint64_t> old_keys(capacity);
    std::vector<std::uint32_t> old_ids(capacity, 0);
    old_keys.swap(keys_);
    old_ids.swap(ids_);
    mask_ = capacity - 1;
    std::vector<std::uint32_t> old_used;
    old_used.swap(used_);
    used_.resize(old_used.size());
    for (const std::uint32_t s : old_used) {
      std::size_t slot = index(old_keys[s]);
      while (ids_[slot] != 0) slot = (slot + 1) & mask_;
      keys_[slot] = old_keys[s];
      ids_[slot] = old_ids[s];
      used_[old_ids[s] - 1] = static_cast<std::uint32_t>(slot);
    }
  }
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> ids_;   // id + 1; 0 = empty slot
  std::vector<std::uint32_t> used_;  // slots, in id order
  std::size_t mask_ = 0;
};

RougeScore make_score(std::size_t hits, std::size_t prediction_count, std::size_t target_count) {
  RougeScore s;
  s.precision = static_cast<double>(hits) / static_cast<double>(prediction_count);
  s.recall = static_cast<double>(hits) / static_cast<double>(target_count);
  s.fmeasure = rouge_fmeasure(s.precision, s.recall);
  return s;
}

// Buffers reused from call to call.
struct Workspace {
  KeyInterner interner;
  std::vector<std::uint32_t> grams_target, grams_prediction;
  std::vector<std::uint32_t> count_target, count_prediction;
  std::vector<std::uint32_t> row, table, symbols;
  std::vector<std::uint64_t> masks, bits;
  std::vector<std::uint8_t> in_union;

  void clear_counts() {
    const std::size_t k = interner.size();
    if (count_target.size() < k) count_target.resize(k, 0);
    if (count_prediction.size() < k) count_prediction.resize(k, 0);
  }

  RougeScore ngrams(std::span<const std::uint32_t> target, std::span<const std::uint32_t> prediction, int n) {
    const std::size_t order = static_cast<std::size_t>(n);
    const std::size_t nt = target.size() >= order ? target.size() - order + 1 : 0;
    const std::size_t np = prediction.size() >= order ? prediction.size() - order + 1 : 0;
    std::size_t hits = 0;
    if (nt > 0 && np > 0) {
      // Level 1: token ids; level k: ids of (level k-1 id, k-th token) pairs. Equal ids at level n are
      // equal n-grams.
      grams_target.resize(target.size());
      grams_prediction.resize(prediction.size());
      interner.reset();
      for (std::size_t i = 0; i < target.size(); ++i) grams_target[i] = interner.intern(target[i]);
      for (std::size_t i = 0; i < prediction.size(); ++i) grams_prediction[i] = interner.intern(prediction[i]);
      for (std::size_t k = 1; k < order; ++k) {
        interner.reset();
        for (std::size_t i = 0; i + k < target.size(); ++i)
          grams_target[i] = interner.intern((std::uint64_t{grams_target[i]} << 32) | target[i + k]);
        for (std::size_t i = 0; i + k < prediction.size(); ++i)
          grams_prediction[i] = interner.intern((std::uint64_t{grams_prediction[i]} << 32) | prediction[i + k]);
      }
      clear_counts();
      for (std::size_t i = 0; i < nt; ++i) ++count_target[grams_target[i]];
      for (std::size_t i = 0; i < np; ++i) ++count_prediction[grams_prediction[i]];
      for (std::size_t i = 0; i < nt; ++i) {
        const std::uint32_t g = grams_target[i];
        if (count_target[g] == 0) continue;  // already counted
        hits += std::min(count_target[g], count_prediction[g]);
        count_target[g] = 0;
      }
      for (std::size_t i = 0; i < np; ++i) count_prediction[grams_prediction[i]] = 0;
    }
    return make_score(hits, std::max<std::size_t>(np, 1), std::max<std::size_t>(nt, 1));
  }

  // LCS length by the textbook DP, one row.
  std::size_t lcs_by_table(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
    if (a.size() < b.size()) std::swap(a, b);  // the row runs over the shorter one
    row.assign(b.size() + 1, 0);
    std::uint32_t* const r = row.data();
    for (const std::uint32_t x : a) {
      std::uint32_t diagonal = 0;  // row[j - 1] of the previous line
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::uint32_t up = r[j];
        r[j] = x == b[j - 1] ? diagonal + 1 : std::max(up, r[j - 1]);
        diagonal = up;
      }
    }
    return row[b.size()];
  }

  // LCS length, bit-parallel (Allison-Dix / Hyyro): one bit per position of the shorter sequence `a`,
  // 64 DP cells per word operation. The row vector V starts all ones; for each token y of `b`, with M
  // the positions of y in `a` and U = V & M: V = (V + U) | (V & ~M), the addition carrying across
  // words. The LCS length is the number of zero bits of V. Falls back to the table when the match masks
  // would be large (many distinct tokens in a long text).
  std::size_t lcs(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (a.empty()) return 0;
    const std::size_t words = (a.size() + 63) / 64;
    interner.reset();
    symbols.resize(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) symbols[i] = interner.intern(a[i]);
    const std::size_t distinct = interner.size();
    constexpr std::size_t kMaxMaskWords = std::size_t{1} << 20;  // 8 MiB
    if (distinct * words > kMaxMaskWords) return lcs_by_table(a, b);
    masks.assign(distinct * words, 0);
    for (std::size_t i = 0; i < a.size(); ++i) masks[symbols[i] * words + i / 64] |= std::uint64_t{1} << (i % 64);
    bits.assign(words, ~std::uint64_t{0});
    std::uint64_t* const v = bits.data();
    for (const std::uint32_t y : b) {
      const std::uint32_t id = interner.find(y);
      if (id == KeyInterner::kAbsent) continue;  // M = 0 leaves V as it is
      const std::uint64_t* const m = masks.data() + std::size_t{id} * words;
      std::uint64_t carry = 0;
      for (std::size_t w = 0; w < words; ++w) {
        const std::uint64_t x = v[w], u = x & m[w];
        const std::uint64_t sum = x + u;
        const std::uint64_t total = sum + carry;
        carry = static_cast<std::uint64_t>(sum < x) | static_cast<std::uint64_t>(total < sum);
        v[w] = total | (x & ~m[w]);
      }
    }
    // Bits above a.size() stay ones (their mask bits are zero), so every zero bit is a match.
    std::size_t ones = 0;
    for (std::size_t w = 0; w < words; ++w) ones += static_cast<std::size_t>(__builtin_popcountll(v[w]));
    return words * 64 - ones;
  }

  RougeScore lcs_score(std::span<const std::uint32_t> target, std::span<const std::uint32_t> prediction) {
    if (target.empty() || prediction.empty()) return {};
    return make_score(lcs(target, prediction), prediction.size(), target.size());
  }

  // Marks in `in_union` the ref indices of the LCS that rouge-score reads back from the full table.
  void mark_lcs(std::span<const std::uint32_t> ref, std::span<const std::uint32_t> can) {
    const std::size_t rows = ref.size(), cols = can.size(), width = cols + 1;
    if (table.size() < (rows + 1) * width) table.resize((rows + 1) * width);
    std::uint32_t* const t = table.data();
    std::fill(t, t + width, 0);  // row 0; column 0 is set per row
    for (std::size_t i = 1; i <= rows; ++i) {
      const std::uint32_t x = ref[i - 1];
      std::uint32_t* const cur = t + i * width;
      cur[0] = 0;
      const std::uint32_t* const up = cur - width;
      for (std::size_t j = 1; j <= cols; ++j) cur[j] = x == can[j - 1] ? up[j - 1] + 1 : std::max(up[j], cur[j - 1]);
    }
    std::size_t i = rows, j = cols;
    while (i > 0 && j > 0) {
      if (ref[i - 1] == can[j - 1]) {
        in_union[i - 1] = 1;
        --i;
        --j;
      } else if (t[i * width + j - 1] > t[(i - 1) * width + j]) {
        --j;
      } else {
        --i;
      }
    }
  }

  // Sentences are given as token ids plus the end offset of each sentence.
  RougeScore summary_lcs(std::span<const std::uint32_t> ref_tokens, std::span<const std::uint32_t> ref_ends,
                         std::span<const std::uint32_t> can_tokens, std::span<const std::uint32_t> can_ends) {
    const std::size_t m = ref_tokens.size(), n = can_tokens.size();
    if (m == 0 || n == 0) return {};
    // Dense ids for the token counters.
    interner.reset();
    grams_target.resize(m);
    grams_prediction.resize(n);
    for (std::size_t i = 0; i < m; ++i) grams_target[i] = interner.intern(ref_tokens[i]);
    for (std::size_t i = 0; i < n; ++i) grams_prediction[i] = interner.intern(can_tokens[i]);
    clear_counts();
    for (std::size_t i = 0; i < m; ++i) ++count_target[grams_target[i]];
    for (std::size_t i = 0; i < n; ++i) ++count_prediction[grams_prediction[i]];
    const std::span<const std::uint32_t> ref(grams_target.data(), m), can(grams_prediction.data(), n);
    std::size_t hits = 0, ref_begin = 0;
    for (const std::uint32_t ref_end : ref_ends) {
      const auto r = ref.subspan(ref_begin, ref_end - ref_begin);
      in_union.assign(r.size(), 0);
      std::size_t can_begin = 0;
      for (const std::uint32_t can_end : can_ends) {
        mark_lcs(r, can.subspan(can_begin, can_end - can_begin));
        can_begin = can_end;
      }
      for (std::size_t k = 0; k < r.size(); ++k) {
        if (!in_union[k]) continue;
        const std::uint32_t token = r[k];
        if (count_prediction[token] > 0 && count_target[token] > 0) {
          ++hits;
          --count_prediction[token];
          --count_target[token];
        }
      }
      ref_begin = ref_end;
    }
    for (std::size_t i = 0; i < m; ++i) count_target[grams_target[i]] = 0;
    for (std::size_t i = 0; i < n; ++i) count_prediction[grams_prediction[i]] = 0;
    return make_score(hits, n, m);
  }
};

// Flattens sentences into tokens + end offsets.
void flatten(const std::vector<std::vector<std::uint32_t>>& sentences, std::vector<std::uint32_t>& tokens,
             std::vector<std::uint32_t>& ends) {
  for (const auto& s : sentences) {
    if (s.empty()) continue;
    tokens.insert(tokens.end(), s.begin(), s.end());
    ends.push_back(static_cast<std::uint32_t>(tokens.size()));
  }
}

// Words -> ids: open addressing over a byte arena (no allocation per word once warm).
class WordTable {
 public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;
  std::size_t size() const { return count_; }
  void clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    arena_.clear();
    count_ = 0;
  }
  std::uint32_t find(std::string_view word, std::uint64_t h) const {
    if (slots_.empty()) return kAbsent;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == kAbsent) return kAbsent;
      if (s.hash == h && s.length == word.size() && std::string_view(arena_.data() + s.offset, s.length) == word)
        return s.value;
    }
  }
  // Adds a word that find() did not find.
  void insert(std::string_view word, std::uint64_t h, std::uint32_t value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = h & mask_;
    while (slots_[i].value != kAbsent) i = (i + 1) & mask_;
    slots_[i] = Slot{h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(word.size()), value};
    arena_.append(word);
    ++count_;
  }
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
      h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    return h;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0, length = 0;
    std::uint32_t value = kAbsent;  // kAbsent = empty slot
  };
  void grow() {
    std::vector<Slot> old(slots_.empty() ? 1024 : slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value == kAbsent) continue;
      std::size_t i = s.hash & mask_;
      while (slots_[i].value != kAbsent) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  std::size_t count_ = 0, mask_ = 0;
};

constexpr std::uint32_t kDropped = 0xFFFFFFFEu;               // a word whose stem is empty (rouge-score drops it)
constexpr std::size_t kMaxVocabulary = std::size_t{1} << 21;  // forgotten between calls beyond this

// A text as token ids, with the end offset of every non-empty "\n"-separated sentence.
struct TokenizedText {
  std::vector<std::uint32_t> tokens, sentence_ends;
};

}  // namespace

RougeType RougeType::parse(std::string_view name) {
  if (name == "rougeL") return {Kind::lcs, 0};
  if (name == "rougeLsum") return {Kind::summary_lcs, 0};
  if (name.size() == 6 && name.substr(0, 5) == "rouge" && name[5] >= '1' && name[5] <= '9')
    return {Kind::ngram, name[5] - '0'};
  throw Error("invalid ROUGE type '" + std::string(name) + "' (valid: rouge1 ... rouge9, rougeL, rougeLsum)");
}

std::string RougeType::name() const {
  switch (kind) {
    case Kind::ngram:
      return "rouge" + std::to_string(n);
    case Kind::lcs:
      return "rougeL";
    case Kind::summary_lcs:
      return "rougeLsum";
  }
  return {};
}

double rouge_fmeasure(double precision, double recall) {
  if (precision + recall > 0) return ((2 * precision) * recall) / (precision + recall);
  return 0.0;
}

RougeScore rouge_n(std::span<const std::uint32_t> target, std::span<const std::uint32_t> prediction, int n) {
  if (n < 1) throw Error("ROUGE-N needs n >= 1 (got " + std::to_string(n) + ")");
  Workspace ws;
  return ws.ngrams(target, prediction, n);
}

RougeScore rouge_l(std::span<const std::uint32_t> target, std::span<const std::uint32_t> prediction) {
  Workspace ws;
  return ws.lcs_score(target, prediction);
}

RougeScore rouge_lsum(const std::vector<std::vector<std::uint32_t>>& target_sentences,
                      const std::vector<std::vector<std::uint32_t>>& prediction_sentences) {
  std::vector<std::uint32_t> rt, re, ct, ce;
  flatten(target_sentences, rt, re);
  flatten(prediction_sentences, ct, ce);
  Workspace ws;
  return ws.summary_lcs(rt, re, ct, ce);
}

std::size_t lcs_length(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  Workspace ws;
  return ws.lcs(a, b);
}

std::vector<std::size_t> lcs_indices(std::span<const std::uint32_t> ref, std::span<const std::uint32_t> candidate) {
  return union_lcs_indices(ref, {std::vector<std::uint32_t>(candidate.begin(), candidate.end())});
}

std::vector<std::size_t> union_lcs_indices(std::span<const std::uint32_t> ref,
                                           const std::vector<std::vector<std::uint32_t>>& candidates) {
  Workspace ws;
  ws.in_union.assign(ref.size(), 0);
  for (const auto& c : candidates) ws.mark_lcs(ref, c);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < ref.size(); ++i)
    if (ws.in_union[i]) out.push_back(i);
  return out;
}

struct Rouge::Impl {
  std::vector<RougeType> types;
  bool use_stemmer = false;
  WordTable word_ids;  // word as found -> token id (after stemming), or kDropped
  WordTable stem_ids;  // with stemming: token -> id
  std::string scratch, stem;
  TokenizedText target, prediction;
  Workspace ws;

  std::uint32_t id_of(std::string_view word) {
    const std::uint64_t h = WordTable::hash(word);
    if (const std::uint32_t id = word_ids.find(word, h); id != WordTable::kAbsent) return id;
    std::uint32_t id;
    if (!use_stemmer) {
      id = static_cast<std::uint32_t>(word_ids.size());
    } else {
      std::string_view token = word;
      if (text::rouge_stems_word(word)) {
        text::porter_stem(word, stem);
        token = stem;
      }
      if (token.empty()) {
        id = kDropped;
      } else {
        const std::uint64_t token_hash = WordTable::hash(token);
        id = stem_ids.find(token, token_hash);
        if (id == WordTable::kAbsent) {
          id = static_cast<std::uint32_t>(stem_ids.size());
          stem_ids.insert(token, token_hash, id);
        }
      }
    }
    word_ids.insert(word, h, id);
    return id;
  }

  void forget_if_large() {
    if (word_ids.size() + stem_ids.size() <= kMaxVocabulary) return;
    word_ids.clear();
    stem_ids.clear();
  }

  void tokenize(std::string_view text, TokenizedText& out) {
    out.tokens.clear();
    out.sentence_ends.clear();
    // Sentences for ROUGE-Lsum are the pieces between "\n"; a newline also separates words, so the
    // whole-text tokens are the concatenation of the sentences' tokens.
    std::size_t begin = 0;
    while (begin <= text.size()) {
      std::size_t end = text.find('\n', begin);
      if (end == std::string_view::npos) end = text.size();
      text::for_each_rouge_word(text.substr(begin, end - begin), scratch, [&](std::string_view word) {
        const std::uint32_t id = id_of(word);
        if (id != kDropped) out.tokens.push_back(id);
      });
      if (out.sentence_ends.empty() ? !out.tokens.empty() : out.tokens.size() > out.sentence_ends.back())
        out.sentence_ends.push_back(static_cast<std::uint32_t>(out.tokens.size()));
      begin = end + 1;
    }
  }

  void score_tokenized(std::vector<RougeScore>& out) {
    out.clear();
    for (const RougeType& type : types) {
      switch (type.kind) {
        case RougeType::Kind::ngram:
          out.push_back(ws.ngrams(target.tokens, prediction.tokens, type.n));
          break;
        case RougeType::Kind::lcs:
          out.push_back(ws.lcs_score(target.tokens, prediction.tokens));
          break;
        case RougeType::Kind::summary_lcs:
          out.push_back(
              ws.summary_lcs(target.tokens, target.sentence_ends, prediction.tokens, prediction.sentence_ends));
          break;
      }
    }
  }

  template <class Targets>
  std::vector<RougeScore> score_multi(const Targets& targets, std::string_view prediction_text) {
    if (targets.empty()) throw Error("ROUGE score_multi needs at least one target");
    forget_if_large();
    tokenize(prediction_text, prediction);
    std::vector<RougeScore> best, current;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      tokenize(targets[t], target);
      score_tokenized(current);
      if (t == 0) {
        best = current;
        continue;
      }
      for (std::size_t k = 0; k < current.size(); ++k)
        if (current[k].fmeasure > best[k].fmeasure) best[k] = current[k];  // np.argmax: first maximum
    }
    return best;
  }
};

Rouge::Rouge(std::vector<RougeType> types, bool use_stemmer) : impl_(std::make_unique<Impl>()) {
  impl_->types = std::move(types);
  impl_->use_stemmer = use_stemmer;
}
Rouge::~Rouge() = default;
Rouge::Rouge(Rouge&&) noexcept = default;
Rouge& Rouge::operator=(Rouge&&) noexcept = default;

const std::vector<RougeType>& Rouge::types() const { return impl_->types; }
bool Rouge::use_stemmer() const { return impl_->use_stemmer; }

std::vector<RougeScore> Rouge::score(std::string_view target, std::string_view prediction) {
  impl_->forget_if_large();
  impl_->tokenize(target, impl_->target);
  impl_->tokenize(prediction, impl_->prediction);
  std::vector<RougeScore> out;
  impl_->score_tokenized(out);
  return out;
}

std::vector<RougeScore> Rouge::score_multi(std::span<const std::string> targets, std::string_view prediction) {
  return impl_->score_multi(targets, prediction);
}

std::vector<RougeScore> Rouge::score_multi(std::span<const std::string_view> targets, std::string_view prediction) {
  return impl_->score_multi(targets, prediction);
}

}  // namespace trenchcoat::metrics
