#pragma once
// The one interface every scorer implements: metrics (BLEU, COMET), reward models, LLM judges and users'
// own programs alike. A batch of items in, one score per item out, plus a corpus aggregate where the
// scorer defines one; a declared direction; a signature that records every option and the trenchcoat
// version, so that a score can be reproduced. score() is const and safe to call from several threads
// at once: scorers keep no state that a call changes.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/scoring/option_table.hpp"

namespace trenchcoat::scoring {

// The fields a scorer may read. A scorer declares which ones it needs (ScorerInfo::required_fields).
struct Item {
  std::string source;                   // "source"
  std::string candidate;                // "candidate": the text being judged (hypothesis, response)
  std::vector<std::string> references;  // "references": zero or more
  std::string prompt;                   // "prompt"
  std::string alternative;              // "alternative": the other candidate, for pairwise scorers
  // Identifiers, carried along for grouping in meta-evaluation.
  std::string system, segment, subset, id;
};

enum class Direction { higher_is_better, lower_is_better };

// pointwise: one score per item, for its candidate. pairwise: one score per item, the probability
// that the candidate is preferred over the alternative (0.5 = no preference).
enum class ScorerKind { pointwise, pairwise };

struct ScorerInfo {
  std::string name;  // e.g. "bleu"
  std::string description;
  std::vector<std::string> required_fields;  // names of Item fields, e.g. {"candidate", "references"}
  Direction direction = Direction::higher_is_better;
  std::vector<OptionInfo> options;  // its option table (option_table.hpp)
  ScorerKind kind = ScorerKind::pointwise;
};

// An item the scorer could not score (an unparseable judge answer, a failed request): its score is
// NaN and the problem is reported here, never silently replaced by a number.
struct ItemIssue {
  std::size_t item = 0;  // index into the batch
  std::string message;
};

// Further values per item beside its score, e.g. a pairwise judge's verdict in each order; written
// by `trenchcoat score` as the column NAME.<name>.
struct ItemDetail {
  std::string name;            // e.g. "preference_ab"
  std::vector<double> values;  // one per item, in order; NaN where there is none
};

struct ScoreResult {
  std::vector<double> item_scores;  // one per item, in order; NaN where `issues` names the item
  std::optional<double>
      corpus_score;               // of this batch alone, when the scorer defines one (BLEU's is not a mean of items)
  std::vector<ItemIssue> issues;  // items without a score, and why
  std::vector<ItemDetail> item_details;  // optional further values per item
  // Per-item sufficient statistics of the corpus score (items x stats_size() of the scorer's
  // CorpusAggregate, row-major) where the aggregate reads them (BLEU, chrF, TER); empty otherwise.
  std::vector<double> item_stats;
};

// Told how many more items of the current score() call have finished (their score or their issue is
// settled). Scorers that work item by item (judges, programs) call it as items finish, possibly from
// several threads, one call at a time; the count over a call adds up to the number of items.
using ScoreProgress = std::function<void(std::size_t finished)>;

class CorpusAggregate;  // corpus_aggregate.hpp

class Scorer {
 public:
  virtual ~Scorer() = default;
  virtual const ScorerInfo& info() const = 0;
  // Errors (a missing field, bad input) throw trenchcoat::Error naming the item.
  virtual ScoreResult score(std::span<const Item> items) const = 0;
  // score(), telling `progress` (when set) as items finish. The default reports the whole batch once
  // score() returns; scorers that finish items one at a time override it.
  virtual ScoreResult score_with_progress(std::span<const Item> items, const ScoreProgress& progress) const {
    ScoreResult result = score(items);
    if (progress) progress(items.size());
    return result;
  }
  // "name|key:value|...|version:X": every option that changes scores, and the version.
  virtual std::string signature() const = 0;
  // How item scores of any number of batches combine into a corpus score (summed with a
  // CorpusAccumulator); null when the scorer defines none.
  virtual std::shared_ptr<const CorpusAggregate> corpus_aggregate() const { return nullptr; }
};

}  // namespace trenchcoat::scoring
