// trenchcoat probe: does a scorer prefer a good output to a deliberately worse variant of it?
// (truncation, shuffles, repetition, padding, negation, numbers, entities,
// untranslated source, sycophancy, formatting, empty answers).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "scorer_spec.hpp"
#include "subcommands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/probes/probe.hpp"
#include "trenchcoat/render/probe_render.hpp"
#include "trenchcoat/runs/probe_run.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat probe: make a worse variant of every good output with each probe, score original and variant\n"
    "with each scorer, and report how often the scorer fails to prefer the original.\n"
    "\n"
    "Data: as `trenchcoat score` reads it (JSONL, JSON, TSV, CSV; --fields maps columns). The good output is the\n"
    "candidate of pointwise rows (e.g. a reference translation in the mt column, scored against another\n"
    "reference) or the chosen completion of preference rows. The source (translation) and prompt (dialogue) are\n"
    "passed to the probes and the scorers. --language (or a 'language' / 'lang' column, or an 'lp' column such as\n"
    "en-de, whose target side is taken) tells language-specific probes the output's language.\n"
    "\n"
    "Probes (--probes, comma-separated; default all):\n"
    "%PROBES%"
    "A probe that does not apply to an item (no number to change, no rules for its language, no source) skips it;\n"
    "skips are counted per reason, never counted as passes.\n"
    "\n"
    "Per probe and scorer: failure rate = share of items whose variant scores at least as well as the original\n"
    "(by the scorer's direction; for a pairwise scorer, P(variant preferred over original) >= 1/2), the mean\n"
    "score shift (variant - original, in the scorer's units; pairwise: P - 1/2), and percentile bootstrap\n"
    "intervals of both (items resampled, --bootstrap resamples, --seed). Items a scorer could not score (NaN\n"
    "with an issue) are counted as unscored and left out of its figures.\n"
    "\n"
    "Rows are read, probed, scored and written --window rows at a time (a .json list is read whole); the run keeps\n"
    "one number per scored item, probe and scorer (for the bootstrap), not the rows, and every output is the same\n"
    "whatever the window. --variants is written to a temporary file and renamed into place at the end.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat probe --data refs.tsv --scorer bleu --scorer chrf --scorer ter --scorer length --language de -f "
    "text\n"
    "  trenchcoat probe --data pairs.jsonl --scorer 'rm:path=models/deberta-rm' --probes "
    "sycophancy,format-only,empty\n";

std::string description() {
  std::string list;
  for (const auto& name : probes::probe_names()) {
    const auto probe = probes::make_probe(name);
    std::string line = "  " + name;
    line.resize(std::max<std::size_t>(line.size() + 1, 23), ' ');
    line += probe->info().description;
    if (!probe->info().languages.empty()) line += " [" + join_comma_list(probe->info().languages, ", ") + "]";
    if (probe->info().needs_source) line += " [translation data]";
    list += line + "\n";
  }
  std::string text = kDescription;
  text.replace(text.find("%PROBES%"), 8, list);
  return text;
}

}  // namespace

int run_probe(int argc, char** argv) {
  CLI::App app{description(), "trenchcoat probe"};
  std::string data, fields_spec, probes_arg, language, language_field, variants_path, format = "json";
  std::vector<std::string> scorer_args;
  std::uint64_t seed = 0;
  std::size_t bootstrap = 1000, window_rows = 8192;
  double confidence = 0.95;
  bool overwrite = false;
  app.add_option("--data", data, "The dataset: .jsonl (.gz), .json, .tsv or .csv")->required();
  app.add_option("--scorer", scorer_args, "NAME[:key=value,...], repeatable (see `trenchcoat scorers`)")
      ->required()
      ->expected(1, -1);
  app.add_option("--probes", probes_arg, "Probes to run, comma-separated (default: all)");
  app.add_option("--seed", seed, "Seed of the probes' random choices and of the bootstrap")->capture_default_str();
  app.add_option("--language", language, "The outputs' language (ISO 639-1, e.g. en, de, zh) for every row");
  app.add_option("--language-field", language_field, "Column holding each row's output language");
  app.add_option("--fields", fields_spec, "Column names: NAME=COLUMN,... as for `trenchcoat score`");
  app.add_option("--bootstrap", bootstrap, "Bootstrap resamples for the intervals")->capture_default_str();
  app.add_option("--confidence", confidence, "Confidence level of the intervals")->capture_default_str();
  app.add_option("--variants", variants_path,
                 "Also write every variant (JSON Lines: probe, line, id, original, variant)");
  app.add_flag("--overwrite", overwrite, "Replace an existing --variants or --json-out file (never the --data file)");
  app.add_option("--window", window_rows,
                 "Rows read, probed, scored and written at a time (the results do not depend on it)")
      ->check(kAtLeastOne)
      ->capture_default_str();
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat probe")) return 0;
  if (bootstrap == 0) throw ExitError(2, "--bootstrap must be at least 1");
  if (!(confidence > 0 && confidence < 1)) throw ExitError(2, "--confidence must lie between 0 and 1");

  runs::ProbeRequest request;
  request.data = data;
  request.fields = fields_spec;
  for (const auto& arg : scorer_args) {
    const ScorerSpec spec = parse_scorer_spec(arg);
    request.scorers.push_back({spec.name, spec.column.empty() ? spec.name : spec.column, spec.options});
  }
  request.probes = split_comma_list(probes_arg);
  if (!probes_arg.empty() && request.probes.empty()) throw ExitError(2, "--probes names no probe");
  request.language = language;
  request.language_field = language_field;
  request.seed = seed;
  request.bootstrap = bootstrap;
  request.confidence = confidence;
  request.window_rows = window_rows;
  request.variants_out = variants_path;
  request.overwrite = overwrite;
  runs::ProbeResult result;
  try {
    result = runs::run_probe(request);
  } catch (const runs::RequestError& e) {
    throw ExitError(2, e.what());
  }
  print_result(
      format, [&] { return render::probe_json(result); }, [&] { return render::probe_document(result); }, &json_output);
  return 0;
}

}  // namespace trenchcoat::cli
