// trenchcoat mtme: work on an mt-metrics-eval test-set directory (the WMT metrics-task data layout).
//   mtme score       score every system output with string metrics, writing metric-scores/LP/*.score
//   mtme eval        the WMT metrics-task table for one language pair (mtme_eval.cpp)
//   mtme import-mqm  a language pair from an error-level MQM file (mtme_import_mqm.cpp)
#include <cstdio>
#include <string>

#include "exit_error.hpp"
#include "subcommands.hpp"

namespace trenchcoat::cli {

int run_mtme_score(int argc, char** argv);       // mtme_score.cpp
int run_mtme_eval(int argc, char** argv);        // mtme_eval.cpp
int run_mtme_import_mqm(int argc, char** argv);  // mtme_import_mqm.cpp

namespace {

constexpr GroupCommand kMtmeCommands[] = {
    {"score", "score every system output of a language pair; writes metric-scores/LP/NAME-REF.LEVEL.score",
     run_mtme_score},
    {"eval", "the WMT metrics-task table: every metric against the human scores, with WMT23/24 averages",
     run_mtme_eval},
    {"import-mqm", "make a language pair from an error-level MQM file (outputs, references, MQM scores)",
     run_mtme_import_mqm},
};

}  // namespace

std::span<const GroupCommand> mtme_commands() { return kMtmeCommands; }

int run_mtme(int argc, char** argv) {
  std::string usage =
      "usage: trenchcoat mtme COMMAND [OPTIONS]\n\n"
      "Work on an mt-metrics-eval test-set directory (e.g. mt-metrics-eval-v2/wmt23, holding sources/,\n"
      "documents/, references/, system-outputs/, human-scores/ and metric-scores/).\n\ncommands:\n";
  std::string known;
  for (const auto& c : kMtmeCommands) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-11s %s\n", c.name, c.summary);
    usage += line;
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  usage += "\n`trenchcoat mtme COMMAND --help` describes each one.\n";
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(usage.c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  for (const auto& c : kMtmeCommands)
    if (command == c.name) return run_command("trenchcoat mtme " + command, [&] { return c.run(argc - 1, argv + 1); });
  throw ExitError(2, "unknown mtme command '" + command + "' (known: " + known + ")");
}

}  // namespace trenchcoat::cli
