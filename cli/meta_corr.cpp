// trenchcoat meta corr: how well metric scores agree with gold scores (mt-metrics-eval score files),
// with permutation significance and cluster ranks (--perm) and bootstrap intervals (--bootstrap).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "score_file_inputs.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/render/meta_corr_render.hpp"
#include "trenchcoat/runs/meta_corr_run.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat meta corr: how well metric scores agree with gold (human) scores, computed as mt-metrics-eval\n"
    "computes it, with permutation significance and cluster ranks (--perm) and bootstrap intervals (--bootstrap).\n"
    "\n"
    "Files are mt-metrics-eval score files: one 'SYSTEM SCORE' line per item (segment, document, or the one\n"
    "system-level item), the items of a system in order, one block per system. Gold may say None for a missing\n"
    "score (left out, as mt-metrics-eval does); a None in a metric file is an error unless --missing drop, which\n"
    "leaves that (system, item) out for every metric and reports the count. Every system with gold scores must\n"
    "be in every metric file (metric files may have more systems: they are ignored). Systems whose gold is\n"
    "missing everywhere are left out and reported.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat meta corr --gold en-de.mqm.sys.score --metric BLEU=BLEU-refA.sys.score --stat pearson\n"
    "  trenchcoat meta corr --gold en-de.mqm.seg.score --metric A=a.seg.score --metric B=b.seg.score \\\n"
    "      --stat acc23-opt --group item --perm 1000 --seed 7 -f text\n"
    "\n"
    "Output (JSON, or tables with -f text, csv, markdown or latex): one row per metric with the value and the\n"
    "groups (or pairs) used; with --perm the rows are sorted by value and carry a significance-cluster rank, and\n"
    "the p-value matrix follows; with --bootstrap each row carries a percentile confidence interval. Groups that "
    "mt-metrics-eval\n"
    "leaves out (fewer than two gold scores, or an undefined statistic such as the Pearson of a constant\n"
    "group) are counted in groups_skipped.\n"
    "\n"
    "acc23-opt / tau23-opt report the chosen epsilon, the pairs it makes metric ties and the gold ties (JSON:\n"
    "epsilon, metric_tied_pairs, gold_tied_pairs; text: the epsilon and '% tied' columns). mt-metrics-eval's\n"
    "candidates include the largest metric difference, which ties every pair; where most gold pairs are ties\n"
    "(MQM segments without errors) that can win, and the value is then the share of gold ties for any metric.\n"
    "A value whose epsilon ties at least 99% of the pairs carries a warning (JSON: warning; text: after the\n"
    "table; csv: on standard error).\n"
    "\n"
    "--points adds to the JSON every (system, item) entry with a gold score: its gold score and each metric's\n"
    "score (\"points\"), which `trenchcoat report` draws as a scatter of each metric against the gold scores.\n";

constexpr const char* kStatisticHelp =
    "pearson, spearman, kendall-b, kendall-c (scipy, averaged over groups with the mean p-value), tau23, acc23 "
    "(Deutsch et al. 2023; metric ties within --epsilon), acc23-opt / tau23-opt (tie-calibrated: the best metric "
    "epsilon is found and reported), weighted-tau (scipy weightedtau), kendall-like (WMT DARR; "
    "--kendall-like-threshold), pairwise-acc (system pairs ordered alike; --group none), spa (soft pairwise "
    "accuracy = 1 - PCE, from segment-level files; --spa-permutations)";

}  // namespace

int run_meta_corr(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat meta corr"};
  std::string gold_path, level = "seg", stat_name = "pearson", group_name = "none", systems_arg, exclude_arg,
                         format = "json";
  std::vector<std::string> metric_args;
  double epsilon = 0.0, kendall_like_threshold = 0.0, alpha = 0.05, confidence = 0.95;
  double early_min = 0.02, early_max = 0.5;
  std::size_t perm = 0, bootstrap = 0, block_size = 1000, spa_permutations = 1000;
  std::uint64_t seed = 0;
  bool spa_exact = false, williams = false, points = false;
  app.add_option("--gold", gold_path, "Gold scores (e.g. human-scores/en-de.mqm.seg.score)")->required();
  app.add_option("--metric", metric_args, "NAME=FILE, repeatable (e.g. BLEU=metric-scores/en-de/BLEU-refA.seg.score)")
      ->required()
      ->expected(1, -1);
  app.add_option("--level", level,
                 "sys, seg, doc or domain: reported with the result (the files decide what an item is)")
      ->check(CLI::IsMember({"sys", "seg", "doc", "domain"}))
      ->capture_default_str();
  app.add_option("--stat", stat_name, kStatisticHelp)->capture_default_str();
  app.add_option("--group", group_name,
                 "none (one pooled correlation; the only choice at system level), item (one correlation per item "
                 "over the systems, averaged), sys (one per system over the items, averaged)")
      ->check(CLI::IsMember({"none", "item", "sys"}))
      ->capture_default_str();
  app.add_option("--epsilon", epsilon, "tau23 / acc23: metric scores within epsilon count as a tie")
      ->capture_default_str();
  app.add_option("--kendall-like-threshold", kendall_like_threshold,
                 "kendall-like: smallest gold difference for a pair to count (WMT used 25 for raw DA)")
      ->capture_default_str();
  app.add_option("--systems", systems_arg, "Only these systems, comma-separated");
  app.add_option("--exclude", exclude_arg, "Leave out these systems, comma-separated (e.g. outliers or references)");
  app.add_option("--perm", perm,
                 "Significance: K resamples of the permutation test for every pair of metrics (PERM-BOTH; the "
                 "pairwise permutation test for acc23-opt / tau23-opt), then significance clusters (0: no test)")
      ->capture_default_str();
  app.add_option("--block-size", block_size,
                 "--perm: early-stopping check every N resamples (N >= K: never stop early)")
      ->capture_default_str();
  app.add_option("--early-min", early_min, "--perm: stop early when p < this at a check")->capture_default_str();
  app.add_option("--early-max", early_max, "--perm: stop early when p > this at a check")->capture_default_str();
  app.add_option("--alpha", alpha, "--perm: a p-value at or below this separates two significance clusters")
      ->capture_default_str();
  app.add_option("--bootstrap", bootstrap,
                 "B resamples of the items (with replacement) for a percentile confidence interval (0: none)")
      ->capture_default_str();
  app.add_option("--confidence", confidence, "--bootstrap: confidence level of the interval")->capture_default_str();
  app.add_flag("--williams", williams,
               "Williams test (one-sided) between every pair of metrics, as mt-metrics-eval's WilliamsSigDiff: "
               "meant for Pearson; n counts missing gold entries too");
  app.add_flag("--points", points,
               "JSON: also write every (system, item) entry's gold and metric scores (\"points\"), which "
               "`trenchcoat report` draws as scatter plots");
  app.add_option("--seed", seed, "Seed of every random draw (--perm, --bootstrap, spa); reported in the output")
      ->capture_default_str();
  app.add_option("--spa-permutations", spa_permutations, "spa: sign-flip permutations per system pair")
      ->capture_default_str();
  app.add_flag("--spa-exact", spa_exact, "spa: enumerate every sign vector (at most 24 segments)");
  std::string missing_name = "error";
  app.add_option("--missing", missing_name,
                 "A missing (None) metric score: error, or drop (the entry is left out for every metric, as "
                 "mt-metrics-eval leaves out a missing gold score); tie is refused (no value ties a score with all "
                 "others)")
      ->capture_default_str();
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta corr")) return 0;
  runs::MetaCorrSettings settings;
  try {
    settings.missing = meta::parse_missing_policy(missing_name);
  } catch (const Error& e) {
    throw ExitError(2, std::string("--missing: ") + e.what());
  }
  const auto statistic = meta::parse_agreement_statistic(stat_name);
  if (!statistic) {
    std::string known;
    for (const auto& n : meta::agreement_statistic_names()) known += (known.empty() ? "" : ", ") + n;
    throw ExitError(2, "unknown --stat '" + stat_name + "' (known: " + known + ")");
  }
  settings.statistic = *statistic;
  settings.options.grouping = group_name == "none"   ? meta::Grouping::none
                              : group_name == "item" ? meta::Grouping::item
                                                     : meta::Grouping::sys;
  settings.options.metric_epsilon = epsilon;
  settings.options.kendall_like_threshold = kendall_like_threshold;
  settings.options.spa.method = spa_exact ? meta::SpaMethod::exact : meta::SpaMethod::monte_carlo;
  settings.options.spa.permutations = spa_permutations;
  settings.options.spa.seed = seed;
  settings.level = level;
  settings.significance = {perm, block_size, early_min, early_max, alpha, seed};
  settings.bootstrap = bootstrap;
  settings.confidence = confidence;
  settings.williams = williams;
  settings.points = points;
  settings.seed = seed;
  try {
    runs::check_meta_corr_settings(settings);
  } catch (const runs::RequestError& e) {
    throw ExitError(2, e.what());
  }

  GoldAndMetrics inputs = read_gold_and_metrics(gold_path, metric_args, systems_arg, exclude_arg, settings.missing);
  runs::MetaCorrRequest request{settings, gold_path, std::move(inputs.gold), std::move(inputs.without_gold), {}};
  std::vector<std::string> names;  // as given: JSON warnings go to stderr in this order
  for (auto& m : inputs.metrics) {
    names.push_back(m.name);
    request.metrics.push_back({m.name, std::move(m.table)});
  }
  TerminalProgress progress;
  const runs::MetaCorrResult result = runs::run_meta_corr(std::move(request), progress);
  print_result(
      format, [&] { return render::meta_corr_json(result); }, [&] { return render::meta_corr_document(result); },
      &json_output);
  if (format == "json" || format == "csv")
    for (const auto& name : names)
      for (const auto& row : result.rows)
        if (row.metric == name && !row.warning.empty())
          std::fprintf(stderr, "trenchcoat meta corr: warning: %s: %s\n", row.metric.c_str(), row.warning.c_str());
  return 0;
}

}  // namespace trenchcoat::cli
