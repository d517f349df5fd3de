// trenchcoat merge: the shards of a `trenchcoat score --shard I/N` run joined into the single run's output.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "score_render.hpp"
#include "subcommands.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/runs/score_shards.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat merge: join the shards of a `trenchcoat score --shard I/N` run (e.g. the tasks of a Slurm job\n"
    "array) into exactly the output the single run writes.\n"
    "\n"
    "Give every shard's rows file (the --out of each shard; its statistics are read from OUT.shard.jsonl beside\n"
    "it), in any order. Row i of the output is row i of the input, taken from shard i % N; the corpus scores are\n"
    "summed from the items' statistics in the single run's order, so the summary's corpus scores equal the single\n"
    "run's bit for bit (the seconds are the shards' sum). The output format comes from --out's name or --format,\n"
    "as for `score`; the file is written whole or not at all, and an existing --out needs --overwrite.\n"
    "\n"
    "Refused, with nothing written: a rows file without its statistics, shards of different runs (another\n"
    "input, scorer, option or shard count), a shard given twice or missing, a rows file changed after its shard\n"
    "ran. Exit status 3 when the merged run leaves more items without a score than its --allow-failures allows.\n"
    "\n"
    "Example:\n"
    "  for i in 0 1 2; do trenchcoat score --data mt.jsonl --scorer bleu --scorer chrf --shard $i/3 \\\n"
    "      --out part$i.jsonl; done\n"
    "  trenchcoat merge part2.jsonl part0.jsonl part1.jsonl --out mt.scored.jsonl\n";

}  // namespace

int run_merge(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat merge"};
  std::vector<std::string> shards;
  std::string out = "-", format_name;
  bool quiet = false, overwrite = false;
  app.add_option("shards", shards, "The shards' rows files (each with OUT.shard.jsonl beside it), any order")
      ->required()
      ->expected(1, -1);
  app.add_option("--out", out, "Output file (- for standard output); its name chooses the format")
      ->capture_default_str();
  app.add_option("--format", format_name,
                 "Output format: jsonl, json, tsv or csv (default: from --out's name, else jsonl)")
      ->check(CLI::IsMember({"jsonl", "json", "tsv", "csv"}));
  app.add_flag("--overwrite", overwrite, "Replace an existing --out (never a shard file)");
  app.add_flag("-q,--quiet", quiet, "No summary");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat merge")) return 0;

  runs::MergeShardsRequest request;
  request.shards = shards;
  request.out = out;
  if (!format_name.empty()) request.out_format = io::parse_dataset_format(format_name);
  request.overwrite = overwrite;
  runs::ScoreDatasetResult result;
  try {
    result = runs::merge_score_shards(request);
  } catch (const runs::ScoreRequestError& e) {
    throw ExitError(2, e.what());
  }
  render_score_result(result, "trenchcoat merge", quiet);
  return 0;
}

}  // namespace trenchcoat::cli
