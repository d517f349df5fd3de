// trenchcoat meta pairs: preference accuracy (plain, RewardBench v1 / 2, M-RewardBench) with an explicit tie policy,
// for every scorer in the file side by side.
#include <CLI/CLI.hpp>

#include <string>

#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/runs/preference_rows.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"
#include "trenchcoat/render/pairs_render.hpp"
#include "trenchcoat/runs/pairs_run.hpp"

namespace trenchcoat::cli {

int run_meta_pairs(int argc, char** argv) {
  CLI::App app{
      "trenchcoat meta pairs: preference accuracy of scorers (reward models, metrics, judges) on pairs or best-of-n\n"
      "lists of completions, every scorer in the file side by side, with the tie policy always explicit and printed.\n"
      "\n"
      "Input: JSON Lines, one example per row, with an id, a subset and the scores: a list whose first entry is\n"
      "the chosen (correct) completion's (`scores`, RewardBench 2 style), or a chosen and a rejected score\n"
      "(NAME.chosen/NAME.rejected, score_chosen/score_rejected, ...; or named with --chosen and --rejected), or a\n"
      "pairwise scorer's NAME.preference, the probability that the chosen is preferred. Every scorer found in the\n"
      "first row is evaluated (--scorer NAME, repeatable, picks some), each with one result.\n"
      "\n"
      "Schemes (--scheme; by default chosen from the subsets, and printed): plain (the accuracy over all examples\n"
      "and per subset, with percentile bootstrap intervals: --bootstrap, --confidence, --seed; the default unless\n"
      "a subset is RewardBench's), rewardbench (v1: per-subset accuracy, weighted into the sections Chat, Chat\n"
      "Hard, Safety, Reasoning, plus prior sets if present), rewardbench2 (best of n per subset, the Ties\n"
      "composite, mean of six), m-rewardbench (v1 sections per language, averaged over languages).\n"
      "\n"
      "Missing scores (null: the scorer could not score the row, e.g. a failed judge request): an error naming the\n"
      "file and line by default; --missing drop leaves those rows out, --missing tie counts them as ties (scored by\n"
      "the tie policy). Every result says how many rows the policy touched.\n"
      "\n"
      "Both orders: for a pairwise judge whose output has NAME.preference_ab and NAME.preference_ba (its verdict\n"
      "with the chosen shown first and second, as `trenchcoat score` writes them), the result adds LLMBar's\n"
      "statistics: positional agreement (the share of pairs whose two verdicts agree), accuracy correct in both\n"
      "orders, and the accuracy in each order and their average; overall and per subset.\n"
      "\n"
      "Length bias (pairs only), printed after the result: the accuracy of the length baseline (prefer the longer\n"
      "completion, same tie policy) overall and per subset, the scorer's accuracy where the chosen completion is\n"
      "shorter / longer / as long, the mean lengths, and Pearson and Kendall tau-b of the scores with length over\n"
      "all completions. Lengths come from the columns length.chosen / length.rejected (--length-scorer), else from\n"
      "the rows' completion texts (as `trenchcoat score` reads them; --length-unit, default Unicode code points);\n"
      "without either the output says so.\n"
      "\n"
      "Output (json): one scorer's result as an object; several scorers as {\"scorers\": [result, ...]}; -f text,\n"
      "csv (the tables only), markdown or latex: the tables.\n"
      "\n"
      "Examples:\n"
      "  trenchcoat meta pairs --data scored.jsonl -f text\n"
      "  trenchcoat meta pairs --data judged.jsonl --scorer judge --missing drop -f text\n"
      "  trenchcoat meta pairs --data scored.jsonl --scorer ter --direction lower -f text\n"
      "  trenchcoat meta pairs --data rb2.jsonl --scheme rewardbench2 --tie half\n",
      "trenchcoat meta pairs"};
  std::string scheme_name = "auto", tie_name, format = "json", missing_name = "error";
  runs::PairsRequest request;
  runs::PreferenceFields& fields = request.fields;
  runs::PreferenceLengthFields& length_fields = request.length_fields;
  app.add_option("--data", request.data, "Scored examples, JSON Lines (.gz allowed; - for standard input)")->required();
  app.add_option(
         "--scheme", scheme_name,
         "auto (rewardbench when a subset is RewardBench's, else plain; see above), plain (accuracy overall and "
         "per subset), rewardbench (v1: sections Chat, Chat Hard, Safety, Reasoning), rewardbench2, m-rewardbench")
      ->check(CLI::IsMember({"auto", "plain", "rewardbench", "rewardbench2", "m-rewardbench"}))
      ->capture_default_str();
  app.add_option(
         "--tie", tie_name,
         "Tie policy: strict (a tie is wrong; the plain and RewardBench v1 default), shared (1/k for k tied at "
         "the top; RewardBench 2 default), half (1/2), calibrated (scores within a margin are a tie, right only "
         "when the row's gold says tie (--tie-field); the margin maximising accuracy is found and printed)")
      ->check(CLI::IsMember({"strict", "shared", "half", "calibrated"}));
  app.add_option(
         "--missing", missing_name,
         "A null score: error (stop, naming file and line), drop (leave the row out) or tie (count it as a tie); "
         "the count is reported")
      ->check(CLI::IsMember({"error", "drop", "tie"}))
      ->capture_default_str();
  app.add_option("--scorer", request.scorers,
                 "Scorer column NAME of `trenchcoat score` output: NAME.chosen / NAME.rejected, or NAME.preference; "
                 "repeatable (default: every scorer in the first row)");
  app.add_option("--scores", fields.scores, "List field of scores, chosen first (default: detected)");
  app.add_option("--chosen", fields.chosen, "Field of the chosen completion's score (with --rejected)");
  app.add_option("--rejected", fields.rejected, "Field of the rejected completion's score");
  app.add_option("--tie-field", fields.tie, "Boolean field: true when the gold calls the pair a tie")
      ->capture_default_str();
  app.add_option("--subset-field", fields.subset, "Field naming the subset")->capture_default_str();
  app.add_option("--language-field", fields.language, "Field naming the language (m-rewardbench)")
      ->capture_default_str();
  app.add_option("--bootstrap", request.bootstrap, "plain: resamples for the percentile intervals (0: none)")
      ->capture_default_str();
  app.add_option("--confidence", request.confidence, "plain: confidence level of the intervals, in (0, 1)")
      ->capture_default_str();
  app.add_option("--seed", request.seed, "plain: seed of the bootstrap draws (printed with the result)")
      ->capture_default_str();
  app.add_option("--length-scorer", length_fields.scorer,
                 "Length columns NAME.chosen / NAME.rejected (`trenchcoat score --scorer length`); without them the "
                 "lengths are measured on the completion texts of the rows")
      ->capture_default_str();
  app.add_option("--length-unit", length_fields.unit,
                 "Unit of lengths measured on the texts: chars (Unicode code points), words (str.split()) or bytes")
      ->check(CLI::IsMember({"chars", "words", "bytes"}))
      ->capture_default_str();
  std::string direction = "higher";
  app.add_option("--direction", direction,
                 "higher or lower: lower-is-better scores (e.g. TER) are negated, so the chosen must score lower; "
                 "applies to every scorer read (run lower-is-better scorers in a call of their own)")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->capture_default_str();
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta pairs")) return 0;
  request.lower_is_better = direction == "lower";
  if (!(request.confidence > 0.0 && request.confidence < 1.0))
    throw ExitError(2, "--confidence must lie strictly between 0 and 1");
  fields.missing = meta::parse_missing_policy(missing_name);
  if (scheme_name != "auto") request.scheme = meta::parse_preference_scheme(scheme_name);
  if (!tie_name.empty()) request.tie = meta::parse_tie_policy(tie_name);
  const runs::PairsResult result = runs::run_pairs(request);
  print_result(
      format, [&] { return render::pairs_json(result); }, [&] { return render::pairs_document(result); }, &json_output);
  return 0;
}

}  // namespace trenchcoat::cli
