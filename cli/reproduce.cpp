// trenchcoat reproduce: the paper's experiments as one command each, on the user's data.
//   reproduce translation  M-RewardBench's translation pairs from rated outputs, scored (reproduce_translation.cpp)
//   reproduce attribution  summary attribution: scorers against human labels (reproduce_attribution.cpp)
#include <cstdio>
#include <string>

#include "exit_error.hpp"
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

int run_reproduce(int argc, char** argv) {
  std::string usage = "usage: trenchcoat reproduce COMMAND [OPTIONS]\n\ncommands:\n";
  std::string known;
  for (const auto& c : kReproduceCommands) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-12s %s\n", c.name, c.summary);
    usage += line;
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  usage += "\n`trenchcoat reproduce COMMAND --help` describes each one.\n";
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(usage.c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  for (const auto& c : kReproduceCommands)
    if (command == c.name)
      return run_command("trenchcoat reproduce " + command, [&] { return c.run(argc - 1, argv + 1); });
  throw ExitError(2, "unknown reproduce command '" + command + "' (known: " + known + ")");
}

}  // namespace trenchcoat::cli
