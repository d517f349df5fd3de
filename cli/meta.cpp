// trenchcoat meta: meta-evaluation of scorers against human judgments.
//   meta corr   correlations of metric scores with gold scores (meta_corr.cpp)
//   meta pairs  preference accuracy with an explicit tie policy (meta_pairs.cpp)
//   meta calib  calibration of scores read as probabilities, with cross-fitted recalibration (meta_calib.cpp)
//   meta bon    best-of-n over-optimisation curves of a proxy score against a gold score (meta_bon.cpp)
//   meta winrate  AlpacaEval 2 raw and length-controlled win rates (meta_winrate.cpp)
#include "meta_commands.hpp"
#include "subcommands.hpp"

namespace trenchcoat::cli {
namespace {

constexpr GroupCommand kMetaCommands[] = {
    {"corr", "correlations of metric scores with gold scores (mt-metrics-eval score files)", run_meta_corr},
    {"pairs", "preference accuracy of a scorer on chosen/rejected pairs (RewardBench sections where they apply)",
     run_meta_pairs},
    {"calib", "calibration (ECE, Brier, log loss, reliability bins) of scores read as probabilities, recalibrated",
     run_meta_calib},
    {"bon", "best-of-n curves: the gold and proxy score of the proxy-best of k against KL_bon", run_meta_bon},
    {"winrate", "AlpacaEval 2 win rate and length-controlled win rate of a model against a baseline", run_meta_winrate},
};

}  // namespace

std::span<const GroupCommand> meta_commands() { return kMetaCommands; }

int run_meta(int argc, char** argv) { return run_command_group("meta", "", kMetaCommands, argc, argv); }

}  // namespace trenchcoat::cli
