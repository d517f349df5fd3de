#pragma once
// TER (translation edit rate), identical to sacreBLEU 2.6.0 (metrics/ter.py, metrics/lib_ter.py): the
// number of edits (word insertions, deletions, substitutions and block shifts, as sacreBLEU's Tercom
// re-implementation finds them) divided by the average reference length. Lower is better.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "trenchcoat/metrics/string_metric.hpp"
#include "trenchcoat/text/tercom_tokenizer.hpp"

namespace trenchcoat::metrics {

struct TerOptions {
  bool normalized = false;
  bool no_punct = false;
  bool asian_support = false;
  bool case_sensitive = false;
};

struct TerEdits {
  std::int64_t edits = 0;       // shifts + beam edit distance
  std::int64_t ref_length = 0;  // number of reference words
};

// sacreBLEU's lib_ter.translation_edit_rate on already tokenized words.
TerEdits translation_edit_rate(std::span<const std::string_view> hyp_words,
                               std::span<const std::string_view> ref_words);

class Ter : public StringMetric {
 public:
  explicit Ter(TerOptions options = {});
  std::string name() const override { return "TER"; }
  bool higher_is_better() const override { return false; }
  // [fewest edits over the references, average reference length]
  std::size_t stats_size() const override { return 2; }
  std::unique_ptr<SegmentStatistics> make_segment_statistics() const override;
  MetricScore score_from_stats(std::span<const double> stats) const override;
  std::vector<SignatureField> signature_fields() const override;

  // sacreBLEU's _preprocess_segment: the tokenizer applied to the right-stripped line. Hypotheses go
  // through it once, references twice (as sacreBLEU does; see the statistics' set_references).
  std::string preprocess(std::string_view line) const;
  const TerOptions& options() const { return options_; }

 private:
  TerOptions options_;
  text::TercomTokenizer tokenizer_;
};

}  // namespace trenchcoat::metrics
