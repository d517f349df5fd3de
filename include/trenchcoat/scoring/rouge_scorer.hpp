#pragma once
// ROUGE as a Scorer: rouge-score's RougeScorer (metrics/rouge.hpp), one ROUGE type and one of its three
// numbers per item, as rouge-score 0.1.2 computes them.
//
// Options (all optional):
//   type=rougeL      rouge1 ... rouge9, rougeL (the default: the single ROUGE number most reports and
//                    Hugging Face's `evaluate` lead with), rougeLsum (sentences = lines of the text)
//   stem=false       true: NLTK Porter stemming of words longer than 3 characters (rouge-score's
//                    use_stemmer; its default is false)
//   measure=f        f (F1), p (precision) or r (recall); also fmeasure / precision / recall
// Items need a candidate and at least one reference; with several references the item's score comes
// from the reference with the highest F1 (rouge-score's score_multi), whatever `measure` is. Texts that
// are not valid UTF-8 are a trenchcoat::Error naming the item (1-based), as is a missing reference.
// The corpus score is the plain mean of the item scores (rouge-score's BootstrapAggregator resamples
// randomly and is not reproduced). Scores are in [0, 1], higher is better.
// Signature: "ROUGE|type:rougeL|stem:no|measure:f|version:X".
#include <memory>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::scoring {

// The options make_rouge_scorer takes, with defaults and meanings.
std::vector<OptionInfo> rouge_option_info();

// Options: type, stem, measure (see above); an unknown value is a trenchcoat::Error listing the valid
// ones.
std::unique_ptr<Scorer> make_rouge_scorer(const ScorerOptions& options = {});

}  // namespace trenchcoat::scoring
