#include "ter_edit_distance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace trenchcoat::metrics::detail {
namespace {

constexpr int kMaxShiftSize = 10;      // longest block that is shifted
constexpr int kMaxShiftDistance = 50;  // largest |ref start - hyp start| of a candidate pair
constexpr int kBeamWidth = 25;
constexpr int kMaxShiftCandidates = 1000;  // evaluated candidates per sentence pair
// sacreBLEU's 1e16: the value of cells outside the beam. Any sum built on it stays above every real
// distance, so comparisons decide exactly as with 1e16.
constexpr std::int32_t kInf = 1 << 29;

// Operations of the beam edit distance, from the hypothesis' point of view (before sacreBLEU flips
// insertions and deletions to build the alignment).
constexpr std::uint8_t kOpNone = 0, kOpSub = 1, kOpIns = 2, kOpDel = 3, kOpUndef = 4;

// Lower bound of the cost of any path through cell (i, j) of an n x m edit matrix.
int path_bound(int i, int j, int n, int m) { return std::abs(i - j) + std::abs((n - i) - (m - j)); }

// sacreBLEU's _perform_shift: moves words[start:start+length] to before position target of the words,
// writing all n words to out.
void perform_shift(const std::uint32_t* w, int n, int start, int length, int target, std::uint32_t* out) {
  if (target < start) {
    // w[:t] + w[s:s+L] + w[t:s] + w[s+L:]
    out = std::copy(w, w + target, out);
    out = std::copy(w + start, w + start + length, out);
    out = std::copy(w + target, w + start, out);
    std::copy(w + start + length, w + n, out);
  } else if (target > start + length) {
    // w[:s] + w[s+L:t] + w[s:s+L] + w[t:]
    out = std::copy(w, w + start, out);
    out = std::copy(w + start + length, w + target, out);
    out = std::copy(w + start, w + start + length, out);
    std::copy(w + target, w + n, out);
  } else {
    // w[:s] + w[s+L:L+t] + w[s:s+L] + w[L+t:], where Python's slicing clamps L+t to n
    const int end = std::min(length + target, n);
    out = std::copy(w, w + start, out);
    out = std::copy(w + start + length, w + end, out);
    out = std::copy(w + start, w + start + length, out);
    std::copy(w + end, w + n, out);
  }
}

}  // namespace

void TerAligner::prepare_reference(std::span<const std::uint32_t> ref) {
  ref_ = ref.data();
  std::uint32_t max_id = 0;
  for (std::uint32_t id : ref) max_id = std::max(max_id, id);
  alphabet_ = max_id + 1;

  // Positions of each id, in increasing order.
  pos_start_.assign(alphabet_ + 2, 0);
  for (std::uint32_t id : ref) ++pos_start_[id + 2];
  for (std::uint32_t a = 0; a <= alphabet_; ++a) pos_start_[a + 1] += pos_start_[a];
  positions_.resize(ref.size());
  for (int j = 0; j < m_; ++j) positions_[pos_start_[ref[j] + 1]++] = static_cast<std::uint32_t>(j);
  // pos_start_[a] .. pos_start_[a + 1] now holds the positions of id a.

  // Match masks: bit j % 64 of word j / 64 is set in the row of id ref[j]; row alphabet_ stays zero.
  words_ = (m_ + 63) / 64;
  peq_.assign(static_cast<std::size_t>(alphabet_ + 1) * words_, 0);
  for (int j = 0; j < m_; ++j) peq_[static_cast<std::size_t>(ref[j]) * words_ + j / 64] |= std::uint64_t{1} << (j % 64);
}

void TerAligner::prepare_band() {
  // As BeamEditDistance._edit_distance: the same double arithmetic for the pseudo-diagonal.
  const double ratio = static_cast<double>(m_) / static_cast<double>(n_);
  const int beam = (kBeamWidth < ratio / 2) ? static_cast<int>(std::ceil(ratio / 2 + kBeamWidth)) : kBeamWidth;
  lo_.assign(n_ + 1, 0);
  hi_.assign(n_ + 1, m_ + 1);
  for (int i = 1; i <= n_; ++i) {
    const auto diag = static_cast<long long>(std::floor(static_cast<double>(i) * ratio));
    lo_[i] = static_cast<int>(std::max<long long>(0, diag - beam));
    hi_[i] = (i == n_) ? m_ + 1 : static_cast<int>(std::min<long long>(m_ + 1, diag + beam));
  }
  // Smallest path_bound over the cells outside the beam (row 0 is all inside). path_bound is convex in j
  // with a minimum at j = i, so on each side of a row's beam the closest cell to i gives the minimum.
  outside_bound_ = kInf;
  for (int i = 1; i <= n_; ++i) {
    if (lo_[i] >= 1) outside_bound_ = std::min(outside_bound_, path_bound(i, std::min(i, lo_[i] - 1), n_, m_));
    if (hi_[i] <= m_) outside_bound_ = std::min(outside_bound_, path_bound(i, std::clamp(i, hi_[i], m_), n_, m_));
  }
}

int TerAligner::trace_distance() {
  const int width = m_ + 1;
  // Only the cells that a later row (or beam_from) reads are written: each row's beam, the cell left of
  // it and the cells right of it up to the next row's beam end, the last two as infinity. Operations are
  // only read along the backtrace, which only visits cells of finite cost.
  dist_.resize(static_cast<std::size_t>(n_ + 1) * width);
  ops_.resize(static_cast<std::size_t>(n_ + 1) * width);
  for (int j = 0; j <= m_; ++j) {
    dist_[j] = j;
    ops_[j] = kOpIns;
  }
  for (int i = 1; i <= n_; ++i) {
    std::int32_t* row = dist_.data() + static_cast<std::size_t>(i) * width;
    const std::int32_t* prev = row - width;
    std::uint8_t* op = ops_.data() + static_cast<std::size_t>(i) * width;
    const std::uint32_t word = cur_[i - 1];
    if (lo_[i] >= 1) row[lo_[i] - 1] = kInf;
    const int clear_end = (i < n_) ? std::min(width, hi_[i + 1]) : hi_[i];
    for (int j = hi_[i]; j < clear_end; ++j) row[j] = kInf;
    int j = lo_[i];
    if (j == 0) {
      row[0] = prev[0] + 1;
      op[0] = kOpDel;
      j = 1;
    }
    for (; j < hi_[i]; ++j) {
      // Substitution / match first, then deletion, then insertion; only a strictly smaller cost wins
      // (starting from infinity, so a cell whose neighbours are all outside the beam stays undefined).
      const bool same = word == ref_[j - 1];
      const std::int32_t diagonal = prev[j - 1] + (same ? 0 : 1);
      const std::int32_t up = prev[j] + 1;
      const std::int32_t left = row[j - 1] + 1;
      std::int32_t best = kInf;
      std::uint8_t best_op = kOpUndef;
      const bool take_diagonal = diagonal < best;
      best = take_diagonal ? diagonal : best;
      best_op = take_diagonal ? (same ? kOpNone : kOpSub) : best_op;
      const bool take_up = up < best;
      best = take_up ? up : best;
      best_op = take_up ? kOpDel : best_op;
      const bool take_left = left < best;
      best = take_left ? left : best;
      best_op = take_left ? kOpIns : best_op;
      row[j] = best;
      op[j] = best_op;
    }
  }
  return dist_[static_cast<std::size_t>(n_) * width + m_];
}

void TerAligner::build_alignment() {
  // Backtrace from the corner, then read the operations forwards with insertions and deletions swapped
  // (sacreBLEU aligns by rewriting the reference into the hypothesis).
  const int width = m_ + 1;
  path_.clear();
  int i = n_, j = m_;
  while (i > 0 || j > 0) {
    const std::uint8_t op = ops_[static_cast<std::size_t>(i) * width + j];
    path_.push_back(op);
    if (op == kOpNone || op == kOpSub) {
      --i;
      --j;
    } else if (op == kOpIns) {
      --j;
    } else {  // kOpDel; kOpUndef cannot be reached (every cell on the path has a finite cost)
      --i;
    }
  }
  align_.assign(m_, -1);
  hyp_err_sum_.assign(n_ + 1, 0);
  ref_err_sum_.assign(m_ + 1, 0);
  int pos_hyp = -1, pos_ref = -1;
  for (auto it = path_.rbegin(); it != path_.rend(); ++it) {
    switch (*it) {
      case kOpNone:
      case kOpSub: {
        const int err = (*it == kOpSub) ? 1 : 0;
        ++pos_hyp;
        ++pos_ref;
        align_[pos_ref] = pos_hyp;
        hyp_err_sum_[pos_hyp + 1] = err;
        ref_err_sum_[pos_ref + 1] = err;
        break;
      }
      case kOpDel:  // hypothesis word without a reference word: an insertion once flipped
        ++pos_hyp;
        hyp_err_sum_[pos_hyp + 1] = 1;
        break;
      default:  // kOpIns: reference word without a hypothesis word: a deletion once flipped
        ++pos_ref;
        align_[pos_ref] = pos_hyp;
        ref_err_sum_[pos_ref + 1] = 1;
        break;
    }
  }
  for (int k = 0; k < n_; ++k) hyp_err_sum_[k + 1] += hyp_err_sum_[k];
  for (int k = 0; k < m_; ++k) ref_err_sum_[k + 1] += ref_err_sum_[k];
}

namespace {

// One hypothesis token of the bit-parallel Levenshtein distance (Myers 1999, in Hyyrö's block form):
// advances the vertical delta vectors (p: +1, m: -1) of the column over the reference by the token with
// match masks eq_row, and returns the change of the distance to the whole reference. The top boundary
// row (distance i after i hypothesis tokens) enters the first block as a +1 horizontal delta; each block
// hands its top bit's horizontal delta on to the next. Bits above the reference length in the last block
// never influence lower bits.
inline int advance_column(const std::uint64_t* eq_row, std::uint64_t* p, std::uint64_t* m, std::size_t words,
                          int last_bit) {
  std::uint64_t hin_pos = 1, hin_neg = 0;
  std::uint64_t last_ph = 0, last_mh = 0;
  for (std::size_t b = 0; b < words; ++b) {
    const std::uint64_t pv = p[b], mv = m[b];
    const std::uint64_t xv = eq_row[b] | mv;
    const std::uint64_t eq = eq_row[b] | hin_neg;
    const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    const std::uint64_t ph = mv | ~(xh | pv);
    const std::uint64_t mh = pv & xh;
    last_ph = ph;
    last_mh = mh;
    const std::uint64_t ph_in = (ph << 1) | hin_pos;
    const std::uint64_t mh_in = (mh << 1) | hin_neg;
    p[b] = mh_in | ~(xv | ph_in);
    m[b] = ph_in & xv;
    hin_pos = ph >> 63;
    hin_neg = mh >> 63;
  }
  return static_cast<int>((last_ph >> last_bit) & 1) - static_cast<int>((last_mh >> last_bit) & 1);
}

}  // namespace

void TerAligner::prepare_prefix_states() {
  // The states after every prefix of cur_, so that a candidate resumes after its unchanged prefix.
  const std::size_t w = static_cast<std::size_t>(words_);
  const int last_bit = (m_ - 1) % 64;
  state_p_.resize((n_ + 1) * w);
  state_m_.resize((n_ + 1) * w);
  state_score_.resize(n_ + 1);
  std::fill(state_p_.begin(), state_p_.begin() + w, ~std::uint64_t{0});  // column 0: distance j to row j
  std::fill(state_m_.begin(), state_m_.begin() + w, std::uint64_t{0});
  state_score_[0] = m_;
  for (int i = 0; i < n_; ++i) {
    std::uint64_t* p = state_p_.data() + (i + 1) * w;
    std::uint64_t* m = state_m_.data() + (i + 1) * w;
    std::copy(p - w, p, p);
    std::copy(m - w, m, m);
    const std::uint64_t* eq_row = peq_.data() + static_cast<std::size_t>(std::min(cur_[i], alphabet_)) * w;
    state_score_[i + 1] = state_score_[i] + advance_column(eq_row, p, m, w, last_bit);
  }
}

int TerAligner::bit_parallel_from(int prefix) {
  const std::size_t w = static_cast<std::size_t>(words_);
  const int last_bit = (m_ - 1) % 64;
  int score = state_score_[prefix];
  if (w == 1) {
    std::uint64_t pv = state_p_[prefix], mv = state_m_[prefix];
    for (int i = prefix; i < n_; ++i)
      score += advance_column(&peq_[std::min(cand_[i], alphabet_)], &pv, &mv, 1, last_bit);
    return score;
  }
  work_p_.assign(state_p_.begin() + prefix * w, state_p_.begin() + (prefix + 1) * w);
  work_m_.assign(state_m_.begin() + prefix * w, state_m_.begin() + (prefix + 1) * w);
  for (int i = prefix; i < n_; ++i) {
    const std::uint64_t* eq_row = peq_.data() + static_cast<std::size_t>(std::min(cand_[i], alphabet_)) * w;
    score += advance_column(eq_row, work_p_.data(), work_m_.data(), w, last_bit);
  }
  return score;
}

int TerAligner::beam_from(int prefix) {
  // Rows prefix+1 .. n of the beam distance of cand_, from row `prefix` of cur_'s matrix (the same
  // tokens so far). Two alternating scratch rows; the cells a later row reads outside its
  // predecessor's beam are set to infinity.
  const int width = m_ + 1;
  scratch_.resize(2 * static_cast<std::size_t>(width));
  const std::int32_t* prev = dist_.data() + static_cast<std::size_t>(prefix) * width;
  for (int i = prefix + 1; i <= n_; ++i) {
    std::int32_t* row = scratch_.data() + static_cast<std::size_t>(i & 1) * width;
    const int lo = lo_[i], hi = hi_[i];
    if (lo >= 1) row[lo - 1] = kInf;
    const int clear_end = (i < n_) ? std::min(width, hi_[i + 1]) : hi;
    for (int j = hi; j < clear_end; ++j) row[j] = kInf;
    const std::uint32_t word = cand_[i - 1];
    int j = lo;
    if (j == 0) {
      row[0] = prev[0] + 1;
      j = 1;
    }
    for (; j < hi; ++j) {
      std::int32_t v = prev[j - 1] + (word == ref_[j - 1] ? 0 : 1);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, row[j - 1] + 1);
      row[j] = std::min(v, kInf);
    }
    prev = row;
  }
  return prev[m_];
}

bool TerAligner::outranks(const Best& a, const Best& b) {
  // sacreBLEU's candidate tuple (gain, length, -start, -target), compared lexicographically.
  if (a.delta != b.delta) return a.delta > b.delta;
  if (a.length != b.length) return a.length > b.length;
  if (a.start != b.start) return a.start < b.start;
  return a.target < b.target;
}

void TerAligner::consider(int pre_score, int start, int length, int target, bool& found, Best& best) {
  if (target == start) {  // the shift leaves the words as they are: no gain
    const Best c{0, length, start, target};
    if (!found || outranks(c, best)) {
      best = c;
      found = true;
    }
    return;
  }
  perform_shift(cur_.data(), n_, start, length, target, cand_.data());
  // The first min(start, target) tokens are unchanged, so their rows / states are cur_'s.
  const int prefix = std::min(start, target);
  const int full = bit_parallel_from(prefix);
  int score = full;
  if (full >= outside_bound_) {
    // The beam may cut off every optimal path, so the beam distance may exceed the unrestricted one.
    // It is never smaller, so pre_score - full bounds the gain: when even that cannot outrank the best
    // candidate so far, this one cannot win and its exact distance is not needed.
    if (found && !outranks(Best{pre_score - full, length, start, target}, best)) return;
    score = beam_from(prefix);
  }
  const Best c{pre_score - score, length, start, target};
  if (!found || outranks(c, best)) {
    best = c;
    found = true;
  }
}

bool TerAligner::search(int pre_score, int& checked, Best& best) {
  bool found = false;
  for (int start_h = 0; start_h < n_; ++start_h) {
    const std::uint32_t first = cur_[start_h];
    if (first >= alphabet_) continue;  // matches no reference word
    const int r_lo = start_h - kMaxShiftDistance, r_hi = start_h + kMaxShiftDistance;
    for (std::uint32_t p = pos_start_[first]; p < pos_start_[first + 1]; ++p) {
      const int start_r = static_cast<int>(positions_[p]);
      if (start_r < r_lo) continue;
      if (start_r > r_hi) break;
      int length = 0;
      while (length < kMaxShiftSize && cur_[start_h + length] == ref_[start_r + length]) {
        ++length;
        // Only shift words that are wrong, to reference positions that are wrong, and not within
        // the block itself.
        const int aligned = align_[start_r];
        if (hyp_err_sum_[start_h + length] != hyp_err_sum_[start_h] &&
            ref_err_sum_[start_r + length] != ref_err_sum_[start_r] &&
            !(start_h <= aligned && aligned < start_h + length)) {
          int prev_target = -1;
          for (int offset = -1; offset < length; ++offset) {
            int target;
            if (start_r + offset == -1) {
              target = 0;  // before the beginning
            } else if (start_r + offset < m_) {
              target = align_[start_r + offset] + 1;  // before the aligned position
            } else {
              break;
            }
            if (target == prev_target) continue;
            prev_target = target;
            consider(pre_score, start_h, length, target, found, best);
            ++checked;
          }
        }
        if (checked >= kMaxShiftCandidates) return found;
        if (start_h + length == n_ || start_r + length == m_) break;
      }
    }
  }
  return found;
}

std::int64_t TerAligner::edits(std::span<const std::uint32_t> hyp, std::span<const std::uint32_t> ref) {
  n_ = static_cast<int>(hyp.size());
  m_ = static_cast<int>(ref.size());
  if (m_ == 0) return n_;  // sacreBLEU's special case for an empty reference
  if (n_ == 0) return m_;  // nothing to shift; the distance is m insertions
  cur_.assign(hyp.begin(), hyp.end());
  cand_ = cur_;
  prepare_reference(ref);
  prepare_band();

  int checked = 0;
  std::int64_t shifts = 0;
  while (true) {
    const int pre_score = trace_distance();
    build_alignment();
    prepare_prefix_states();
    Best best{};
    const bool found = search(pre_score, checked, best);
    // The round that reaches the candidate cap is discarded, as is a shift that does not help.
    if (checked >= kMaxShiftCandidates || !found || best.delta <= 0) return shifts + pre_score;
    ++shifts;
    perform_shift(cur_.data(), n_, best.start, best.length, best.target, cand_.data());
    cur_.swap(cand_);
  }
}

}  // namespace trenchcoat::metrics::detail
