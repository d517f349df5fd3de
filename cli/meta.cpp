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

int run_meta(int argc, char** argv) {
  const std::string usage =
      "usage: trenchcoat meta COMMAND [OPTIONS]\n\n"
      "commands:\n"
      "  corr    correlations of metric scores with gold scores (mt-metrics-eval score files)\n"
      "  pairs   preference accuracy (RewardBench v1 / 2, M-RewardBench) with an explicit tie policy\n"
      "  calib   calibration (ECE, Brier, log loss, reliability bins) of scores read as probabilities,\n"
      "          after cross-fitted temperature, Platt or isotonic recalibration\n"
      "  bon     best-of-n curves: the gold and proxy score of the proxy-best of k against KL_bon\n"
      "  winrate AlpacaEval 2 win rate and length-controlled win rate of a model against a baseline\n\n"
      "`trenchcoat meta COMMAND --help` describes each one.\n";
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(usage.c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  if (command == "pairs") return run_meta_pairs(argc - 1, argv + 1);
  if (command == "corr") return run_meta_corr(argc - 1, argv + 1);
  if (command == "calib") return run_meta_calib(argc - 1, argv + 1);
  if (command == "bon") return run_meta_bon(argc - 1, argv + 1);
  if (command == "winrate") return run_meta_winrate(argc - 1, argv + 1);
  throw ExitError(2, "unknown meta command '" + command + "' (known: bon, calib, corr, pairs, winrate)");
}

}  // namespace trenchcoat::cli
