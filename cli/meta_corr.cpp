// trenchcoat meta corr: correlations of metric scores with gold scores (mt-metrics-eval score files).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "meta_commands.hpp"
#include <algorithm>
#include <map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_score_file.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/kendall_like.hpp"
#include "trenchcoat/meta/pairwise_accuracy.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    const std::size_t comma = s.find(',', start);
    const std::size_t end = comma == std::string::npos ? s.size() : comma;
    if (end > start) out.push_back(s.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

int run_meta_corr(int argc, char** argv) {
  CLI::App app{
      "trenchcoat meta corr: how well metric scores agree with gold (human) scores, as mt-metrics-eval computes it.\n"
      "Files are mt-metrics-eval score files: one 'SYSTEM SCORE' line per item, one block per system\n"
      "(gold may say None for a missing score). Groups with fewer than two gold scores are skipped and counted.",
      "trenchcoat meta corr"};
  std::string gold_path, level = "seg", stat_name = "pearson", group_name = "none", systems_arg, exclude_arg, format = "json";
  std::vector<std::string> metric_args;
  double epsilon = 0.0;
  int perm = 0, bootstrap = 0;
  long long seed = 0;
  app.add_option("--gold", gold_path, "Gold scores (e.g. human-scores/LP.mqm.seg.score)")->required();
  app.add_option("--metric", metric_args, "NAME=FILE, repeatable (e.g. BLEU=metric-scores/LP/BLEU-refA.seg.score)")
      ->required()
      ->expected(1, -1);
  app.add_option("--level", level, "sys or seg (informational: the files decide what an item is)")
      ->check(CLI::IsMember({"sys", "seg", "doc", "domain"}))
      ->capture_default_str();
  double kendall_like_threshold = 0.0;
  app.add_option("--stat", stat_name,
                 "pearson, spearman, kendall-b, kendall-c, tau23, acc23, acc23-opt and tau23-opt (tie-calibrated: "
                 "the best metric epsilon is reported), kendall-like (WMT DARR), pairwise-acc (system-level "
                 "pairwise accuracy; --group none), weighted-tau (scipy weightedtau, hyperbolic weights)")
      ->capture_default_str();
  app.add_option("--kendall-like-threshold", kendall_like_threshold,
                 "kendall-like: smallest gold difference for a pair to count (mt-metrics-eval uses 25 for raw DA)")
      ->capture_default_str();
  app.add_option("--group", group_name, "none (pool everything), item (per item, averaged), sys (per system, averaged)")
      ->check(CLI::IsMember({"none", "item", "sys"}))
      ->capture_default_str();
  app.add_option("--epsilon", epsilon, "Metric tie threshold for tau23 / acc23")->capture_default_str();
  app.add_option("--systems", systems_arg, "Only these systems, comma-separated");
  app.add_option("--exclude", exclude_arg, "Leave out these systems, comma-separated");
  app.add_option("--perm", perm, "Permutation significance (not supported yet)");
  app.add_option("--bootstrap", bootstrap, "Bootstrap confidence intervals (not supported yet)");
  app.add_option("--seed", seed, "Seed for resampling");
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta corr")) return 0;
  if (perm > 0 || bootstrap > 0) throw ExitError(1, "--perm and --bootstrap are not supported yet");
  const std::map<std::string, meta::Statistic> statistics = {
      {"pearson", meta::Statistic::pearson},     {"spearman", meta::Statistic::spearman},
      {"kendall-b", meta::Statistic::kendall_b}, {"kendall-c", meta::Statistic::kendall_c},
      {"tau23", meta::Statistic::tau23},         {"acc23", meta::Statistic::acc23},
      {"weighted-tau", meta::Statistic::weighted_tau}};
  const auto stat = statistics.find(stat_name);
  const bool tie_calibrated = stat_name == "acc23-opt" || stat_name == "tau23-opt";
  const bool other_known = tie_calibrated || stat_name == "kendall-like" || stat_name == "pairwise-acc";
  if (stat == statistics.end() && !other_known) {
    if (stat_name == "spa") throw ExitError(1, "--stat spa is not supported yet");
    throw ExitError(2, "unknown --stat '" + stat_name + "' (see `trenchcoat meta corr --help`)");
  }
  if (stat_name == "pairwise-acc" && group_name != "none")
    throw ExitError(2, "pairwise-acc compares systems over all pairs: use it with --group none");
  const meta::Grouping grouping = group_name == "none" ? meta::Grouping::none
                                  : group_name == "item" ? meta::Grouping::item
                                                         : meta::Grouping::sys;

  const meta::ScoreTable gold_all = io::read_mtme_score_file(gold_path, io::MissingScores::allowed);
  // Systems: the gold file's, narrowed by --systems and --exclude; every one must exist in every file.
  std::vector<std::string> systems = systems_arg.empty() ? gold_all.systems() : split_commas(systems_arg);
  const auto excluded = split_commas(exclude_arg);
  std::erase_if(systems, [&](const std::string& s) { return std::find(excluded.begin(), excluded.end(), s) != excluded.end(); });
  for (const auto& s : systems)
    if (!gold_all.system_index(s)) throw ExitError(1, Error(gold_path, 0, "no scores for system '" + s + "'"));
  if (systems.size() < 2) throw ExitError(1, "fewer than two systems to compare");
  const meta::ScoreTable gold = gold_all.select(systems);

  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  io::TextTable table{{"metric", stat_name, "groups", "p (mean)"}, {io::Align::left, io::Align::right, io::Align::right, io::Align::right}, {}};
  for (const std::string& spec : metric_args) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      throw ExitError(2, "--metric needs NAME=FILE, got '" + spec + "'");
    const std::string name = spec.substr(0, eq), path = spec.substr(eq + 1);
    const meta::ScoreTable metric_all = io::read_mtme_score_file(path, io::MissingScores::refused);
    for (const auto& s : systems)
      if (!metric_all.system_index(s)) throw ExitError(1, Error(path, 0, "no scores for system '" + s + "' (it has gold scores)"));
    if (metric_all.num_items() != gold.num_items())
      throw ExitError(1, Error(path, 0, std::to_string(metric_all.num_items()) + " scores per system, but the gold file has " +
                                            std::to_string(gold.num_items())));
    const meta::ScoreTable metric = metric_all.select(systems);
    nlohmann::ordered_json row = {{"metric", name}, {"statistic", stat_name}, {"group", group_name}};
    double value = 0, p_value = 0;
    std::size_t groups = 0;
    if (tie_calibrated) {
      const auto variant = stat_name == "acc23-opt" ? meta::TiesKendallVariant::acc23 : meta::TiesKendallVariant::tau23;
      const auto t = meta::calibrate_ties(gold, metric, grouping, variant);
      value = t.value;
      groups = t.num_groups;
      row["value"] = t.value;
      row["epsilon"] = t.epsilon;  // the metric tie threshold that gave the best value
      row["pairs"] = t.num_pairs;
    } else if (stat_name == "kendall-like") {
      const auto r = meta::average_kendall_like(gold, metric, grouping, kendall_like_threshold);
      value = r.value;
      groups = r.num_groups;
      row["value"] = r.value;
      row["pairs"] = r.total_weight;
    } else if (stat_name == "pairwise-acc") {
      const auto a = meta::agreement(gold.values(), metric.values());
      value = a.num_pairs > 0 ? static_cast<double>(a.agree) / static_cast<double>(a.num_pairs) : 0.0;
      groups = 1;
      row["value"] = value;
      row["agree"] = a.agree;
      row["pairs"] = a.num_pairs;
    } else {
      meta::AverageOptions options;
      options.metric_epsilon = epsilon;
      const auto r = meta::average_correlation(gold, metric, grouping, stat->second, options);
      value = r.value;
      p_value = r.p_value;
      groups = r.num_groups;
      row["value"] = r.value;
      row["p_value_mean"] = r.p_value;
    }
    row["groups"] = groups;
    row["systems"] = systems.size();
    row["items"] = gold.num_items();
    rows.push_back(row);
    table.rows.push_back({name, text::format_fixed(value, 4), std::to_string(groups), text::format_fixed(p_value, 4)});
  }
  if (format == "json") {
    std::fputs((rows.dump(2) + "\n").c_str(), stdout);
  } else {
    const std::string out = std::to_string(systems.size()) + " systems x " + std::to_string(gold.num_items()) +
                            " items, grouping " + group_name + "\n" + io::render_table(table, io::TableStyle::fancy_grid) + "\n";
    std::fputs(out.c_str(), stdout);
  }
  return 0;
}

}  // namespace trenchcoat::cli
