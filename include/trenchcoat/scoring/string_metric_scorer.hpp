#pragma once
// String metrics (BLEU, chrF, TER) as Scorers. Item scores are sentence-level scores (for BLEU with
// effective order, as sacreBLEU's sentence_bleu and `sacrebleu -sl` compute them); the corpus score is
// computed once from the summed sufficient statistics, as sacreBLEU's corpus_score. Each result carries
// the items' sufficient statistics (ScoreResult::item_stats), so corpus scores over several batches
// are summed by a CorpusAccumulator with the same result as one call.
#include <cstddef>
#include <memory>
#include <mutex>

#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/metrics/ter.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::scoring {

class StringMetricScorer : public Scorer {
 public:
  // corpus_metric gives the corpus score; item_metric (same statistics) gives item scores.
  StringMetricScorer(ScorerInfo info, std::shared_ptr<const metrics::StringMetric> corpus_metric,
                     std::shared_ptr<const metrics::StringMetric> item_metric,
                     std::vector<metrics::SignatureField> extra_signature_fields = {});
  const ScorerInfo& info() const override { return info_; }
  ScoreResult score(std::span<const Item> items) const override;
  // nrefs: the number of references of every item scored so far ("var" when it varied, "1" before
  // any), as sacreBLEU's signature after its corpus_score; the same whatever order batches come in.
  std::string signature() const override;
  std::shared_ptr<const CorpusAggregate> corpus_aggregate() const override { return aggregate_; }

 private:
  ScorerInfo info_;
  std::shared_ptr<const metrics::StringMetric> corpus_metric_, item_metric_;
  std::vector<metrics::SignatureField> extra_fields_;
  std::shared_ptr<const CorpusAggregate> aggregate_;
  // Fewest and most references per item over every scored item, for nrefs. Shared by concurrent
  // score() calls, hence the mutex; min/max make the result independent of their order.
  mutable std::mutex references_mutex_;
  mutable std::size_t fewest_references_ = 0, most_references_ = 0;
};

// The options of the registry's bleu, sentbleu, chrf (default_word_order 0) / chrf++ (2) and ter, with
// defaults and meanings; `trenchcoat scorers` lists them and scorer specs are checked against them.
std::vector<OptionInfo> bleu_option_info();
std::vector<OptionInfo> sentbleu_option_info();
std::vector<OptionInfo> chrf_option_info(int default_word_order);
std::vector<OptionInfo> ter_option_info();

std::unique_ptr<Scorer> make_bleu_scorer(const metrics::BleuOptions& options = {});
std::unique_ptr<Scorer> make_chrf_scorer(const metrics::ChrfOptions& options = {});
std::unique_ptr<Scorer> make_ter_scorer(const metrics::TerOptions& options = {});

}  // namespace trenchcoat::scoring
