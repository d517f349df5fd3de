// trenchcoat: one executable, one subcommand per job.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "exit_error.hpp"
#include "subcommands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/version.hpp"

namespace {

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(int, char**);
};

constexpr Subcommand kSubcommands[] = {
    {"sacrebleu", "BLEU, chrF, chrF++ and TER: a drop-in replacement of the sacreBLEU 2.6.0 command line",
     trenchcoat::cli::run_sacrebleu},
    {"meta", "meta-evaluation: how well a scorer agrees with people (pairs, corr, calib, bon, winrate)",
     trenchcoat::cli::run_meta},
    {"mtme", "mt-metrics-eval test-set directories: score system outputs into metric-scores/ (mtme score)",
     trenchcoat::cli::run_mtme},
    {"probe", "shortcut probes: does a scorer prefer a good output to a truncated, padded, negated, ... variant",
     trenchcoat::cli::run_probe},
    {"score", "score every row of a dataset (JSONL, TSV, CSV; pointwise or preference pairs) with one or more scorers",
     trenchcoat::cli::run_score},
    {"scorers", "the scorers `score` knows: the fields each reads, direction, kind, options", trenchcoat::cli::run_scorers},
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "trenchcoat %s: a reward model is a metric in a trench coat.\n"
               "Score content with metrics and reward models, and measure both against people.\n\n"
               "usage: trenchcoat SUBCOMMAND [OPTIONS...]\n\nsubcommands:\n",
               trenchcoat::kVersion);
  for (const auto& s : kSubcommands) std::fprintf(out, "  %-12s %s\n", s.name, s.summary);
  std::fprintf(out, "\n`trenchcoat SUBCOMMAND --help` describes each one.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    print_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("trenchcoat %s\n", trenchcoat::kVersion);
    return 0;
  }
  for (const auto& s : kSubcommands) {
    if (std::strcmp(argv[1], s.name) != 0) continue;
    try {
      return s.run(argc - 1, argv + 1);
    } catch (const trenchcoat::cli::ExitError& e) {
      std::fprintf(stderr, "trenchcoat %s: error: %s\n", s.name, e.what());
      return e.exit_code();
    } catch (const trenchcoat::Error& e) {
      std::fprintf(stderr, "trenchcoat %s: error: %s\n", s.name, e.what());
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "trenchcoat %s: error: %s\n", s.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "trenchcoat: unknown subcommand '%s' (try `trenchcoat --help`)\n", argv[1]);
  return 2;
}
