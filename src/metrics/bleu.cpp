#include "trenchcoat/metrics/bleu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "clipped_ngram_matcher.hpp"
#include "ngram_overlap_counter.hpp"
#include "token_interner.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::metrics {

BleuSmoothing parse_bleu_smoothing(const std::string& name) {
  if (name == "none") return BleuSmoothing::none;
  if (name == "floor") return BleuSmoothing::floor;
  if (name == "add-k") return BleuSmoothing::add_k;
  if (name == "exp") return BleuSmoothing::exp;
  throw Error("unknown BLEU smoothing method '" + name + "' (known: none, floor, add-k, exp)");
}

std::string bleu_smoothing_name(BleuSmoothing method) {
  switch (method) {
    case BleuSmoothing::none:
      return "none";
    case BleuSmoothing::floor:
      return "floor";
    case BleuSmoothing::add_k:
      return "add-k";
    case BleuSmoothing::exp:
      return "exp";
  }
  return "exp";
}

namespace {

std::optional<double> default_smooth_value(BleuSmoothing method) {
  if (method == BleuSmoothing::floor) return 0.1;
  if (method == BleuSmoothing::add_k) return 1.0;
  return std::nullopt;
}

// sacreBLEU's my_log: log(0) is a large negative number instead of -inf.
double bleu_log(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

}  // namespace

BleuResult compute_bleu(std::vector<double> correct, std::vector<double> total, double sys_len, double ref_len,
                        BleuSmoothing smooth_method, std::optional<double> smooth_value, bool effective_order,
                        int max_ngram_order) {
  if (!smooth_value) smooth_value = default_smooth_value(smooth_method);
  const std::size_t n_orders = static_cast<std::size_t>(max_ngram_order);
  BleuResult r;
  r.sys_len = sys_len;
  r.ref_len = ref_len;
  r.bp = 1.0;
  if (sys_len < ref_len) r.bp = sys_len > 0 ? std::exp(1.0 - ref_len / sys_len) : 0.0;
  r.precisions.assign(n_orders, 0.0);

  bool any_correct = false;
  for (double c : correct) any_correct = any_correct || c != 0.0;
  if (!any_correct) {  // checked before smoothing, as sacreBLEU does
    r.score = 0.0;
    r.counts = std::move(correct);
    r.totals = std::move(total);
    return r;
  }

  double smooth_mteval = 1.0;
  std::size_t eff_order = n_orders;
  for (std::size_t n = 1; n <= n_orders; ++n) {
    const std::size_t i = n - 1;
    if (smooth_method == BleuSmoothing::add_k && n > 1) {
      correct[i] += *smooth_value;
      total[i] += *smooth_value;
    }
    if (total[i] == 0.0) break;
    if (effective_order) eff_order = n;
    if (correct[i] == 0.0) {
      if (smooth_method == BleuSmoothing::exp) {
        smooth_mteval *= 2;
        r.precisions[i] = 100.0 / (smooth_mteval * total[i]);
      } else if (smooth_method == BleuSmoothing::floor) {
        r.precisions[i] = 100.0 * *smooth_value / total[i];
      }
    } else {
      r.precisions[i] = 100.0 * correct[i] / total[i];
    }
  }
  // Python's sum() over the logs, left to right, then one division and one exp.
  double log_sum = 0.0;
  for (std::size_t i = 0; i < eff_order; ++i) log_sum += bleu_log(r.precisions[i]);
  r.score = r.bp * std::exp(log_sum / static_cast<double>(eff_order));
  r.counts = std::move(correct);
  r.totals = std::move(total);
  return r;
}

std::string BleuResult::verbose() const {
  std::string s;
  for (std::size_t i = 0; i < precisions.size(); ++i) {
    if (i) s += '/';
    s += text::format_fixed(precisions[i], 1);
  }
  s += " (BP = " + text::format_fixed(bp, 3) + " ratio = " + text::format_fixed(ratio(), 3) +
       " hyp_len = " + text::format_fixed(sys_len, 0) + " ref_len = " + text::format_fixed(ref_len, 0) + ")";
  return s;
}

Bleu::Bleu(BleuOptions options) : options_(std::move(options)) {
  if (options_.max_ngram_order < 1) throw Error("BLEU max n-gram order must be at least 1");
  tokenizer_ = text::make_tokenizer(options_.tokenize, options_.tokenizer_options);
}

void Bleu::preprocess_tokens(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens) const {
  if (options_.lowercase) {
    const std::string lowered = text::lower(line);
    tokenizer_->tokenize_split(text::rstrip(lowered), storage, tokens);
  } else {
    tokenizer_->tokenize_split(text::rstrip(line), storage, tokens);
  }
}

namespace {

class BleuSegmentStatistics : public SegmentStatistics {
 public:
  explicit BleuSegmentStatistics(const Bleu& bleu)
      : bleu_(bleu), order_(static_cast<std::size_t>(bleu.options().max_ngram_order)) {}

  void set_references(std::span<const std::string_view> refs) override {
    // The buffers live from segment to segment; ref_texts_ is only resized here, before any view into
    // its strings is taken.
    if (ref_texts_.size() < refs.size()) ref_texts_.resize(refs.size());
    ref_lengths_.clear();
    tokens_.clear();
    starts_.clear();
    std::size_t ngram_estimate = 0;
    for (std::size_t r = 0; r < refs.size(); ++r) {
      bleu_.preprocess_tokens(refs[r], ref_texts_[r], ref_tokens_);
      starts_.push_back(tokens_.size());
      tokens_.insert(tokens_.end(), ref_tokens_.begin(), ref_tokens_.end());
      const std::size_t len = ref_tokens_.size();
      ref_lengths_.push_back(static_cast<double>(len));
      ngram_estimate += len * order_;
    }
    interner_.reset(tokens_.size());
    ref_symbols_.resize(tokens_.size());
    for (std::size_t t = 0; t < tokens_.size(); ++t) ref_symbols_[t] = interner_.intern(tokens_[t]);
    distinct_ = 0;
    for (std::uint32_t id : ref_symbols_) distinct_ = std::max(distinct_, id + 1);
    // With one reference the clipped counts are sum over n-grams of min(hyp count, ref count), which
    // the overlap counter computes from both sides directly; several references need the largest
    // count any one of them gives, kept in the matcher's table.
    single_reference_ = refs.size() == 1;
    if (single_reference_) return;
    matcher_.reset(order_, distinct_, ngram_estimate);
    for (std::size_t r = 0; r < refs.size(); ++r)
      matcher_.add_reference(ref_symbols_.data() + starts_[r], static_cast<std::size_t>(ref_lengths_[r]),
                             static_cast<std::uint32_t>(r));
  }

  void compute(std::string_view hyp, double* stats) override {
    bleu_.preprocess_tokens(hyp, hyp_text_, hyp_tokens_);
    const std::size_t len = hyp_tokens_.size();
    hyp_symbols_.resize(len);
    for (std::size_t t = 0; t < len; ++t) hyp_symbols_[t] = interner_.find(hyp_tokens_[t]);

    double* correct = stats + 2;
    double* total = stats + 2 + order_;
    for (std::size_t n = 0; n < order_; ++n) {
      correct[n] = 0.0;
      total[n] = len >= n + 1 ? static_cast<double>(len - n) : 0.0;
    }
    if (single_reference_)
      overlap_.count(hyp_symbols_.data(), len, ref_symbols_.data(), ref_symbols_.size(), order_, distinct_, correct);
    else matcher_.match(hyp_symbols_.data(), len, correct);
    stats[0] = static_cast<double>(len);
    stats[1] = closest_reference_length(static_cast<double>(len));
  }

 private:
  // The reference length closest to the hypothesis length; the shorter one on ties (sacreBLEU).
  double closest_reference_length(double hyp_len) const {
    double closest_diff = -1, closest_len = -1;
    for (double ref_len : ref_lengths_) {
      const double diff = std::abs(hyp_len - ref_len);
      if (closest_diff == -1 || diff < closest_diff) {
        closest_diff = diff;
        closest_len = ref_len;
      } else if (diff == closest_diff && ref_len < closest_len) {
        closest_len = ref_len;
      }
    }
    return closest_len;
  }

  const Bleu& bleu_;
  std::size_t order_;
  std::vector<std::string> ref_texts_;
  std::vector<std::string_view> tokens_;
  std::vector<double> ref_lengths_;
  std::vector<std::size_t> starts_;
  std::vector<std::uint32_t> ref_symbols_;
  detail::TokenInterner interner_;
  detail::ClippedNgramMatcher matcher_;  // several references
  detail::NgramOverlapCounter overlap_;  // one reference
  std::uint32_t distinct_ = 0;
  bool single_reference_ = false;
  std::vector<std::string_view> hyp_tokens_, ref_tokens_;
  std::string hyp_text_;
  std::vector<std::uint32_t> hyp_symbols_;
};

}  // namespace

std::unique_ptr<SegmentStatistics> Bleu::make_segment_statistics() const {
  return std::make_unique<BleuSegmentStatistics>(*this);
}

BleuResult Bleu::result_from_stats(std::span<const double> stats) const {
  const std::size_t n = static_cast<std::size_t>(options_.max_ngram_order);
  std::vector<double> correct(stats.begin() + 2, stats.begin() + 2 + static_cast<std::ptrdiff_t>(n));
  std::vector<double> total(stats.begin() + 2 + static_cast<std::ptrdiff_t>(n),
                            stats.begin() + 2 + 2 * static_cast<std::ptrdiff_t>(n));
  return compute_bleu(std::move(correct), std::move(total), stats[0], stats[1], options_.smooth_method,
                      options_.smooth_value, options_.effective_order, options_.max_ngram_order);
}

MetricScore Bleu::score_from_stats(std::span<const double> stats) const {
  const BleuResult r = result_from_stats(stats);
  return {name(), r.score, r.verbose()};
}

std::vector<SignatureField> Bleu::signature_fields() const {
  std::string smooth = bleu_smoothing_name(options_.smooth_method);
  if (const auto def = default_smooth_value(options_.smooth_method)) {
    smooth += "[" + text::format_fixed(options_.smooth_value.value_or(*def), 2) + "]";
  }
  return {
      {"case", "c", options_.lowercase ? "lc" : "mixed"},
      {"eff", "e", yes_no(options_.effective_order)},
      {"tok", "tok", tokenizer_->signature()},
      {"smooth", "s", smooth},
  };
}

}  // namespace trenchcoat::metrics
