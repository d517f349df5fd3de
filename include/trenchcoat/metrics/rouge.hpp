#pragma once
// ROUGE exactly as Google's rouge-score (0.1.2 semantics; rouge_scorer.py at google-research 61ce9f0):
// ROUGE-N (rouge1 ... rouge9), ROUGE-L (LCS over the whole texts) and ROUGE-Lsum (summary-level union
// LCS over newline-separated sentences), each as precision / recall / F1, with the default tokenizer
// (text/rouge_tokenizer.hpp) and optionally NLTK's Porter stemmer.
//
// Behaviour (all of it rouge-score's):
//   * F = ((2 * P) * R) / (P + R), or 0 when P + R is 0.
//   * ROUGE-N: clipped n-gram matches = sum over distinct target n-grams of min(count in target, count
//     in prediction); P = matches / max(#prediction n-grams, 1), R = matches / max(#target n-grams, 1).
//     A text shorter than n therefore scores 0, never NaN.
//   * ROUGE-L: 0 when either text has no tokens; else P = LCS / #prediction tokens, R = LCS / #target
//     tokens. Newlines are ordinary separators.
//   * ROUGE-Lsum: sentences are the text split at "\n" only (no sentence splitter; "\r" stays inside and
//     separates words), empty strings dropped. 0 when either side has no tokens at all. For each target
//     sentence in order, the union of one LCS (read back from the DP table in rouge-score's tie order)
//     with every prediction sentence; each union token counts as a hit while both sides still have an
//     unused occurrence of it. R = hits / #target tokens, P = hits / #prediction tokens.
//   * score_multi (several targets): per ROUGE type, the score against the target with the highest F
//     (the first one among equals, as np.argmax).
//   * Corpus level: rouge-score's BootstrapAggregator (random resampling) is not reproduced; callers
//     average item scores.
// Cost: tokens become integer ids once (stems are computed once per distinct word and kept); ROUGE-N is
// linear in the number of tokens; ROUGE-L computes the LCS length bit-parallel, O(#target x #prediction
// / 64) word operations (a plain O(#target x #prediction) DP row for texts with very many distinct
// words); ROUGE-Lsum needs the DP table of each sentence pair (to read the LCS back in rouge-score's tie
// order): O(#target x #prediction tokens) time, O(longest sentence pair) memory.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::metrics {

// A ROUGE variant, named as rouge-score names it.
struct RougeType {
  enum class Kind { ngram, lcs, summary_lcs };
  Kind kind = Kind::lcs;
  int n = 0;  // the n-gram order (1..9) for Kind::ngram; 0 otherwise

  // "rouge1" ... "rouge9", "rougeL", "rougeLsum"; anything else (also "rouge0", "rougen", "rouge10")
  // throws trenchcoat::Error listing the valid names. Case-sensitive, as rouge-score.
  static RougeType parse(std::string_view name);
  std::string name() const;
  friend bool operator==(const RougeType&, const RougeType&) = default;
};

struct RougeScore {
  double precision = 0.0;
  double recall = 0.0;
  double fmeasure = 0.0;
  friend bool operator==(const RougeScore&, const RougeScore&) = default;
};

// rouge-score's scoring.fmeasure.
double rouge_fmeasure(double precision, double recall);

// Token-level parts, on token ids (equal ids = equal tokens), as rouge-score's module functions.
RougeScore rouge_n(std::span<const std::uint32_t> target, std::span<const std::uint32_t> prediction, int n);
RougeScore rouge_l(std::span<const std::uint32_t> target, std::span<const std::uint32_t> prediction);
RougeScore rouge_lsum(const std::vector<std::vector<std::uint32_t>>& target_sentences,
                      const std::vector<std::vector<std::uint32_t>>& prediction_sentences);
// Length of a longest common subsequence (_lcs_table(...)[-1][-1]).
std::size_t lcs_length(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);
// The indices into `ref` of the LCS rouge-score reads back from the table (_backtrack_norec), ascending.
std::vector<std::size_t> lcs_indices(std::span<const std::uint32_t> ref, std::span<const std::uint32_t> candidate);
// The sorted union of lcs_indices(ref, c) over the candidates (_union_lcs, as indices).
std::vector<std::size_t> union_lcs_indices(std::span<const std::uint32_t> ref,
                                           const std::vector<std::vector<std::uint32_t>>& candidates);

// rouge-score's RougeScorer on texts. Keeps a vocabulary and work buffers between calls, so it is not
// thread-safe: use one instance per thread. Scores are independent of earlier calls.
class Rouge {
 public:
  // `types` may be empty (then every score call returns an empty vector).
  explicit Rouge(std::vector<RougeType> types, bool use_stemmer = false);
  ~Rouge();
  Rouge(Rouge&&) noexcept;
  Rouge& operator=(Rouge&&) noexcept;

  const std::vector<RougeType>& types() const;
  bool use_stemmer() const;

  // RougeScorer.score(target, prediction): one score per type, in the order of types().
  std::vector<RougeScore> score(std::string_view target, std::string_view prediction);
  // RougeScorer.score_multi(targets, prediction). No targets: trenchcoat::Error (rouge-score raises
  // too).
  std::vector<RougeScore> score_multi(std::span<const std::string> targets, std::string_view prediction);
  std::vector<RougeScore> score_multi(std::span<const std::string_view> targets, std::string_view prediction);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trenchcoat::metrics
