#pragma once
// String metrics (BLEU, chrF, TER) as Scorers. Item scores are sentence-level scores (for BLEU with
// effective order, as sacreBLEU's sentence_bleu and `sacrebleu -sl` compute them); the corpus score is
// computed once from the summed sufficient statistics, as sacreBLEU's corpus_score.
#include <memory>

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
  std::string signature() const override;

 private:
  ScorerInfo info_;
  std::shared_ptr<const metrics::StringMetric> corpus_metric_, item_metric_;
  std::vector<metrics::SignatureField> extra_fields_;
  mutable std::string nrefs_ = "1";  // of the last scored batch, for the signature
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
