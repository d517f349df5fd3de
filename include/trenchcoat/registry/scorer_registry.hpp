#pragma once
// Scorers by name: the one table that maps a name on the command line ("bleu", "chrf", "ter", ...) to
// a Scorer. Later scorers (neural metrics, reward models, LLM judges) are added as rows of the table.
//
// Names are matched case-insensitively (ASCII). `trenchcoat scorers` lists every scorer with the
// fields it reads and its options; the string metrics default to sacreBLEU 2.6.0's options:
//   bleu      corpus BLEU, items: sentence BLEU with effective order (13a, exp smoothing, order 4)
//   sentbleu  WMT's sentBLEU baseline: items: sentence BLEU without effective order; no corpus score
//             (aggregates are means of item scores)
//   chrf      chrF2 (character order 6, no word n-grams)
//   chrf++    chrF2++ (character order 6, word order 2)
//   ter       TER (tercom-compatible, case-insensitive); lower is better
//   judge     an LLM judge over an OpenAI-compatible endpoint (judges/llm_judge.hpp)
//   rouge     ROUGE as Google's rouge-score computes it (scoring/rouge_scorer.hpp)
//   length    the candidate's length: the spurious-feature baseline (scoring/length_scorer.hpp)
//   cmd       the user's own program over JSON Lines (judges/command_scorer.hpp)
//   comet, cometkiwi, rm  neural metrics and encoder reward models from released checkpoints
//             (registry/neural_scorers.hpp)
// An unknown name, or an option a scorer does not take, is a trenchcoat::Error that lists the known
// names (or the scorer's options); a bad option value is one naming the scorer, the option and what it
// allows (scoring/option_table.hpp). Specs (`NAME:key=value,...,as=COLUMN`) are parsed by
// parse_scorer_spec (registry/scorer_spec.hpp).
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::registry {

using scoring::OptionInfo;
using scoring::Scorer;
using scoring::ScorerOptions;

struct ScorerEntry {
  std::string name;          // lowercase command-line name, e.g. "chrf++"
  std::string display_name;  // the name results are filed under, as sacreBLEU and WMT write it: "BLEU",
                             // "chrF", "chrF++", "TER" (mt-metrics-eval metric basenames)
  std::string summary;       // one line for --help
  // Its option table (scoring/option_table.hpp; may be empty): name, type, default or required, allowed
  // values, range and meaning, declared by the scorer's own module. The factory checks and converts a
  // spec's options against it (validate_options), `trenchcoat scorers` and the Python module list exactly
  // these, so parsing and help cannot disagree.
  std::vector<OptionInfo> options;
  std::unique_ptr<Scorer> (*make)(const ScorerOptions& options);
};

// Every known scorer, in a fixed order (the order --help lists them).
const std::vector<ScorerEntry>& scorer_registry();

// The scorers this build was configured without (CMake options TRENCHCOAT_WITH_JUDGES and
// TRENCHCOAT_WITH_NEURAL, both ON by default): judge and cmd, or comet, cometkiwi and rm. A spec naming
// one is an Error saying so.
struct LeftOutScorer {
  std::string name;    // e.g. "comet"
  std::string option;  // the CMake option that builds it, e.g. "TRENCHCOAT_WITH_NEURAL"
};
const std::vector<LeftOutScorer>& left_out_scorers();

// The names of scorer_registry(), in order.
std::vector<std::string> scorer_names();

// The entry named `name` (case-insensitive). Throws trenchcoat::Error listing the known names, or
// naming the CMake option for a scorer this build was configured without.
const ScorerEntry& find_scorer(std::string_view name);

// The names of entry.options, in order; whether `option` is one of them.
std::vector<std::string> option_names(const ScorerEntry& entry);
bool takes_option(const ScorerEntry& entry, std::string_view option);

// find_scorer(name).make(options): the factory validates `options` against the entry's table.
std::unique_ptr<Scorer> make_scorer(std::string_view name, const ScorerOptions& options = {});

}  // namespace trenchcoat::registry
