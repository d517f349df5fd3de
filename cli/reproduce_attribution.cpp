// trenchcoat reproduce attribution: summaries labelled attributable or not by people, scored by the given
// scorers, each scorer's agreement with the labels (ROC AUC, Pearson, balanced accuracy) with intervals,
// beside the length and majority-class baselines.
#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "reproduce_commands.hpp"
#include "run_output.hpp"
#include "scorer_spec.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/render/attribution_render.hpp"
#include "trenchcoat/runs/attribution_run.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat reproduce attribution: do scorers tell attributable summaries from unattributable ones as people do?\n"
    "\n"
    "Data (--data-format, detected when not given):\n"
    "  rows      any JSONL, JSON, TSV or CSV file with an article, a summary and a label field (--article-field,\n"
    "            --summary-field, --label-field; defaults article, summary, label). Labels: Yes/No, true/false,\n"
    "            1/0, or any number with --threshold X (label = [value >= X]).\n"
    "  seahorse  SEAHORSE's TSV (gem_id, summary, question1..6; CSV-quoted fields with \\uXXXX escapes, decoded);\n"
    "            the label is question4 (attribution). SEAHORSE has no article text: give rows with an article\n"
    "            field, or --articles FILE (JSON Lines with gem_id and article) to join them on gem_id.\n"
    "  qags      QAGS's mturk_{cnndm,xsum}.jsonl: each summary sentence is faithful when most of its three\n"
    "            workers say yes (QAGS's majority vote); the summary is labelled attributable when every\n"
    "            sentence is faithful.\n"
    "Labels Unsure, empty or absent are left out and counted, never guessed.\n"
    "\n"
    "Scorers (--scorer SPEC, repeatable, as `trenchcoat score` takes them): the summary is the candidate and the\n"
    "article is the source, the prompt and the one reference, so ROUGE, BLEU and chrF compare the summary with\n"
    "the article (rouge:measure=p reads the share of the summary's words found in the article), a judge sees\n"
    "the article as {prompt} and the summary as {response} (examples/judges/attribution.txt asks whether all\n"
    "of the summary is supported by the article), a reward model (rm) scores the summary as a response to the\n"
    "article, and a `cmd` program gets both as JSON (the slot for a dedicated metric such as an NLI model or\n"
    "mT5-SEAHORSE). --family COLUMN=FAMILY sets the family shown (dedicated metric, NLI, judge, lexical,\n"
    "baseline); by default judge is a judge, the string metrics and ROUGE are lexical, length is a baseline and\n"
    "everything else a dedicated metric. Lower-is-better scores (TER) are negated before the statistics.\n"
    "Baselines: the summary's length in characters (unless a length scorer is given) and the majority class\n"
    "(a constant score: ROC AUC 0.5, balanced accuracy 0.5, no Pearson).\n"
    "\n"
    "Statistics per scorer, each with a percentile bootstrap interval (--bootstrap resamples of the summaries,\n"
    "the same resamples for every scorer, --seed, --confidence): ROC AUC (Mann-Whitney, ties 1/2), Pearson's r\n"
    "between score and 0/1 label, and balanced accuracy ((TPR + TNR) / 2) of [score >= t] where t is chosen on\n"
    "the other folds (--folds, stratified by label, seeded): out of sample, so choosing t cannot inflate it; the\n"
    "threshold printed is the one fitted on all summaries. Also the paired ROC AUC difference of each scorer\n"
    "against the first --scorer. For SEAHORSE attribution data the published leaderboard rows (test set) are\n"
    "shown for reference: they are not comparable with results on the validation split.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat reproduce attribution --data mturk_xsum.jsonl --scorer rouge --scorer chrf -f text\n"
    "  trenchcoat reproduce attribution --data validation.tsv.gz --articles articles.jsonl \\\n"
    "      --scorer 'cmd:run=python3 seahorse_q4.py,as=seahorse' --scorer rouge:measure=p -f text\n";

}  // namespace

int run_reproduce_attribution(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat reproduce attribution"};
  runs::AttributionRequest request;
  std::string data, format_name, format = "json", missing = "error";
  std::vector<std::string> scorer_args, family_args;
  double threshold = 0;
  bool no_length = false;
  app.add_option("--data", data, "The labelled summaries (rows, SEAHORSE TSV or QAGS JSONL; .gz read)")->required();
  app.add_option("--data-format", format_name, "Data format: rows, seahorse or qags (default: detected)")
      ->check(CLI::IsMember({"rows", "seahorse", "qags"}));
  app.add_option("--article-field", request.fields.article, "Field of the article (default article)");
  app.add_option("--summary-field", request.fields.summary, "Field of the summary (default summary)");
  app.add_option("--label-field", request.fields.label, "Field of the label (default label; seahorse: question4)");
  app.add_option("--id-field", request.fields.id,
                 "Field of the id, joined with --articles (default id; seahorse: gem_id)");
  auto* threshold_option =
      app.add_option("--threshold", threshold, "Numeric labels: label = [value >= X] (attributable when at least X)");
  app.add_option("--articles", request.fields.articles,
                 "Articles to join on the id field, for rows without an article field (JSON Lines: id and article)");
  app.add_option("--scorer", scorer_args, "Scorer spec NAME[:key=value,...][,as=COLUMN], repeatable");
  app.add_option("--family", family_args, "COLUMN=FAMILY: the family a scorer is shown under, repeatable");
  app.add_flag("--no-length", no_length, "Leave out the length baseline");
  app.add_option("--missing", missing,
                 "A summary a scorer could not score: error, or drop (left out for every scorer, counted)")
      ->check(CLI::IsMember({"error", "drop"}))
      ->capture_default_str();
  app.add_option("--bootstrap", request.options.resamples, "Bootstrap resamples")
      ->check(kAtLeastOne)
      ->capture_default_str();
  app.add_option("--confidence", request.options.confidence_level, "Interval level, in (0, 1)")
      ->check(CLI::Range(0.0, 1.0).description("in (0, 1)"))
      ->capture_default_str();
  app.add_option("--seed", request.options.seed, "Seed of the resamples and the folds")->capture_default_str();
  app.add_option("--folds", request.options.folds, "Folds the balanced-accuracy threshold is cross-fitted over")
      ->capture_default_str();
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress display");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat reproduce attribution")) return 0;

  if (request.options.folds < 2) throw ExitError(2, "--folds must be at least 2");
  if (!(request.options.confidence_level > 0.0 && request.options.confidence_level < 1.0))
    throw ExitError(2, "--confidence must lie strictly between 0 and 1");
  request.data = data;
  if (!format_name.empty()) request.format = io::parse_attribution_format(format_name);
  if (threshold_option->count() > 0) request.fields.threshold = threshold;
  for (const auto& s : scorer_args) request.scorers.push_back(parse_scorer_spec(s));
  for (const auto& f : family_args) {
    const auto eq = f.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
      throw ExitError(2, "--family '" + f + "': expected COLUMN=FAMILY");
    request.families[f.substr(0, eq)] = f.substr(eq + 1);
  }
  request.length_baseline = !no_length;
  request.drop_unscored = missing == "drop";

  TerminalProgress progress(!quiet);
  runs::AttributionResult result;
  try {
    result = runs::run_attribution(request, progress);
  } catch (const runs::RequestError& e) {
    throw ExitError(2, e.what());
  }
  print_result(
      format, [&] { return render::attribution_json(result); }, [&] { return render::attribution_document(result); },
      &json_output);
  return 0;
}

}  // namespace trenchcoat::cli
