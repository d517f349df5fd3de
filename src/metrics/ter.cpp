#include "trenchcoat/metrics/ter.hpp"

#include <algorithm>

#include "token_interner.hpp"
#include "ter_edit_distance.hpp"
#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::metrics {
namespace {

text::TercomTokenizerOptions tokenizer_options(const TerOptions& o) {
  return {o.normalized, o.no_punct, o.asian_support, o.case_sensitive};
}

class TerSegmentStatistics : public SegmentStatistics {
 public:
  explicit TerSegmentStatistics(const Ter& ter) : ter_(ter) {}

  void set_references(std::span<const std::string_view> refs) override {
    n_refs_ = refs.size();
    if (ref_texts_.size() < n_refs_) ref_texts_.resize(n_refs_);
    // sacreBLEU preprocesses each reference twice: once when caching the references (base.py
    // _cache_references) and again in TER's _extract_reference_info. Normalisation is not idempotent
    // ("it's." -> "it's ." -> "it 's ."), so the second pass matters.
    for (std::size_t r = 0; r < n_refs_; ++r) ref_texts_[r] = ter_.preprocess(ter_.preprocess(refs[r]));
    // Words of all references share one interner; ids only need to agree within the segment.
    words_.clear();
    ref_bounds_.assign(1, 0);
    for (std::size_t r = 0; r < n_refs_; ++r) {
      text::split_whitespace(ref_texts_[r], words_);
      ref_bounds_.push_back(words_.size());
    }
    interner_.reset(words_.size());
    ref_ids_.clear();
    for (std::string_view w : words_) ref_ids_.push_back(interner_.intern(w));
  }

  void compute(std::string_view hyp, double* stats) override {
    hyp_text_ = ter_.preprocess(hyp);
    words_hyp_.clear();
    text::split_whitespace(hyp_text_, words_hyp_);
    hyp_ids_.clear();
    for (std::string_view w : words_hyp_) hyp_ids_.push_back(interner_.find(w));  // unknown: kUnknownSymbol

    std::int64_t best_edits = 10000000000000000;  // sacreBLEU's int(1e16)
    std::int64_t ref_lengths = 0;
    for (std::size_t r = 0; r < n_refs_; ++r) {
      const std::span<const std::uint32_t> ref(ref_ids_.data() + ref_bounds_[r], ref_bounds_[r + 1] - ref_bounds_[r]);
      const std::int64_t edits = aligner_.edits(hyp_ids_, ref);
      ref_lengths += static_cast<std::int64_t>(ref.size());
      best_edits = std::min(best_edits, edits);
    }
    stats[0] = static_cast<double>(best_edits);
    stats[1] = static_cast<double>(ref_lengths) / static_cast<double>(n_refs_);
  }

 private:
  const Ter& ter_;
  std::size_t n_refs_ = 0;
  std::vector<std::string> ref_texts_;
  std::vector<std::string_view> words_, words_hyp_;
  std::vector<std::size_t> ref_bounds_;
  std::vector<std::uint32_t> ref_ids_, hyp_ids_;
  std::string hyp_text_;
  detail::TokenInterner interner_;
  detail::TerAligner aligner_;
};

}  // namespace

TerEdits translation_edit_rate(std::span<const std::string_view> hyp_words,
                               std::span<const std::string_view> ref_words) {
  detail::TokenInterner interner;
  interner.reset(ref_words.size());
  std::vector<std::uint32_t> ref_ids, hyp_ids;
  ref_ids.reserve(ref_words.size());
  for (std::string_view w : ref_words) ref_ids.push_back(interner.intern(w));
  hyp_ids.reserve(hyp_words.size());
  for (std::string_view w : hyp_words) hyp_ids.push_back(interner.find(w));
  detail::TerAligner aligner;
  return {aligner.edits(hyp_ids, ref_ids), static_cast<std::int64_t>(ref_words.size())};
}

Ter::Ter(TerOptions options) : options_(options), tokenizer_(tokenizer_options(options)) {}

std::string Ter::preprocess(std::string_view line) const { return tokenizer_.tokenize(text::rstrip(line)); }

std::unique_ptr<SegmentStatistics> Ter::make_segment_statistics() const {
  return std::make_unique<TerSegmentStatistics>(*this);
}

MetricScore Ter::score_from_stats(std::span<const double> stats) const {
  const double total_edits = stats[0], sum_ref_lengths = stats[1];
  double score;
  if (sum_ref_lengths > 0) {
    score = total_edits / sum_ref_lengths;
  } else if (total_edits > 0) {
    score = 1.0;  // empty references and a non-empty hypothesis
  } else {
    score = 0.0;  // both empty
  }
  return {name(), 100 * score, ""};
}

std::vector<SignatureField> Ter::signature_fields() const {
  return {
      {"case", "c", options_.case_sensitive ? "mixed" : "lc"},
      {"tok", "t", tokenizer_.signature()},
      {"norm", "nr", yes_no(options_.normalized)},
      {"punct", "pn", yes_no(!options_.no_punct)},
      {"asian", "as", yes_no(options_.asian_support)},
  };
}

}  // namespace trenchcoat::metrics
