// trenchcoat score: every row of a dataset scored by every scorer, written back with one column per
// scorer.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "progress_display.hpp"
#include "score_render.hpp"
#include "scorer_spec.hpp"
#include "subcommands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/runs/score_dataset.hpp"
#include "trenchcoat/runs/score_shards.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat score: score every row of a dataset with one or more scorers (metrics, `length`, LLM judges, your\n"
    "own program) and write the rows back, each with one added column per scorer.\n"
    "\n"
    "Input: JSON Lines (.jsonl, .gz allowed), a JSON list of objects (.json), TSV or CSV with a header line.\n"
    "Layouts are recognised from the field names: pointwise rows (src/mt/ref, source/hypothesis/reference(s),\n"
    "prompt/response), preference rows (prompt, chosen, rejected, subset, id: RewardBench and TRL; chosen and\n"
    "rejected may be chat message lists, whose shared leading messages are the prompt and whose last assistant\n"
    "messages are the completions; Anthropic HH transcripts are split after the last \"Assistant:\"), and LLMBar\n"
    "rows (input, output_1, output_2, label). --fields maps trenchcoat's names to your columns.\n"
    "\n"
    "Output columns: NAME (pointwise rows); NAME.chosen and NAME.rejected (preference rows, pointwise scorer);\n"
    "NAME.preference, the probability that chosen is preferred (preference rows, pairwise scorer); a pairwise\n"
    "judge adds NAME.preference_ab and NAME.preference_ba, that probability (its verdict 1, 0 or 0.5) from the\n"
    "request showing chosen first (as A) and from the one showing it second (as B). NAME is the\n"
    "scorer's name, or as=COLUMN. A score the scorer could not give is null, counted and reported. Preference\n"
    "rows without a subset get one (--subset), so the output goes straight into `trenchcoat meta pairs`.\n"
    "Rows are read, scored and written --window rows at a time (a .json list is read whole), so memory does not\n"
    "grow with the input. The output goes to a temporary file renamed into place at the end: an error or an\n"
    "interrupted run leaves no partial file. An existing --out is refused unless --overwrite; the --data file\n"
    "never is an output. The layout comes from the first row (a TSV/CSV header), --by's field is looked for in\n"
    "the first window.\n"
    "\n"
    "Missing fields (a field a scorer reads that a row lacks or holds null, e.g. a preference row without\n"
    "`rejected`) stop the run with an error naming the file and line, unless --missing says otherwise: skip\n"
    "(the item's score is null) or empty (scored as an empty text). Empty texts (a field that is \"\") are\n"
    "counted and reported; --empty says what happens to them: score (default: scored as the empty text they\n"
    "are; the length of an empty answer is 0), skip (the score is null) or error (the first one stops the run,\n"
    "naming its line). The summary counts what each policy did.\n"
    "\n"
    "Exit status: 0 when every item got a score; 3 when a scorer could not score some items (a failed judge\n"
    "request, an unparseable answer, a program answering null) and their share is above --allow-failures\n"
    "(default 0): the output is still written, with those scores null; 1 for errors (nothing is written),\n"
    "2 for bad arguments.\n"
    "\n"
    "Scorers get the items in batches of --batch-size; `cmd` gets a window's items in one call, so its program\n"
    "starts once per window. A scorer that needs a field the dataset lacks is refused before any work. On a terminal,\n"
    "stderr shows a progress line (done/total, rate, ETA) redrawn every second, counting items as they finish\n"
    "for judges and `cmd`; at the end one summary line per scorer (rows, seconds, rows/s; for judges the\n"
    "cache hits and misses and the cache file).\n"
    "\n"
    "Corpus scores: scorers that define one (bleu, chrf, ter: sacreBLEU's corpus score from the summed\n"
    "statistics of the items; rouge, length, sentbleu, comet, rm: the mean of the item scores) get it in the\n"
    "summary, the same whatever --batch-size. With --by FIELD (default: system, when the rows have a system\n"
    "field) there is one corpus score per value of FIELD, each equal to the score of that value's rows alone\n"
    "(for bleu, `trenchcoat sacrebleu` on those lines); --by none pools all rows.\n"
    "\n"
    "Shards (e.g. a Slurm job array): --shard I/N scores only the rows whose 0-based index i has i % N == I\n"
    "(each shard reads the whole input; no row count is needed first) and writes them as JSON Lines to --out,\n"
    "with their corpus statistics and the run's identity in OUT.shard.jsonl. `trenchcoat merge` joins the N\n"
    "shards, given in any order, into exactly the single run's output and summary (corpus scores bit for bit).\n"
    "A shard does not exit with 3 for items without a score: the merge applies --allow-failures to all items.\n"
    "\n"
    "Scorer specs: NAME[:key=value,...], e.g. bleu:tokenize=intl, length:unit=words,\n"
    "cmd:run=\"python3 rm.py --batch 8\" (quote a value with \"...\" or '...' to hold commas). `trenchcoat scorers`\n"
    "lists the scorers, the fields they read and their options.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat score --data pairs.jsonl --scorer length --out scored.jsonl --overwrite\n"
    "  trenchcoat meta pairs --data scored.jsonl -f text\n"
    "  trenchcoat score --data mt.tsv --fields src=source,mt=hyp,ref=reference --scorer bleu --scorer chrf --out "
    "mt.scored.tsv\n"
    "  trenchcoat score --data dataset.json --subset Natural --scorer 'cmd:run=python3 my_rm.py,as=rm'\n"
    "  trenchcoat score --data mt.jsonl --scorer bleu --shard 0/3 --out part0.jsonl   # and 1/3, 2/3\n"
    "  trenchcoat merge part0.jsonl part1.jsonl part2.jsonl --out mt.scored.jsonl\n";

}  // namespace

int run_score(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat score"};
  std::string data, out = "-", fields_spec, format_name, data_format_name, subset, empty_name = "score",
                    missing_name = "error", by, shard;
  std::vector<std::string> scorer_args;
  std::size_t batch_size = 256, window_rows = 8192;
  bool quiet = false, overwrite = false;
  double allow_failures = 0.0;
  app.add_option("--data", data, "The dataset: .jsonl (.gz), .json, .tsv or .csv (- for standard input)")->required();
  app.add_option("--scorer", scorer_args, "NAME[:key=value,...], repeatable (see `trenchcoat scorers`)")
      ->required()
      ->expected(1, -1);
  app.add_option("--out", out, "Output file (- for standard output); its name chooses the format")
      ->capture_default_str();
  app.add_flag("--overwrite", overwrite, "Replace an existing --out (never the --data file)");
  app.add_option("--fields", fields_spec,
                 "Column names: NAME=COLUMN,... with NAME one of src, mt, ref, prompt, chosen, rejected, "
                 "alternative, subset, id, system (e.g. src=source,mt=hyp,ref=reference)");
  app.add_option("--format", format_name,
                 "Output format: jsonl, json, tsv or csv (default: from --out's name, else jsonl)")
      ->check(CLI::IsMember({"jsonl", "json", "tsv", "csv"}));
  app.add_option("--data-format", data_format_name,
                 "Input format: jsonl, json, tsv or csv (default: from --data's name)")
      ->check(CLI::IsMember({"jsonl", "json", "tsv", "csv"}));
  app.add_option("--subset", subset,
                 "Subset written into preference rows that have none (default: the data file's name "
                 "without extensions)");
  app.add_option("--empty", empty_name, "Empty texts: score, skip or error")
      ->check(CLI::IsMember({"score", "skip", "error"}))
      ->capture_default_str();
  app.add_option("--missing", missing_name,
                 "Fields a row lacks or holds null: error, skip (score null) or empty (score an empty text)")
      ->check(CLI::IsMember({"error", "skip", "empty"}))
      ->capture_default_str();
  app.add_option("--allow-failures", allow_failures,
                 "Share of each scorer's items (0 to 1) that may end without a score before the exit status is 3")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--batch-size", batch_size, "Items per scorer call (0: a whole window; cmd always gets one)")
      ->capture_default_str();
  app.add_option("--window", window_rows,
                 "Rows read, scored and written at a time: memory grows with this, not with the input")
      ->check(kAtLeastOne)
      ->capture_default_str();
  app.add_option("--shard", shard,
                 "I/N: score only the rows whose 0-based index i has i % N == I, into --out (JSON Lines) with "
                 "the corpus statistics beside it in OUT.shard.jsonl, for `trenchcoat merge`");
  app.add_option("--by", by,
                 "Corpus scores per value of this field: system (the layout's system column), a column of the "
                 "data, or none (default: system when the rows have one, else none)");
  app.add_flag("-q,--quiet", quiet, "No progress bar or summary");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat score")) return 0;

  runs::ScoreDatasetRequest request;
  request.data = data;
  if (!data_format_name.empty()) request.data_format = io::parse_dataset_format(data_format_name);
  request.fields = fields_spec;
  request.subset = subset;
  request.empty = empty_name == "skip"    ? runs::EmptyTextPolicy::skip
                  : empty_name == "error" ? runs::EmptyTextPolicy::error
                                          : runs::EmptyTextPolicy::score;
  request.missing = missing_name == "skip"    ? runs::MissingFieldPolicy::skip
                    : missing_name == "empty" ? runs::MissingFieldPolicy::empty
                                              : runs::MissingFieldPolicy::error;
  request.by = by;
  request.allow_failures = allow_failures;
  request.batch_size = batch_size;
  request.window_rows = window_rows;
  request.out = out;
  if (!format_name.empty()) request.out_format = io::parse_dataset_format(format_name);
  request.overwrite = overwrite;
  try {
    if (!shard.empty()) request.shard = runs::parse_shard_slice(shard);
    runs::check_shard_request(request);
  } catch (const runs::ScoreRequestError& e) {
    throw ExitError(2, e.what());
  }
  io::check_output_files({out}, {{"--data", data}}, overwrite);  // before any work

  // Scorer specs: an unknown name or a column written twice is refused before the data is read.
  for (const auto& arg : scorer_args) {
    ScorerSpec spec = parse_scorer_spec(arg);
    const auto& entry = registry::find_scorer(spec.name);
    if (spec.column.empty()) spec.column = entry.name;
    for (const auto& other : request.scorers)
      if (other.column == spec.column)
        throw ExitError(2, "two scorers write column '" + spec.column + "': name one with as=COLUMN (e.g. " +
                               spec.name + ":as=" + spec.column + "2)");
    request.scorers.push_back({spec.name, spec.column, spec.options});
  }

  const bool progress = !quiet && ::isatty(STDERR_FILENO);
  ProgressDisplay bar(progress);
  runs::ScoreRunCallbacks callbacks;
  callbacks.start = [&bar](const std::string& label, std::size_t items) { bar.start(label, items); };
  callbacks.add = [&bar](std::size_t finished) { bar.add(finished); };
  callbacks.set = [&bar](std::size_t done) { bar.set(done); };
  callbacks.finish = [&bar] { bar.finish(); };
  runs::ScoreDatasetResult result;
  try {
    result = runs::score_dataset(request, callbacks);
  } catch (const runs::ScoreRequestError& e) {
    throw ExitError(2, e.what());
  }
  render_score_result(result, "trenchcoat score", quiet);
  return 0;
}

}  // namespace trenchcoat::cli
