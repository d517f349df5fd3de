#pragma once
// How a scorer's item scores combine into one corpus score, whatever the batches they were scored in.
// Each item yields a fixed-size vector of statistics; statistics are summed over items in item order
// and score_from_stats() turns a sum into the corpus score. Two kinds:
//   - a string metric's sufficient statistics (BLEU, chrF, TER: ScoreResult::item_stats), scored by
//     the metric's score_from_stats, as sacreBLEU's corpus_score;
//   - the mean of the item scores (ROUGE, length, sentBLEU, neural scorers): statistics {score, 1},
//     scored as sum / count. Items without a score (NaN) have no statistics and are left out.
// Aggregates are immutable and shared; CorpusAccumulator (corpus_accumulator.hpp) does the summing.
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "trenchcoat/metrics/string_metric.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::scoring {

class CorpusAggregate {
 public:
  virtual ~CorpusAggregate() = default;
  // What the corpus score is, for summaries: "corpus score" (a string metric's), "mean".
  virtual std::string name() const = 0;
  virtual std::size_t stats_size() const = 0;
  // Writes stats_size() numbers for item i of a batch's result; false when the item has none (it has
  // no score).
  virtual bool item_statistics(const ScoreResult& batch, std::size_t i, std::span<double> out) const = 0;
  // The corpus score of summed statistics (at least one item).
  virtual double score_from_stats(std::span<const double> sums) const = 0;
};

// The mean of the item scores: statistics {score, 1}; NaN scores are left out.
std::shared_ptr<const CorpusAggregate> mean_aggregate();

// A string metric's corpus score from the per-item sufficient statistics in ScoreResult::item_stats
// (items x metric->stats_size(), row-major).
std::shared_ptr<const CorpusAggregate> metric_aggregate(std::shared_ptr<const metrics::StringMetric> metric);

}  // namespace trenchcoat::scoring
