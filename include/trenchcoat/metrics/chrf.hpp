#pragma once
// chrF and chrF++, identical to sacreBLEU 2.6.0 (metrics/chrf.py): character n-grams (whitespace
// removed unless asked), optional word n-grams (chrF++), F-beta averaged over orders; with several
// references, the statistics of the first reference with the best F-score are kept.
#include <memory>
#include <string>

#include "trenchcoat/metrics/string_metric.hpp"

namespace trenchcoat::metrics {

struct ChrfOptions {
  int char_order = 6;
  int word_order = 0;  // 2 gives chrF++
  int beta = 2;
  bool lowercase = false;
  bool whitespace = false;
  bool eps_smoothing = false;
};

class Chrf : public StringMetric {
 public:
  explicit Chrf(ChrfOptions options = {});
  std::string name() const override;  // chrF2, chrF2++, ...
  bool higher_is_better() const override { return true; }
  // Per order (chars 1..char_order, then words 1..word_order): [hyp count, ref count, matches].
  std::size_t stats_size() const override {
    return 3 * static_cast<std::size_t>(options_.char_order + options_.word_order);
  }
  std::unique_ptr<SegmentStatistics> make_segment_statistics() const override;
  MetricScore score_from_stats(std::span<const double> stats) const override;
  std::vector<SignatureField> signature_fields() const override;

  // sacreBLEU's _compute_f_score: the score of a statistics vector.
  double f_score(std::span<const double> stats) const;
  const ChrfOptions& options() const { return options_; }

 private:
  ChrfOptions options_;
};

}  // namespace trenchcoat::metrics
