#include "trenchcoat/scoring/corpus_aggregate.hpp"

#include <algorithm>
#include <cmath>

#include "trenchcoat/error.hpp"

namespace trenchcoat::scoring {
namespace {

class MeanAggregate : public CorpusAggregate {
 public:
  std::string name() const override { return "mean"; }
  std::size_t stats_size() const override { return 2; }
  bool item_statistics(const ScoreResult& batch, std::size_t i, std::span<double> out) const override {
    const double v = batch.item_scores.at(i);
    if (std::isnan(v)) return false;
    out[0] = v;
    out[1] = 1.0;
    return true;
  }
  double score_from_stats(std::span<const double> sums) const override { return sums[0] / sums[1]; }
};

class MetricAggregate : public CorpusAggregate {
 public:
  explicit MetricAggregate(std::shared_ptr<const metrics::StringMetric> metric) : metric_(std::move(metric)) {}
  std::string name() const override { return "corpus score"; }
  std::size_t stats_size() const override { return metric_->stats_size(); }
  bool item_statistics(const ScoreResult& batch, std::size_t i, std::span<double> out) const override {
    const std::size_t width = metric_->stats_size();
    if (std::isnan(batch.item_scores.at(i))) return false;
    if (batch.item_stats.size() < (i + 1) * width)
      throw Error("corpus score: the batch has no statistics for item " + std::to_string(i + 1));
    const double* row = batch.item_stats.data() + i * width;
    std::copy(row, row + width, out.begin());
    return true;
  }
  double score_from_stats(std::span<const double> sums) const override { return metric_->score_from_stats(sums).score; }

 private:
  std::shared_ptr<const metrics::StringMetric> metric_;
};

}  // namespace

std::shared_ptr<const CorpusAggregate> mean_aggregate() {
  static const auto mean = std::make_shared<const MeanAggregate>();
  return mean;
}

std::shared_ptr<const CorpusAggregate> metric_aggregate(std::shared_ptr<const metrics::StringMetric> metric) {
  return std::make_shared<const MetricAggregate>(std::move(metric));
}

}  // namespace trenchcoat::scoring
