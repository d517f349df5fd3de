// trenchcoat mtme: work on an mt-metrics-eval test-set directory (the WMT metrics-task data layout).
//   mtme score       score every system output with string metrics, writing metric-scores/LP/*.score
//   mtme eval        the WMT metrics-task table for one language pair (mtme_eval.cpp)
//   mtme import-mqm  a language pair from an error-level MQM file (mtme_import_mqm.cpp)
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
  return run_command_group(
      "mtme",
      "Work on an mt-metrics-eval test-set directory (e.g. mt-metrics-eval-v2/wmt23, holding "
      "sources/,\ndocuments/, references/, system-outputs/, human-scores/ and metric-scores/).\n\n",
      kMtmeCommands, argc, argv);
}

}  // namespace trenchcoat::cli
