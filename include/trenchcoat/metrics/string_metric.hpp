#pragma once
// String metrics in sacreBLEU's shape: each segment yields a vector of sufficient statistics; a corpus
// score is computed once from the statistics summed over segments (in segment order), and a sentence
// score is the corpus score of one segment. Corpus and sentence level therefore share one code path.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/metrics/signature.hpp"

namespace trenchcoat::metrics {

// The result of a metric on summed statistics.
struct MetricScore {
  std::string name;  // "BLEU", "chrF2++", "TER"
  double score = 0.0;
  std::string verbose;  // BLEU's "p1/p2/p3/p4 (BP = ...)" part; empty for metrics without one
};

// Computes segment statistics against the references of one segment. The references are prepared once
// (tokenised, n-grams counted) and can then be compared with any number of hypotheses, e.g. one per
// system. One instance per thread; it reuses its buffers from segment to segment.
class SegmentStatistics {
 public:
  virtual ~SegmentStatistics() = default;
  // refs: the references of this segment (at least one; an empty string is a real, empty reference).
  virtual void set_references(std::span<const std::string_view> refs) = 0;
  // Writes stats_size() numbers for hyp against the current references.
  virtual void compute(std::string_view hyp, double* stats) = 0;
};

class StringMetric {
 public:
  virtual ~StringMetric() = default;
  virtual std::string name() const = 0;
  virtual bool higher_is_better() const = 0;
  virtual std::size_t stats_size() const = 0;
  virtual std::unique_ptr<SegmentStatistics> make_segment_statistics() const = 0;
  virtual MetricScore score_from_stats(std::span<const double> stats) const = 0;
  // The metric's own signature fields (sacreBLEU's order), without nrefs and version.
  virtual std::vector<SignatureField> signature_fields() const = 0;
};

// References per segment: refs[i] holds segment i's references. Their number may vary (ragged);
// sacreBLEU's missing (None) references are simply absent.
using SegmentReferences = std::vector<std::vector<std::string_view>>;

// Transposes reference streams (one string per segment each) into SegmentReferences.
SegmentReferences references_by_segment(const std::vector<std::vector<std::string_view>>& streams);

// "nrefs" signature value: the common number of references, or "var" when it varies.
std::string nrefs_value(const SegmentReferences& refs);

// The metric's full signature: nrefs first, then the metric's fields.
Signature make_signature(const StringMetric& metric, const SegmentReferences& refs);

// The zeroed statistics rows segment_stats() fills (one vector per system, segments x stats_size()),
// after the checks every path makes before any work: each system has one hypothesis per segment and
// each segment at least one reference (errors name the system or the segment).
std::vector<std::vector<double>> checked_stats_rows(const StringMetric& metric,
                                                    const std::vector<std::span<const std::string_view>>& systems,
                                                    const SegmentReferences& refs);

// Per-segment statistics of several systems against shared references: result[s] holds
// segments x stats_size() numbers, row-major. References are prepared once per segment.
std::vector<std::vector<double>> segment_stats(const StringMetric& metric,
                                               const std::vector<std::span<const std::string_view>>& systems,
                                               const SegmentReferences& refs);

// Column sums of row-major statistics, in segment order (as sacreBLEU's sum_of_lists).
std::vector<double> sum_stats(std::span<const double> rows, std::size_t stats_size);

// One score per row of row-major statistics (each segment scored alone).
std::vector<MetricScore> scores_of_rows(const StringMetric& metric, std::span<const double> rows);

// Corpus score of one system.
MetricScore corpus_score(const StringMetric& metric, std::span<const std::string_view> hyps,
                         const SegmentReferences& refs);

// Sentence scores of one system (each segment scored alone).
std::vector<MetricScore> sentence_scores(const StringMetric& metric, std::span<const std::string_view> hyps,
                                         const SegmentReferences& refs);

}  // namespace trenchcoat::metrics
