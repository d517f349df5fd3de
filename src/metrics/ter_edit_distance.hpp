#pragma once
// Internal: the edit count of sacreBLEU 2.6.0's translation_edit_rate (metrics/lib_ter.py) on token ids.
// See spec section 1.5 for the algorithm that this reproduces exactly: greedy block shifts chosen by
// sacreBLEU's ranking among its candidate order (with the cap of 1000 evaluated candidates per
// alignment), scored by a Levenshtein distance restricted to a diagonal beam, with its tie-breaking.
//
// How it is made fast while staying exact:
// * Tokens are integer ids; all buffers are flat arrays kept from call to call.
// * The edit distance of the current hypothesis is computed once per shift round with its operations
//   (for the alignment); its rows are kept.
// * A candidate shift leaves the first min(start, target) tokens unchanged, so its distance resumes
//   from the kept state of that prefix (the beam only depends on the two lengths, which shifts keep).
// * Candidates are scored with a bit-parallel (Myers/Hyyrö) unrestricted Levenshtein distance. The beam
//   can only make a distance larger, and only for paths through cells outside it; every such path costs
//   at least a bound computed from the lengths. When the unrestricted distance is below that bound, the
//   beam distance equals it; otherwise the beam-restricted rows are computed as sacreBLEU does, unless
//   even the unrestricted distance (a lower bound of the beam distance) cannot make the candidate
//   outrank the best one so far, in which case its exact distance is not needed.
// tests/unit/ter_test.cpp checks this against a plain transcription of the algorithm.
#include <cstdint>
#include <span>
#include <vector>

namespace trenchcoat::metrics::detail {

// Reusable workspace; one per thread.
class TerAligner {
 public:
  // sacreBLEU's translation_edit_rate(hyp, ref)[0]: shifts plus beam edit distance. Tokens are equal
  // when their ids are equal. Tables are sized by the largest reference id, so reference ids should be
  // small (e.g. interned per segment); hypothesis ids may be anything.
  std::int64_t edits(std::span<const std::uint32_t> hyp, std::span<const std::uint32_t> ref);

 private:
  struct Best {
    int delta, length, start, target;
  };

  void prepare_reference(std::span<const std::uint32_t> ref);
  void prepare_band();
  int trace_distance();          // beam distance of cur_ with operations; fills dist_, ops_
  void build_alignment();        // align_, error prefix sums from ops_
  void prepare_prefix_states();  // bit-parallel states of every prefix of cur_
  static bool outranks(const Best& a, const Best& b);
  // Scores one candidate shift and keeps it in `best` if it ranks higher.
  void consider(int pre_score, int start, int length, int target, bool& found, Best& best);
  int bit_parallel_from(int prefix);  // unrestricted distance of cand_, resuming after `prefix` tokens
  int beam_from(int prefix);          // beam distance of cand_, resuming from row `prefix` of dist_
  bool search(int pre_score, int& checked, Best& best);

  int n_ = 0, m_ = 0;
  const std::uint32_t* ref_ = nullptr;
  std::vector<std::uint32_t> cur_, cand_;

  // Beam: row i covers columns [lo_[i], hi_[i]).
  std::vector<int> lo_, hi_;
  int outside_bound_ = 0;  // every path through a cell outside the beam costs at least this

  // Beam distance matrix of cur_ ((n+1) x (m+1)), operations, and two scratch rows.
  std::vector<std::int32_t> dist_;
  std::vector<std::uint8_t> ops_;
  std::vector<std::int32_t> scratch_;
  std::vector<std::uint8_t> path_;

  // Alignment of cur_ to the reference.
  std::vector<int> align_;
  std::vector<int> hyp_err_sum_, ref_err_sum_;  // prefix sums of the error flags

  // Positions of each reference id in the reference (CSR), for enumerating matching pairs.
  std::vector<std::uint32_t> pos_start_, positions_;
  std::uint32_t alphabet_ = 0;  // reference ids are < alphabet_; row alphabet_ of peq_ is all zero

  // Bit-parallel Levenshtein: words per column, match masks, and the states of cur_'s prefixes.
  int words_ = 0;
  std::vector<std::uint64_t> peq_;
  std::vector<std::uint64_t> state_p_, state_m_;
  std::vector<int> state_score_;
  std::vector<std::uint64_t> work_p_, work_m_;
};

}  // namespace trenchcoat::metrics::detail
