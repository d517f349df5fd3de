#pragma once
// Corpus scores of items scored in any number of batches, overall or per group (e.g. per system).
// Each batch's result is added in item order; every group keeps a running sum of its items'
// statistics (CorpusAggregate), added one item at a time in the order the items were added. A group's
// corpus score is therefore the one a single call over that group's items gives, bit for bit, however
// the items were batched: for BLEU, chrF and TER, sacreBLEU's corpus_score of the group's lines.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/scoring/corpus_aggregate.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::scoring {

// One group's corpus score.
struct CorpusScore {
  std::string group;            // "" when items are not grouped
  std::size_t items = 0;        // items in the score
  std::size_t without = 0;      // items added without statistics (no score), left out
  std::optional<double> score;  // none when no item had statistics
};

class CorpusAccumulator {
 public:
  // A scorer's aggregate (Scorer::corpus_aggregate()); null: the scorer defines no corpus score and
  // scores() is empty.
  explicit CorpusAccumulator(std::shared_ptr<const CorpusAggregate> aggregate);

  // Adds the items of one batch, in order. groups: item i of the batch belongs to groups[i]; empty:
  // every item belongs to the group "". A trenchcoat::Error when groups or the batch's statistics do
  // not match the batch's size.
  void add(const ScoreResult& batch, std::span<const std::string> groups = {});

  // Adds one item of `group` whose statistics are known (CorpusAggregate::item_statistics, e.g. read
  // back from a shard's file); none: the item has no statistics. Items added this way in the order add()
  // would have added them give the same sums, bit for bit.
  void add_item(const std::string& group, std::optional<std::span<const double>> statistics);

  bool defined() const { return aggregate_ != nullptr; }
  const CorpusAggregate* aggregate() const { return aggregate_.get(); }
  // One per group, in the order groups first appeared.
  std::vector<CorpusScore> scores() const;

 private:
  struct Group {
    std::string name;
    std::vector<double> sums;
    std::size_t items = 0, without = 0;
  };
  Group& group(const std::string& name);

  std::shared_ptr<const CorpusAggregate> aggregate_;
  std::vector<Group> groups_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<double> row_;
};

// The corpus score of one batch alone (ScoreResult::corpus_score); none without an aggregate or when
// no item has statistics.
std::optional<double> batch_corpus_score(const CorpusAggregate& aggregate, const ScoreResult& batch);

}  // namespace trenchcoat::scoring
