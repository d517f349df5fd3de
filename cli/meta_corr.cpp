// trenchcoat meta corr: how well metric scores agree with gold scores (mt-metrics-eval score files),
// with permutation significance and cluster ranks (--perm) and bootstrap intervals (--bootstrap).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "progress_display.hpp"
#include "score_file_inputs.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/paired_bootstrap.hpp"
#include "trenchcoat/meta/williams_test.hpp"
#include "trenchcoat/text/number_format.hpp"

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
    "Output (JSON, or a table with -f text): one row per metric with the value and the groups (or pairs) used;\n"
    "with --perm the rows are sorted by value and carry a significance-cluster rank, and the p-value matrix\n"
    "follows; with --bootstrap each row carries a percentile confidence interval. Groups that mt-metrics-eval\n"
    "leaves out (fewer than two gold scores, or an undefined statistic such as the Pearson of a constant\n"
    "group) are counted in groups_skipped.\n"
    "\n"
    "acc23-opt / tau23-opt report the chosen epsilon, the pairs it makes metric ties and the gold ties (JSON:\n"
    "epsilon, metric_tied_pairs, gold_tied_pairs; text: the epsilon and '% tied' columns). mt-metrics-eval's\n"
    "candidates include the largest metric difference, which ties every pair; where most gold pairs are ties\n"
    "(MQM segments without errors) that can win, and the value is then the share of gold ties for any metric.\n"
    "A value whose epsilon ties at least 99% of the pairs carries a warning (JSON: warning; text: after the\n"
    "table).\n";

constexpr const char* kStatisticHelp =
    "pearson, spearman, kendall-b, kendall-c (scipy, averaged over groups with the mean p-value), tau23, acc23 "
    "(Deutsch et al. 2023; metric ties within --epsilon), acc23-opt / tau23-opt (tie-calibrated: the best metric "
    "epsilon is found and reported), weighted-tau (scipy weightedtau), kendall-like (WMT DARR; "
    "--kendall-like-threshold), pairwise-acc (system pairs ordered alike; --group none), spa (soft pairwise "
    "accuracy = 1 - PCE, from segment-level files; --spa-permutations)";

nlohmann::ordered_json value_json(const meta::AgreementValue& v) {
  nlohmann::ordered_json j;
  j["value"] = v.value;
  j["groups"] = v.groups;
  if (v.groups_skipped > 0) j["groups_skipped"] = v.groups_skipped;
  if (v.p_value_mean) j["p_value_mean"] = *v.p_value_mean;
  if (v.epsilon) j["epsilon"] = *v.epsilon;
  if (v.pairs) j["pairs"] = *v.pairs;
  if (v.metric_tied_pairs) j["metric_tied_pairs"] = *v.metric_tied_pairs;
  if (v.gold_tied_pairs) j["gold_tied_pairs"] = *v.gold_tied_pairs;
  if (const std::string w = meta::tie_calibration_warning(v); !w.empty()) j["warning"] = w;
  if (v.agreeing_pairs) j["agree"] = *v.agreeing_pairs;
  if (v.spa) {
    j["spa"] = {{"p_human", v.spa->p_human},           {"p_metric", v.spa->p_metric},
                {"items_used", v.spa->num_items_used}, {"items_dropped", v.spa->items_dropped},
                {"permutations", v.spa->permutations}, {"exact", v.spa->exact}};
    if (!v.spa->exact) j["spa"]["seed"] = v.spa->seed;
  }
  return j;
}

std::string fixed(double v) { return std::isnan(v) ? "nan" : text::format_fixed(v, 4); }

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
  bool spa_exact = false, williams = false;
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
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta corr")) return 0;
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  try {
    missing = meta::parse_missing_policy(missing_name);
  } catch (const Error& e) {
    throw ExitError(2, std::string("--missing: ") + e.what());
  }
  if (missing == meta::MissingPolicy::tie)
    throw ExitError(2,
                    "--missing tie has no meaning for meta corr: a correlation cannot tie one missing metric score "
                    "with all the others; use --missing drop (the entry is left out, as a missing gold score is)");

  const auto statistic = meta::parse_agreement_statistic(stat_name);
  if (!statistic) {
    std::string known;
    for (const auto& n : meta::agreement_statistic_names()) known += (known.empty() ? "" : ", ") + n;
    throw ExitError(2, "unknown --stat '" + stat_name + "' (known: " + known + ")");
  }
  meta::AgreementOptions options;
  options.grouping = group_name == "none"   ? meta::Grouping::none
                     : group_name == "item" ? meta::Grouping::item
                                            : meta::Grouping::sys;
  options.metric_epsilon = epsilon;
  options.kendall_like_threshold = kendall_like_threshold;
  options.spa.method = spa_exact ? meta::SpaMethod::exact : meta::SpaMethod::monte_carlo;
  options.spa.permutations = spa_permutations;
  options.spa.seed = seed;
  if ((*statistic == meta::AgreementStatistic::pairwise_accuracy ||
       *statistic == meta::AgreementStatistic::soft_pairwise_accuracy) &&
      options.grouping != meta::Grouping::none)
    throw ExitError(2, stat_name + " compares systems over all their scores: use it with --group none");
  if (epsilon != 0.0 && *statistic != meta::AgreementStatistic::tau23 && *statistic != meta::AgreementStatistic::acc23)
    throw ExitError(2, "--epsilon applies to tau23 and acc23 only");
  const auto significance = meta::significance_setup(*statistic, options);
  if (perm > 0 && !significance) throw ExitError(2, "--perm is not available for --stat " + stat_name);
  const auto resampled_statistic = meta::grouped_statistic(*statistic);
  if (bootstrap > 0 && !resampled_statistic)
    throw ExitError(
        2, "--bootstrap is available for pearson, spearman, kendall-b, kendall-c, tau23, acc23 and weighted-tau");
  if (williams && !resampled_statistic)
    throw ExitError(
        2, "--williams is available for pearson, spearman, kendall-b, kendall-c, tau23, acc23 and weighted-tau");
  if (!(alpha > 0 && alpha < 1) || !(confidence > 0 && confidence < 1))
    throw ExitError(2, "--alpha and --confidence must lie between 0 and 1");
  if (perm > 0 && block_size == 0) throw ExitError(2, "--block-size must be at least 1");

  GoldAndMetrics inputs = read_gold_and_metrics(gold_path, metric_args, systems_arg, exclude_arg, missing);
  // --missing drop: an entry (system, item) whose score is missing in any metric file is left out for
  // every metric, by making its gold score missing, so that all metrics are compared on the same entries.
  std::vector<std::size_t> missing_per_metric(inputs.metrics.size(), 0);
  std::size_t entries_dropped = 0;
  if (missing == meta::MissingPolicy::drop) {
    for (std::size_t s = 0; s < inputs.gold.num_systems(); ++s)
      for (std::size_t i = 0; i < inputs.gold.num_items(); ++i) {
        bool any = false;
        for (std::size_t m = 0; m < inputs.metrics.size(); ++m)
          if (meta::is_missing(inputs.metrics[m].table.value(s, i))) {
            ++missing_per_metric[m];
            any = true;
          }
        if (any) {
          ++entries_dropped;
          inputs.gold.set(s, i, std::nan(""));
        }
      }
  }
  const meta::ScoreTable& gold = inputs.gold;
  const std::vector<MetricScores>& metrics = inputs.metrics;
  const std::vector<std::string>& without_gold = inputs.without_gold;
  std::vector<meta::AgreementValue> values;
  for (const auto& m : metrics) values.push_back(meta::compute_agreement(gold, m.table, *statistic, options));

  // Row order: as given, or with --perm by decreasing value (the comparison's order).
  std::vector<std::size_t> order(metrics.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::optional<meta::MetricComparison> comparison;
  ProgressDisplay bar(::isatty(STDERR_FILENO));  // resampling progress, on a terminal only
  if (perm > 0) {
    std::vector<std::span<const double>> spans;
    std::vector<std::string> names;
    for (const auto& m : metrics) {
      spans.emplace_back(m.table.values());
      names.push_back(m.name);
    }
    meta::PermutationOptions permutation;
    permutation.resamples = perm;
    permutation.block_size = block_size;
    permutation.early_min = early_min;
    permutation.early_max = early_max;
    permutation.seed = seed;
    permutation.progress = [&bar](std::size_t done, std::size_t) { bar.set(done); };
    bar.start("permutations", metrics.size() * (metrics.size() - 1) / 2 * perm, "resamples");
    comparison = meta::compare_metrics(gold.values(), spans, names, gold.num_systems(), gold.num_items(),
                                       significance->measure, significance->test, permutation, alpha);
    bar.finish();
    for (std::size_t i = 0; i < comparison->names.size(); ++i)
      order[i] = static_cast<std::size_t>(std::find(names.begin(), names.end(), comparison->names[i]) - names.begin());
  }
  std::vector<std::optional<meta::BootstrapCorrelation>> intervals(metrics.size());
  if (bootstrap > 0) {
    meta::BootstrapOptions b;
    b.resamples = bootstrap;
    b.confidence_level = confidence;
    b.seed = seed;
    b.average.metric_epsilon = epsilon;
    b.progress = [&bar](std::size_t done, std::size_t) { bar.set(done); };
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      bar.start("bootstrap " + metrics[i].name, bootstrap, "resamples");
      intervals[i] = meta::bootstrap_correlation(gold, metrics[i].table, options.grouping, *resampled_statistic, b);
    }
    bar.finish();
  }

  // Williams p-values between the rows, in output order.
  std::vector<std::vector<double>> williams_p;
  if (williams) {
    williams_p.assign(order.size(), std::vector<double>(order.size(), 0.0));
    meta::AverageOptions average;
    average.metric_epsilon = epsilon;
    for (std::size_t a = 0; a < order.size(); ++a)
      for (std::size_t b = a + 1; b < order.size(); ++b)
        williams_p[a][b] = meta::williams_sig_diff(gold, metrics[order[a]].table, metrics[order[b]].table,
                                                   options.grouping, *resampled_statistic, average)
                               .p_value;
  }

  nlohmann::ordered_json out;
  out["statistic"] = stat_name;
  out["level"] = level;
  out["group"] = group_name;
  out["gold"] = gold_path;
  out["systems"] = gold.num_systems();
  out["items"] = gold.num_items();
  if (!without_gold.empty()) out["systems_without_gold"] = without_gold;
  out["missing"] = {{"policy", meta::missing_policy_name(missing)}, {"entries_dropped", entries_dropped}};
  out["metrics"] = nlohmann::ordered_json::array();
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t i = order[r];
    nlohmann::ordered_json row = {{"metric", metrics[i].name}};
    row.update(value_json(values[i]));
    if (missing == meta::MissingPolicy::drop) row["missing_scores"] = missing_per_metric[i];
    if (comparison) row["rank"] = comparison->ranks[r];
    if (intervals[i])
      row["interval"] = {intervals[i]->correlation.interval.lower, intervals[i]->correlation.interval.upper};
    out["metrics"].push_back(row);
  }
  if (comparison) {
    out["significance"] = {
        {"test", significance->test == meta::SignificanceTest::scores ? "PERM-BOTH" : "pairwise permutation"},
        {"resamples", perm},
        {"block_size", block_size},
        {"early_stop", {early_min, early_max}},
        {"alpha", alpha},
        {"seed", seed},
        {"meaning",
         "p_values[i][j] (j > i): p-value of 'metric i is better than metric j', metrics "
         "in the order of 'metrics'"},
        {"p_values", comparison->p_values},
        {"resamples_done", comparison->resamples_done}};
  }
  if (williams)
    out["williams"] = {{"meaning",
                        "p_values[i][j] (j > i): one-sided Williams test p-value of the difference between "
                        "metrics i and j (symmetric), metrics in the order of 'metrics'"},
                       {"p_values", williams_p}};
  if (bootstrap > 0)
    out["bootstrap"] = {{"resamples", bootstrap},
                        {"confidence", confidence},
                        {"seed", seed},
                        {"method", "percentile, items resampled with replacement"}};
  if (*statistic == meta::AgreementStatistic::soft_pairwise_accuracy && !spa_exact) out["spa_seed"] = seed;

  if (format == "json") {
    std::fputs((out.dump(2) + "\n").c_str(), stdout);
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (const std::string w = meta::tie_calibration_warning(values[i]); !w.empty())
        std::fprintf(stderr, "trenchcoat meta corr: warning: %s: %s\n", metrics[i].name.c_str(), w.c_str());
    return 0;
  }
  std::string text = std::to_string(gold.num_systems()) + " systems x " + std::to_string(gold.num_items()) +
                     " items, " + stat_name + ", grouping " + group_name + "\n";
  if (!without_gold.empty()) text += "left out (no gold score): " + join_comma_list(without_gold) + "\n";
  if (missing == meta::MissingPolicy::drop)
    text += std::to_string(entries_dropped) + " rows with a missing score: dropped (--missing drop)\n";
  io::TextTable table{{"metric", stat_name, "groups", "skipped"},
                      {io::Align::left, io::Align::right, io::Align::right, io::Align::right},
                      {}};
  const bool tie_calibrated = *statistic == meta::AgreementStatistic::acc23_calibrated ||
                              *statistic == meta::AgreementStatistic::tau23_calibrated;
  if (tie_calibrated) {
    table.headers.insert(table.headers.end(), {"epsilon", "% tied"});
    table.aligns.insert(table.aligns.end(), {io::Align::right, io::Align::right});
  }
  if (comparison) {
    table.headers.insert(table.headers.begin(), "rank");
    table.aligns.insert(table.aligns.begin(), io::Align::right);
  }
  if (bootstrap > 0) {
    table.headers.push_back(text::format_fixed(confidence * 100, 0) + "% interval");
    table.aligns.push_back(io::Align::right);
  }
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t i = order[r];
    std::vector<std::string> row = {metrics[i].name, fixed(values[i].value), std::to_string(values[i].groups),
                                    std::to_string(values[i].groups_skipped)};
    if (tie_calibrated) {
      const auto share = meta::metric_tie_share(values[i]);
      row.push_back(values[i].epsilon ? meta::epsilon_text(*values[i].epsilon) : "");
      row.push_back(share ? text::format_fixed(100.0 * *share, 1) + (meta::ties_nearly_all_pairs(values[i]) ? " !" : "")
                          : "");
    }
    if (comparison) row.insert(row.begin(), std::to_string(comparison->ranks[r]));
    if (intervals[i])
      row.push_back("[" + fixed(intervals[i]->correlation.interval.lower) + ", " +
                    fixed(intervals[i]->correlation.interval.upper) + "]");
    table.rows.push_back(row);
  }
  text += io::render_table(table, io::TableStyle::fancy_grid) + "\n";
  if (tie_calibrated) {
    text += "% tied: pairs whose metric scores differ by at most epsilon (predicted ties)\n";
    for (const std::size_t i : order)
      if (const std::string w = meta::tie_calibration_warning(values[i]); !w.empty())
        text += "warning: " + metrics[i].name + ": " + w + "\n";
  }
  if (comparison) {
    text += "p-value of 'row metric better than column metric' (" + std::to_string(perm) + " resamples, seed " +
            std::to_string(seed) + "):\n";
    io::TextTable matrix{{""}, {io::Align::left}, {}};
    for (const auto& n : comparison->names) {
      matrix.headers.push_back(n);
      matrix.aligns.push_back(io::Align::right);
    }
    for (std::size_t i = 0; i < comparison->names.size(); ++i) {
      std::vector<std::string> row = {comparison->names[i]};
      for (std::size_t j = 0; j < comparison->names.size(); ++j)
        row.push_back(j > i ? fixed(comparison->p_values[i][j]) : "");
      matrix.rows.push_back(row);
    }
    text += io::render_table(matrix, io::TableStyle::fancy_grid) + "\n";
  }
  if (williams) {
    text += "Williams test, one-sided p-value of the difference:\n";
    io::TextTable matrix{{""}, {io::Align::left}, {}};
    for (std::size_t r = 0; r < order.size(); ++r) {
      matrix.headers.push_back(metrics[order[r]].name);
      matrix.aligns.push_back(io::Align::right);
    }
    for (std::size_t a = 0; a < order.size(); ++a) {
      std::vector<std::string> row = {metrics[order[a]].name};
      for (std::size_t b = 0; b < order.size(); ++b) row.push_back(b > a ? fixed(williams_p[a][b]) : "");
      matrix.rows.push_back(row);
    }
    text += io::render_table(matrix, io::TableStyle::fancy_grid) + "\n";
  }
  if (bootstrap > 0)
    text += "intervals: " + std::to_string(bootstrap) + " bootstrap resamples of the items, seed " +
            std::to_string(seed) + "\n";
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
