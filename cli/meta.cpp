// trenchcoat meta: meta-evaluation of scorers against human judgments.
//   meta corr   correlations of metric scores with gold scores (meta_corr.cpp)
//   meta pairs  preference accuracy with an explicit tie policy (meta_pairs.cpp)
//   meta calib  calibration of scores read as probabilities, with cross-fitted recalibration (meta_calib.cpp)
//   meta bon    best-of-n over-optimisation curves of a proxy score against a gold score (meta_bon.cpp)
//   meta winrate  AlpacaEval 2 raw and length-controlled win rates (meta_winrate.cpp)
#include <cstdio>
#include <string>

#include "exit_error.hpp"
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

int run_meta(int argc, char** argv) {
  std::string usage = "usage: trenchcoat meta COMMAND [OPTIONS]\n\ncommands:\n";
  std::string known;
  for (const auto& c : kMetaCommands) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-8s %s\n", c.name, c.summary);
    usage += line;
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  usage += "\n`trenchcoat meta COMMAND --help` describes each one.\n";
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(usage.c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  for (const auto& c : kMetaCommands)
    if (command == c.name) return run_command("trenchcoat meta " + command, [&] { return c.run(argc - 1, argv + 1); });
  throw ExitError(2, "unknown meta command '" + command + "' (known: " + known + ")");
}

}  // namespace trenchcoat::cli
