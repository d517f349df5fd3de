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
    {"cite", "how research fields cite each other, from OpenAlex / Semantic Scholar exports",
     trenchcoat::cli::run_cite},
    {"merge", "join the shards of a `score --shard I/N` run into the single run's output", trenchcoat::cli::run_merge},
    {"meta", "meta-evaluation: how well a scorer agrees with people", trenchcoat::cli::run_meta},
    {"mtme", "mt-metrics-eval test-set directories (the WMT metrics-task data layout)", trenchcoat::cli::run_mtme},
    {"probe", "shortcut probes: does a scorer prefer a good output to a truncated, padded, negated, ... variant",
     trenchcoat::cli::run_probe},
    {"report", "draw results (meta corr, calib, bon, pairs, probe, reproduce, cite) as one self-contained HTML page",
     trenchcoat::cli::run_report},
    {"reproduce", "the paper's experiments on your data: scorers against human judgments, with baselines",
     trenchcoat::cli::run_reproduce},
    {"score", "score every row of a dataset (JSONL, TSV, CSV; pointwise or preference pairs) with one or more scorers",
     trenchcoat::cli::run_score},
    {"scorers", "the scorers `score` knows: the fields each reads, direction, kind, options",
     trenchcoat::cli::run_scorers},
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "trenchcoat %s: a reward model is a metric in a trench coat.\n"
               "Score content with metrics and reward models, and measure both against people.\n\n"
               "usage: trenchcoat SUBCOMMAND [OPTIONS...]\n\nsubcommands:\n",
               trenchcoat::kVersion);
  for (const auto& s : kSubcommands) {
    std::fprintf(out, "  %-23s %s\n", s.name, s.summary);
    // The commands of a group, each with its own line, so that this list names every command.
    const auto group = !std::strcmp(s.name, "meta")        ? trenchcoat::cli::meta_commands()
                       : !std::strcmp(s.name, "mtme")      ? trenchcoat::cli::mtme_commands()
                       : !std::strcmp(s.name, "reproduce") ? trenchcoat::cli::reproduce_commands()
                                                           : std::span<const trenchcoat::cli::GroupCommand>{};
    for (const auto& c : group) {
      const std::string full = std::string(s.name) + " " + c.name;
      std::fprintf(out, "    %-21s %s\n", full.c_str(), c.summary);
    }
  }
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
    // Every error names the full subcommand ("trenchcoat meta pairs: error: ..."): groups (meta, mtme)
    // wrap their commands in run_command with the longer name, which passes through here unchanged.
    try {
      return trenchcoat::cli::run_command(std::string("trenchcoat ") + s.name,
                                          [&] { return s.run(argc - 1, argv + 1); });
    } catch (const trenchcoat::cli::CommandError& e) {
      std::fprintf(stderr, "%s: error: %s\n", e.command().c_str(), e.what());
      return e.exit_code();
    }
  }
  std::fprintf(stderr, "trenchcoat: unknown subcommand '%s' (try `trenchcoat --help`)\n", argv[1]);
  return 2;
}
