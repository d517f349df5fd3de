// trenchcoat reproduce: the paper's experiments as one command each, on the user's data.
//   reproduce translation  M-RewardBench's translation pairs from rated outputs, scored (reproduce_translation.cpp)
//   reproduce attribution  summary attribution: scorers against human labels (reproduce_attribution.cpp)
#include "reproduce_commands.hpp"
#include "subcommands.hpp"

namespace trenchcoat::cli {
namespace {

constexpr GroupCommand kReproduceCommands[] = {
    {"translation",
     "M-RewardBench's EASY/HARD translation pairs from MQM- or DA-rated outputs, scored by metrics, reward models "
     "and judges",
     run_reproduce_translation},
    {"attribution",
     "summary attribution (SEAHORSE-style rows, QAGS): ROC AUC, Pearson, balanced accuracy of each scorer, with "
     "intervals",
     run_reproduce_attribution},
};

}  // namespace

std::span<const GroupCommand> reproduce_commands() { return kReproduceCommands; }

int run_reproduce(int argc, char** argv) { return run_command_group("reproduce", "", kReproduceCommands, argc, argv); }

}  // namespace trenchcoat::cli
