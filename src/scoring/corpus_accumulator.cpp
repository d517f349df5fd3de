#include "trenchcoat/scoring/corpus_accumulator.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::scoring {

CorpusAccumulator::CorpusAccumulator(std::shared_ptr<const CorpusAggregate> aggregate)
    : aggregate_(std::move(aggregate)) {
  if (aggregate_) row_.resize(aggregate_->stats_size());
}

void CorpusAccumulator::add(const ScoreResult& batch, std::span<const std::string> groups) {
  if (!aggregate_) return;
  const std::size_t n = batch.item_scores.size();
  if (!groups.empty() && groups.size() != n)
    throw Error("corpus score: " + std::to_string(groups.size()) + " group names for " + std::to_string(n) + " items");
  const std::size_t width = aggregate_->stats_size();
  if (!batch.item_stats.empty() && batch.item_stats.size() != n * width)
    throw Error("corpus score: " + std::to_string(batch.item_stats.size()) + " statistics for " + std::to_string(n) +
                " items of " + std::to_string(width) + " each");
  static const std::string kNoGroup;
  for (std::size_t i = 0; i < n; ++i) {
    Group& g = group(groups.empty() ? kNoGroup : groups[i]);
    if (!aggregate_->item_statistics(batch, i, row_)) {
      ++g.without;
      continue;
    }
    // One item at a time, in item order: the same additions as summing the group's items in one call.
    for (std::size_t k = 0; k < width; ++k) g.sums[k] += row_[k];
    ++g.items;
  }
}

CorpusAccumulator::Group& CorpusAccumulator::group(const std::string& name) {
  auto it = index_.find(name);
  if (it == index_.end()) {
    it = index_.emplace(name, groups_.size()).first;
    groups_.push_back({name, std::vector<double>(aggregate_->stats_size(), 0.0), 0, 0});
  }
  return groups_[it->second];
}

void CorpusAccumulator::add_item(const std::string& name, std::optional<std::span<const double>> statistics) {
  if (!aggregate_) return;
  Group& g = group(name);
  if (!statistics) {
    ++g.without;
    return;
  }
  if (statistics->size() != g.sums.size())
    throw Error("corpus score: " + std::to_string(statistics->size()) + " statistics for an item of " +
                std::to_string(g.sums.size()));
  for (std::size_t k = 0; k < g.sums.size(); ++k) g.sums[k] += (*statistics)[k];
  ++g.items;
}

std::vector<CorpusScore> CorpusAccumulator::scores() const {
  std::vector<CorpusScore> out;
  out.reserve(groups_.size());
  for (const Group& g : groups_) {
    CorpusScore s{g.name, g.items, g.without, std::nullopt};
    if (g.items > 0) s.score = aggregate_->score_from_stats(g.sums);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<double> batch_corpus_score(const CorpusAggregate& aggregate, const ScoreResult& batch) {
  CorpusAccumulator one(std::shared_ptr<const CorpusAggregate>(std::shared_ptr<const CorpusAggregate>{}, &aggregate));
  one.add(batch);
  const auto scores = one.scores();
  return scores.empty() ? std::nullopt : scores.front().score;
}

}  // namespace trenchcoat::scoring
