#pragma once
// The neural scorers of the registry, over the native runtime (trenchcoat/neural/):
//   comet      COMET regression metrics (wmt22-comet-da): source + candidate + reference
//   cometkiwi  reference-free COMET (wmt22-cometkiwi-da): source + candidate
//   rm         encoder reward models (DeBERTa-v2/v3, XLM-R sequence classifiers): prompt + candidate
// Options (all three): path=DIR (required), batch-size (16), threads (0 = all cores), max-length (0 =
// the model's default), dtype=f32|int8 (int8: dynamic quantisation of the encoder's linear layers),
// tokenizer=FILE, config=FILE. Item scores are the model outputs; the corpus score is their mean (as
// COMET's system score). COMET uses an item's first reference; an item without one is an error.
// Signatures name the model directory and carry XXH3 hashes of the weight, tokenizer and config files.
#include <memory>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::registry {

using scoring::OptionInfo;
using scoring::Scorer;
using scoring::ScorerOptions;

// The options the three take: their option table (scoring/option_table.hpp).
std::vector<OptionInfo> neural_option_info();

std::unique_ptr<Scorer> make_comet_scorer(const ScorerOptions& options);
std::unique_ptr<Scorer> make_cometkiwi_scorer(const ScorerOptions& options);
std::unique_ptr<Scorer> make_reward_model_scorer(const ScorerOptions& options);

}  // namespace trenchcoat::registry
