// trenchcoat reproduce translation: M-RewardBench's translation experiment (EASY and HARD preference
// pairs per direction, built from rated system outputs) with any scorers, as one command over
// runs::reproduce_translation.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "progress_display.hpp"
#include "run_output.hpp"
#include "scorer_spec.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/render/reproduce_translation_render.hpp"
#include "trenchcoat/runs/reproduce_translation.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::cli {

int run_reproduce_translation(int argc, char** argv);

namespace {

constexpr const char* kDescription =
    "trenchcoat reproduce translation: M-RewardBench's translation experiment on your data. Translation\n"
    "preference pairs are built the way M-RewardBench built its translation subset from MAPLE (Gureja et al.\n"
    "2025, section 3), scored by every --scorer and the length baseline, and compared as its Table 4 does.\n"
    "\n"
    "Pairs, per direction and source segment, from the rated outputs (human score, higher is better; MQM is\n"
    "negated errors, so higher is better too):\n"
    "  EASY  the best-rated output (chosen) against the worst-rated one (rejected), when their gap is at least\n"
    "        --easy-min-gap (default 0.25, M-RewardBench's on MAPLE's 1-6 scale);\n"
    "  HARD  the best and worst output removed, the two closest-rated of the rest whose gap is at least\n"
    "        --hard-min-gap (default 0.50, M-RewardBench's); the higher-rated one is chosen.\n"
    "  Equal human scores never make a pair, nor do two identical texts; unrated outputs are left out. Outputs\n"
    "  tied for best or worst, and HARD pairs tied for the smallest gap, are drawn with --pair-seed. Then\n"
    "  --pairs-per-subset pairs (default 100, M-RewardBench's; 0: all) are drawn per direction and difficulty\n"
    "  from the segments that gave one (seeded; EASY and HARD independently). The thresholds are in the\n"
    "  score's own units: 0.25 is a quarter point of MAPLE's scale and a quarter of a minor error in MQM.\n"
    "\n"
    "Inputs (repeatable, one direction each unless said; mix them freely):\n"
    "  --mqm LP=FILE         an error-level MQM TSV (google/wmt-mqm-human-evaluation, as `mtme import-mqm` reads it)\n"
    "  --mtme LP=DIR         an mt-metrics-eval test-set directory: sources, references, system outputs and a\n"
    "                        segment-level human score file (--gold; default mqm, or the only one)\n"
    "  --maple [LP=]FILE     MAPLE JSON Lines (source, translation, system, score); rows naming their direction\n"
    "                        (lp) may hold several\n"
    "  --m-rewardbench FILE  M-RewardBench's translation rows (prompt, chosen, rejected; subset or source named\n"
    "                        translation-easy-de-en, maple-hard-en-zh, ...), taken as they are; its published\n"
    "                        accuracies (Table 4/10) are printed beside the results\n"
    "References: one system is the reference that reference-based metrics read (--reference-system; default:\n"
    "the MQM file's `ref`, or the directory's only reference; MAPLE: none) and is never a candidate. Human\n"
    "translations are not candidates either (mt-metrics-eval: references among the system outputs; MQM: systems\n"
    "named ref* or human*, or those given with --human-system) unless --include-human. The output says which.\n"
    "\n"
    "Each pair is a preference row (subset translation-DIFFICULTY-XX-YY, prompt, source, reference, chosen,\n"
    "rejected, systems and human scores), scored as `trenchcoat score` scores it (--scorer SPEC, repeatable:\n"
    "bleu, chrf, ter, comet:path=DIR, cometkiwi:path=DIR, rm:path=DIR, judge:..., cmd:...; `trenchcoat scorers`\n"
    "lists them) plus `length` (the baseline: the longer output wins). The prompt of a reward model or judge is\n"
    "--prompt-template with {source_language}, {target_language} and {source} filled.\n"
    "\n"
    "Results, as the other commands compute them: per scorer the accuracy (chosen scored above rejected) per\n"
    "direction and difficulty and over all pairs with percentile bootstrap intervals (`meta pairs --scheme plain`,\n"
    "lower-is-better scorers such as TER negated: `--direction lower`), ties counted and scored by --tie (default\n"
    "strict: a tie is wrong, as RewardBench and `meta pairs` score plain pairs); the mean of the cells "
    "(M-RewardBench's\n"
    "Avg); paired significance between every two scorers (the per-pair credit difference, paired percentile\n"
    "bootstrap; significant when the interval excludes 0); calibration of sigmoid(s_chosen - s_rejected) read as\n"
    "P(chosen better): ECE and Brier raw and after cross-fitted temperature scaling (`meta calib --scorer NAME`).\n"
    "--pairs-out FILE keeps the scored pairs, so `meta pairs` and `meta calib` can be rerun on them by hand.\n"
    "\n"
    "Output: JSON (\"kind\": \"reproduce translation\", with \"figures\" for `trenchcoat report`), or -f text,\n"
    "markdown, csv, latex.\n"
    "\n"
    "Example (WMT21 TED talks, MQM):\n"
    "  trenchcoat reproduce translation --mqm en-de=mqm_ted_ende.tsv --mqm zh-en=mqm_ted_zhen.tsv \\\n"
    "      --scorer bleu --scorer chrf --scorer ter --pairs-out ted_pairs.jsonl -f text\n";

runs::TranslationInput parse_input(runs::TranslationInputKind kind, const std::string& arg, bool direction_required) {
  runs::TranslationInput in;
  in.kind = kind;
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos) {
    if (direction_required)
      throw ExitError(2, "--" + runs::translation_input_kind_name(kind) + " '" + arg +
                             "': give the direction and the path as LP=PATH, e.g. en-de=" + arg);
    in.path = arg;
    return in;
  }
  in.direction = arg.substr(0, eq);
  in.path = arg.substr(eq + 1);
  if (in.direction.empty() || in.path.empty() || in.direction.find('-') == std::string::npos)
    throw ExitError(
        2, "--" + runs::translation_input_kind_name(kind) + " '" + arg + "': expected LP=PATH with LP like en-de");
  return in;
}

}  // namespace

int run_reproduce_translation(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat reproduce translation"};
  runs::ReproduceTranslationRequest request;
  std::vector<std::string> mqm_args, mtme_args, maple_args, mrb_args, scorer_args, human_args;
  std::string tie_name = "strict", missing_name = "error", format = "json";
  bool quiet = false;
  app.add_option("--mqm", mqm_args, "LP=FILE: an error-level MQM TSV of direction LP (repeatable)");
  app.add_option("--mtme", mtme_args, "LP=DIR: language pair LP of an mt-metrics-eval test-set directory (repeatable)");
  app.add_option("--maple", maple_args, "[LP=]FILE: MAPLE JSON Lines (repeatable)");
  app.add_option("--m-rewardbench", mrb_args, "FILE: M-RewardBench translation rows, JSON Lines (repeatable)");
  app.add_option("--reference-system", request.rated.reference_system,
                 "The reference text's system (MQM, MAPLE) or reference name (mt-metrics-eval); see above");
  app.add_option("--human-system", human_args,
                 "MQM: a human translation, not a candidate (repeatable; replaces the ref*/human* name rule)");
  app.add_flag("--include-human", request.rated.include_human, "Keep human translations among the candidates");
  app.add_option("--gold", request.rated.gold, "mt-metrics-eval: the human score name (default mqm, or the only one)");
  app.add_option("--easy-min-gap", request.pairs.easy_min_gap, "EASY: least human-score gap (M-RewardBench: 0.25)")
      ->capture_default_str();
  app.add_option("--hard-min-gap", request.pairs.hard_min_gap, "HARD: least human-score gap (M-RewardBench: 0.50)")
      ->capture_default_str();
  app.add_option("--pairs-per-subset", request.pairs.per_subset,
                 "Pairs drawn per direction and difficulty (M-RewardBench: 100; 0: every eligible pair)")
      ->capture_default_str();
  app.add_option("--pair-seed", request.pairs.seed, "Seed of the pair draws (ties for best / worst, sampling)")
      ->capture_default_str();
  app.add_option("--prompt-template", request.prompt_template,
                 "Prompt of pairs built from ratings; {source_language}, {target_language}, {source} are filled");
  app.add_option("--scorer", scorer_args,
                 "NAME[:key=value,...][,as=COLUMN] as `trenchcoat score` takes it (repeatable); the length "
                 "baseline is always added");
  app.add_option("--tie", tie_name,
                 "A scorer's tie on a pair: strict (wrong; `meta pairs`' plain default), half (1/2) or shared (1/2 "
                 "for a pair)")
      ->check(CLI::IsMember({"strict", "half", "shared"}))
      ->capture_default_str();
  app.add_option("--missing", missing_name,
                 "A pair a scorer could not score (null): error, drop (left out) or tie (a tie); counted")
      ->check(CLI::IsMember({"error", "drop", "tie"}))
      ->capture_default_str();
  app.add_option("--bootstrap", request.bootstrap, "Resamples of the accuracy and significance intervals (0: neither)")
      ->capture_default_str();
  app.add_option("--confidence", request.confidence, "Confidence level of the intervals, in (0, 1)")
      ->capture_default_str();
  app.add_option("--seed", request.seed, "Seed of the bootstrap draws")->capture_default_str();
  app.add_option("--folds", request.calibration.folds, "Calibration: cross-fitting folds (at least 2)")
      ->capture_default_str();
  app.add_option("--calibration-seed", request.calibration.seed, "Calibration: seed of the fold assignment")
      ->capture_default_str();
  app.add_option("--bins", request.calibration.bins, "Calibration: ECE bins")->capture_default_str();
  app.add_option("--batch-size", request.batch_size, "Items per scorer call")->capture_default_str();
  app.add_option("--pairs-out", request.pairs_out, "Write the scored pairs here (JSON Lines)");
  app.add_flag("--overwrite", request.overwrite, "Replace an existing --pairs-out or --json-out file");
  app.add_flag("-q,--quiet", quiet, "No progress display");
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat reproduce translation")) return 0;

  for (const auto& a : mqm_args) request.inputs.push_back(parse_input(runs::TranslationInputKind::mqm_tsv, a, true));
  for (const auto& a : mtme_args) request.inputs.push_back(parse_input(runs::TranslationInputKind::mtme, a, true));
  for (const auto& a : maple_args) request.inputs.push_back(parse_input(runs::TranslationInputKind::maple, a, false));
  for (const auto& a : mrb_args) request.inputs.push_back({runs::TranslationInputKind::m_rewardbench, a, ""});
  if (!human_args.empty()) request.rated.human_systems = human_args;
  request.tie = meta::parse_tie_policy(tie_name);
  request.missing = meta::parse_missing_policy(missing_name);
  if (request.calibration.bins < 1) throw ExitError(2, "--bins must be at least 1");
  for (const auto& arg : scorer_args) {
    ScorerSpec spec = parse_scorer_spec(arg);
    const auto& entry = registry::find_scorer(spec.name);
    request.scorers.push_back({spec.name, spec.column.empty() ? entry.name : spec.column, spec.options});
  }

  ProgressDisplay bar(!quiet && ::isatty(STDERR_FILENO));
  runs::ScoreRunCallbacks callbacks;
  callbacks.start = [&bar](const std::string& label, std::size_t items) { bar.start(label, items); };
  callbacks.add = [&bar](std::size_t finished) { bar.add(finished); };
  callbacks.set = [&bar](std::size_t done) { bar.set(done); };
  callbacks.finish = [&bar] { bar.finish(); };
  runs::ReproduceTranslationResult result;
  try {
    result = runs::reproduce_translation(request, callbacks);
  } catch (const runs::RequestError& e) {
    throw ExitError(2, e.what());
  } catch (const runs::ScoreRequestError& e) {
    throw ExitError(2, e.what());
  }
  print_result(
      format, [&] { return render::reproduce_translation_json(result); },
      [&] { return render::reproduce_translation_document(result); }, &json_output);
  return 0;
}

}  // namespace trenchcoat::cli
