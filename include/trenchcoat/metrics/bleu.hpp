#pragma once
// BLEU, identical to sacreBLEU 2.6.0 (metrics/bleu.py): n-gram precisions clipped by the largest count
// in any one reference, the closest reference length (the shorter on ties), four smoothing methods,
// effective order, configurable maximum order.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/metrics/string_metric.hpp"
#include "trenchcoat/text/tokenizer.hpp"

namespace trenchcoat::metrics {

enum class BleuSmoothing { none, floor, add_k, exp };

struct BleuOptions {
  bool lowercase = false;
  std::string tokenize = "13a";
  text::TokenizerOptions tokenizer_options;
  BleuSmoothing smooth_method = BleuSmoothing::exp;
  std::optional<double> smooth_value;  // default per method: floor 0.1, add-k 1
  int max_ngram_order = 4;
  bool effective_order = false;
};

BleuSmoothing parse_bleu_smoothing(const std::string& name);  // "none", "floor", "add-k", "exp"
std::string bleu_smoothing_name(BleuSmoothing method);

// Everything sacreBLEU's BLEUScore carries.
struct BleuResult {
  double score = 0.0;
  std::vector<double> counts;  // matches per order (after add-k smoothing, as sacreBLEU reports them)
  std::vector<double> totals;
  std::vector<double> precisions;
  double bp = 0.0;
  double sys_len = 0.0;
  double ref_len = 0.0;
  double ratio() const { return ref_len != 0.0 ? sys_len / ref_len : 0.0; }
  // "82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)"
  std::string verbose() const;
};

// sacreBLEU's compute_bleu on summed statistics, in its exact order of operations.
BleuResult compute_bleu(std::vector<double> correct, std::vector<double> total, double sys_len, double ref_len,
                        BleuSmoothing smooth_method, std::optional<double> smooth_value, bool effective_order,
                        int max_ngram_order);

class Bleu : public StringMetric {
 public:
  explicit Bleu(BleuOptions options = {});
  std::string name() const override { return "BLEU"; }
  bool higher_is_better() const override { return true; }
  // [hyp_len, ref_len, correct_1..N, total_1..N]
  std::size_t stats_size() const override { return 2 + 2 * static_cast<std::size_t>(options_.max_ngram_order); }
  std::unique_ptr<SegmentStatistics> make_segment_statistics() const override;
  MetricScore score_from_stats(std::span<const double> stats) const override;
  std::vector<SignatureField> signature_fields() const override;

  BleuResult result_from_stats(std::span<const double> stats) const;
  const BleuOptions& options() const { return options_; }
  // Lowercasing (if asked) and tokenisation of the right-stripped line, as tokens (views into storage).
  void preprocess_tokens(std::string_view line, std::string& storage, std::vector<std::string_view>& tokens) const;

 private:
  BleuOptions options_;
  std::shared_ptr<const text::Tokenizer> tokenizer_;
};

}  // namespace trenchcoat::metrics
