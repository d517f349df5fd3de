// trenchcoat mtme eval: the WMT metrics-task table for one language pair of an mt-metrics-eval
// test-set directory: every metric in metric-scores/LP/ against the human scores, task by task, with
// significance clusters (--perm) and the WMT23 / WMT24 task-set averages.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/render/mtme_eval_render.hpp"
#include "trenchcoat/runs/mtme_eval_run.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::cli {

int run_mtme_eval(int argc, char** argv);

namespace {

constexpr const char* kDescription =
    "trenchcoat mtme eval: the WMT metrics-task table for one language pair of an mt-metrics-eval test-set\n"
    "directory. Every metric in metric-scores/LP/ that used the chosen reference (or none) is compared with the\n"
    "human scores, task by task, as mt-metrics-eval's tasks module does, and averaged into the WMT23 and WMT24\n"
    "task-set scores:\n"
    "  wmt23: sys pairwise accuracy, sys Pearson, seg Pearson, seg tie-calibrated acc23 per item (equal weights\n"
    "         for one language pair);\n"
    "  wmt24: sys soft pairwise accuracy (from segment scores), seg tie-calibrated acc23 per item.\n"
    "Each task value is mapped to [0, 1] by its range before averaging. With --stat, one custom task instead.\n"
    "Tie-calibrated tasks (acc23-opt) show the chosen epsilon (text: 'eps' after the value; JSON: epsilon,\n"
    "metric_tied_pairs, gold_tied_pairs). An epsilon that makes at least 99% of the pairs metric ties turns the\n"
    "value into the share of gold ties, whatever the metric: the value carries a warning (text: '!'), and the\n"
    "task-set averages that include it are flagged (JSON: flagged_tasks; text: '!' and a note).\n"
    "\n"
    "Systems: every system output except the reference used, the other references (unless --include-human),\n"
    "--exclude (e.g. the outlier systems), and systems without human scores at the task's level. A metric that\n"
    "lacks one of those systems is skipped for that task and listed under skipped_metrics.\n"
    "\n"
    "Output: JSON, or the table with -f text, csv, markdown or latex (csv: the table only, warnings on standard\n"
    "error).\n"
    "\n"
    "Example:\n"
    "  trenchcoat mtme eval --root mt-metrics-eval-v2/wmt23 --lp en-de --gold mqm --ref refA --perm 1000 -f text\n";

}  // namespace

int run_mtme_eval(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat mtme eval"};
  std::string stat_name, group_name = "none", exclude_arg, task_sets_arg = "wmt23,wmt24", format = "json";
  runs::MtmeEvalRequest request;
  std::size_t perm = 0, block_size = 100;
  app.add_option("--root", request.root, "The test-set directory (e.g. mt-metrics-eval-v2/wmt23)")->required();
  app.add_option("--lp", request.lp, "Language pair, e.g. en-de")->required();
  app.add_option("--gold", request.gold,
                 "Human score name, e.g. mqm or esa (default: mqm if present, else the only one)");
  app.add_option("--ref", request.reference,
                 "The standard reference (default: the only one); metrics that used others are left out");
  app.add_option("--level", request.level, "Only the tasks at this level: sys or seg (the task-set averages need both)")
      ->check(CLI::IsMember({"sys", "seg"}));
  app.add_option("--stat", stat_name,
                 "One custom task instead of the task sets: a `meta corr` statistic (see its --help)");
  app.add_option("--group", group_name, "With --stat: none, item or sys")
      ->check(CLI::IsMember({"none", "item", "sys"}))
      ->capture_default_str();
  app.add_option("--task-sets", task_sets_arg, "Task sets to average: wmt23, wmt24 (comma-separated)")
      ->capture_default_str();
  app.add_flag("--include-human", request.include_human, "Keep the other references as systems (human translations)");
  app.add_option("--exclude", exclude_arg, "Leave out these systems, comma-separated (e.g. the outliers)");
  app.add_option("--perm", perm,
                 "Resamples of each task's significance test between all metric pairs (0: no test, every rank 1; WMT "
                 "used 1000)")
      ->capture_default_str();
  app.add_option("--block-size", block_size,
                 "--perm: early-stopping check every N resamples (mt-metrics-eval tasks use 100)")
      ->capture_default_str();
  app.add_option("--alpha", request.significance.alpha, "--perm: p-value threshold of the significance clusters")
      ->capture_default_str();
  app.add_option("--seed", request.significance.seed, "Seed of every random draw (permutations, SPA)")
      ->capture_default_str();
  app.add_option("--spa-permutations", request.spa_permutations, "SPA: sign-flip permutations per system pair")
      ->capture_default_str();
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat mtme eval")) return 0;
  request.excluded = split_comma_list(exclude_arg);
  request.significance.resamples = perm;
  request.significance.block_size = block_size;
  if (perm > 0 && block_size == 0) throw ExitError(2, "--block-size must be at least 1");
  if (!stat_name.empty()) {
    request.statistic = meta::parse_agreement_statistic(stat_name);
    if (!request.statistic)
      throw ExitError(
          2, "unknown --stat '" + stat_name + "' (known: " + join_comma_list(meta::agreement_statistic_names()) + ")");
    request.grouping = group_name == "none"   ? meta::Grouping::none
                       : group_name == "item" ? meta::Grouping::item
                                              : meta::Grouping::sys;
  } else {
    request.task_sets = split_comma_list(task_sets_arg);
  }
  TerminalProgress progress;
  runs::MtmeEvalResult result;
  try {
    result = runs::run_mtme_eval(std::move(request), progress);
  } catch (const runs::RequestError& e) {
    throw ExitError(2, e.what());
  }
  print_result(
      format, [&] { return render::mtme_eval_json(result); }, [&] { return render::mtme_eval_document(result); },
      &json_output);
  if (format == "json" || format == "csv")
    for (const auto& t : result.tasks)
      for (const auto& m : t.metrics)
        if (!m.warning.empty())
          std::fprintf(stderr, "trenchcoat mtme eval: warning: %s in %s: %s\n", m.metric.c_str(), t.task.name.c_str(),
                       m.warning.c_str());
  return 0;
}

}  // namespace trenchcoat::cli
