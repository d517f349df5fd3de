#include "trenchcoat/metrics/chrf.hpp"

#include <algorithm>

#include "ngram_overlap_counter.hpp"
#include "token_interner.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::metrics {

Chrf::Chrf(ChrfOptions options) : options_(options) {
  if (options_.char_order < 0 || options_.word_order < 0 || options_.char_order + options_.word_order < 1)
    throw Error("chrF needs a positive character or word n-gram order");
}

std::string Chrf::name() const {
  return "chrF" + std::to_string(options_.beta) + std::string(static_cast<std::size_t>(options_.word_order), '+');
}

double Chrf::f_score(std::span<const double> stats) const {
  // Operation order follows sacreBLEU exactly; each product is evaluated left to right.
  const double eps = 1e-16;
  const double factor = static_cast<double>(options_.beta * options_.beta);
  const std::size_t orders = static_cast<std::size_t>(options_.char_order + options_.word_order);
  double score = 0.0, avg_prec = 0.0, avg_rec = 0.0;
  int effective_order = 0;
  for (std::size_t i = 0; i < orders; ++i) {
    const double n_hyp = stats[3 * i], n_ref = stats[3 * i + 1], n_match = stats[3 * i + 2];
    const double prec = n_hyp > 0 ? n_match / n_hyp : eps;
    const double rec = n_ref > 0 ? n_match / n_ref : eps;
    const double denom = factor * prec + rec;
    score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
    if (n_hyp > 0 && n_ref > 0) {
      avg_prec += prec;
      avg_rec += rec;
      ++effective_order;
    }
  }
  if (options_.eps_smoothing) return 100 * score / static_cast<double>(orders);
  if (effective_order == 0) {
    avg_prec = avg_rec = 0.0;
  } else {
    avg_prec /= effective_order;
    avg_rec /= effective_order;
  }
  if (avg_prec + avg_rec != 0.0) {
    double s = (1 + factor) * avg_prec * avg_rec;
    s /= (factor * avg_prec) + avg_rec;
    return 100 * s;
  }
  return 0.0;
}

MetricScore Chrf::score_from_stats(std::span<const double> stats) const { return {name(), f_score(stats), ""}; }

std::vector<SignatureField> Chrf::signature_fields() const {
  return {
      {"case", "c", options_.lowercase ? "lc" : "mixed"}, {"eff", "e", yes_no(!options_.eps_smoothing)},
      {"nc", "nc", std::to_string(options_.char_order)},  {"nw", "nw", std::to_string(options_.word_order)},
      {"space", "s", yes_no(options_.whitespace)},
  };
}

namespace {

bool is_ascii_punctuation(char c) {
  // Python's string.punctuation
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// The symbols of one side (hypothesis or one reference): character ids and word ids, both interned
// per segment from the references (a hypothesis symbol no reference has is kUnknownSymbol).
struct SideSymbols {
  std::vector<std::uint32_t> chars;
  std::vector<std::uint32_t> words;
};

class ChrfSegmentStatistics : public SegmentStatistics {
 public:
  explicit ChrfSegmentStatistics(const Chrf& chrf)
      : chrf_(chrf),
        char_order_(static_cast<std::size_t>(chrf.options().char_order)),
        word_order_(static_cast<std::size_t>(chrf.options().word_order)) {}

  void set_references(std::span<const std::string_view> refs) override {
    n_refs_ = refs.size();
    if (ref_texts_.size() < n_refs_) {
      ref_texts_.resize(n_refs_);
      ref_symbols_.resize(n_refs_);
    }
    for (std::size_t r = 0; r < n_refs_; ++r)
      ref_texts_[r] = chrf_.options().lowercase ? text::lower(refs[r]) : std::string(refs[r]);
    // One pass over each reference gives its characters and its whitespace tokens; words of all
    // references share one interner (ids only need to agree within the segment).
    char_interner_.reset();
    ref_words_.clear();
    std::vector<std::size_t> word_starts;
    for (std::size_t r = 0; r < n_refs_; ++r) {
      SideSymbols& side = ref_symbols_[r];
      side.chars.clear();
      word_starts.push_back(ref_words_.size());
      scan(
          ref_texts_[r],
          [&](char32_t c) { side.chars.push_back(char_interner_.intern(static_cast<std::uint32_t>(c))); }, ref_words_,
          word_starts.back());
    }
    word_starts.push_back(ref_words_.size());
    if (word_order_ > 0) {
      word_interner_.reset(ref_words_.size());
      for (std::size_t r = 0; r < n_refs_; ++r) {
        SideSymbols& side = ref_symbols_[r];
        side.words.clear();
        for (std::size_t w = word_starts[r]; w < word_starts[r + 1]; ++w)
          side.words.push_back(word_interner_.intern(ref_words_[w]));
      }
    }
    distinct_words_ = 0;
    for (std::size_t r = 0; r < n_refs_; ++r)
      for (std::uint32_t id : ref_symbols_[r].words) distinct_words_ = std::max(distinct_words_, id + 1);
  }

  void compute(std::string_view hyp, double* stats) override {
    std::string_view hyp_text = hyp;
    if (chrf_.options().lowercase) {
      lowered_ = text::lower(hyp);
      hyp_text = lowered_;
    }
    hyp_.chars.clear();
    hyp_words_.clear();
    scan(
        hyp_text, [&](char32_t c) { hyp_.chars.push_back(char_interner_.find(static_cast<std::uint32_t>(c))); },
        hyp_words_, 0);
    hyp_.words.clear();
    if (word_order_ > 0) {
      for (std::string_view w : hyp_words_) hyp_.words.push_back(word_interner_.find(w));
    }
    const std::size_t width = chrf_.stats_size();
    candidate_.resize(width);
    double best_f = -1.0;
    for (std::size_t r = 0; r < n_refs_; ++r) {
      match_side(hyp_.chars, ref_symbols_[r].chars, char_order_, char_interner_.size(), candidate_.data());
      if (word_order_ > 0)
        match_side(hyp_.words, ref_symbols_[r].words, word_order_, distinct_words_,
                   candidate_.data() + 3 * char_order_);
      const double f = chrf_.f_score(candidate_);
      if (f > best_f) {  // the first reference with the strictly best F-score wins
        best_f = f;
        std::copy(candidate_.begin(), candidate_.end(), stats);
      }
    }
  }

 private:
  // One pass over a text: calls on_char for each code point (whitespace skipped unless chrF keeps it)
  // and, for chrF++, appends the text's words to `words` (see add_word).
  template <class F>
  void scan(std::string_view s, F&& on_char, std::vector<std::string_view>& words, std::size_t) const {
    const bool keep_space = chrf_.options().whitespace;
    const bool want_words = word_order_ > 0;
    std::size_t token_start = std::string_view::npos;
    for (std::size_t pos = 0; pos < s.size();) {
      const std::size_t start = pos;
      const auto b = static_cast<unsigned char>(s[pos]);
      const char32_t c = b < 0x80 ? (++pos, static_cast<char32_t>(b)) : text::next_code_point(s, pos);
      if (text::is_space(c)) {
        if (keep_space) on_char(c);
        if (want_words && token_start != std::string_view::npos) {
          add_word(s.substr(token_start, start - token_start), words);
          token_start = std::string_view::npos;
        }
        continue;
      }
      on_char(c);
      if (token_start == std::string_view::npos) token_start = start;
    }
    if (want_words && token_start != std::string_view::npos) add_word(s.substr(token_start), words);
  }

  // chrF++'s words: whitespace tokens, with one ASCII punctuation mark split off the end (or else the
  // start) of tokens longer than one character.
  static void add_word(std::string_view w, std::vector<std::string_view>& out) {
    if (w.size() == text::sequence_length(static_cast<unsigned char>(w.front()))) {  // one code point
      out.push_back(w);
    } else if (is_ascii_punctuation(w.back())) {
      out.push_back(w.substr(0, w.size() - 1));
      out.push_back(w.substr(w.size() - 1));
    } else if (is_ascii_punctuation(w.front())) {
      out.push_back(w.substr(0, 1));
      out.push_back(w.substr(1));
    } else {
      out.push_back(w);
    }
  }

  // Writes [hyp count, ref count, matches] per order for one side against one reference.
  void match_side(const std::vector<std::uint32_t>& hyp, const std::vector<std::uint32_t>& ref, std::size_t max_order,
                  std::uint32_t symbol_count, double* out) {
    const std::size_t hl = hyp.size(), rl = ref.size();
    double matches[64] = {};
    double* m = max_order <= 64 ? matches : nullptr;
    std::vector<double> many;
    if (m == nullptr) {
      many.assign(max_order, 0.0);
      m = many.data();
    }
    overlap_.count(hyp.data(), hl, ref.data(), rl, max_order, symbol_count, m);
    for (std::size_t n = 1; n <= max_order; ++n) {
      const double hyp_count = hl >= n ? static_cast<double>(hl - n + 1) : 0.0;
      const double ref_count = rl >= n ? static_cast<double>(rl - n + 1) : 0.0;
      out[3 * (n - 1)] = ref_count > 0 ? hyp_count : 0.0;  // no hits counted where the ref has no n-gram
      out[3 * (n - 1) + 1] = ref_count;
      out[3 * (n - 1) + 2] = m[n - 1];
    }
  }

  const Chrf& chrf_;
  std::size_t char_order_, word_order_;
  std::size_t n_refs_ = 0;
  std::vector<std::string> ref_texts_;
  std::vector<SideSymbols> ref_symbols_;
  detail::NgramOverlapCounter overlap_;
  std::uint32_t distinct_words_ = 0;
  std::vector<std::string_view> ref_words_, hyp_words_;
  detail::TokenInterner word_interner_;
  detail::SymbolInterner char_interner_;
  SideSymbols hyp_;
  std::string lowered_;
  std::vector<double> candidate_;
};

}  // namespace

std::unique_ptr<SegmentStatistics> Chrf::make_segment_statistics() const {
  return std::make_unique<ChrfSegmentStatistics>(*this);
}

}  // namespace trenchcoat::metrics
