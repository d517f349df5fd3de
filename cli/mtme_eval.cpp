// trenchcoat mtme eval: the WMT metrics-task table for one language pair of an mt-metrics-eval
// test-set directory: every metric in metric-scores/LP/ against the human scores, task by task, with
// significance clusters (--perm) and the WMT23 / WMT24 task-set averages.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "progress_display.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/task_set.hpp"
#include "trenchcoat/text/number_format.hpp"

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
    "Example:\n"
    "  trenchcoat mtme eval --root mt-metrics-eval-v2/wmt23 --lp en-de --gold mqm --ref refA --perm 1000 -f text\n";

struct Task {
  meta::EvaluationTask task;
  std::vector<double> weights;  // one per selected task set (0 when the set does not use it)
};

struct MetricResult {
  std::string metric;
  meta::AgreementValue value;
  std::optional<int> rank;
};

struct TaskOutcome {
  std::vector<std::string> systems;
  std::vector<MetricResult> metrics;  // sorted by decreasing value, name as secondary key
  std::optional<meta::MetricComparison> comparison;
  std::vector<std::pair<std::string, std::string>> skipped;  // (metric, reason)
};

io::MtmeLevel data_level(const meta::EvaluationTask& t) {
  return t.level == meta::TaskLevel::sys && !t.from_segment_scores ? io::MtmeLevel::sys : io::MtmeLevel::seg;
}

std::string level_name(meta::TaskLevel level) { return level == meta::TaskLevel::sys ? "sys" : "seg"; }

std::string grouping_name(meta::Grouping g) {
  return g == meta::Grouping::none ? "none" : g == meta::Grouping::item ? "item" : "sys";
}

// The human score name: --gold, else "mqm" when it exists at every level needed, else the only one.
std::string choose_gold(const io::MtmeTestSet& set, const std::string& wanted, const std::set<io::MtmeLevel>& levels) {
  std::set<std::string> everywhere;
  bool first = true;
  for (io::MtmeLevel level : levels) {
    std::set<std::string> here;
    if (auto it = set.human_scores.find(level); it != set.human_scores.end())
      for (const auto& [name, file] : it->second) here.insert(name);
    if (first) everywhere = here;
    else std::erase_if(everywhere, [&](const std::string& n) { return !here.count(n); });
    first = false;
  }
  std::string levels_text;
  for (io::MtmeLevel level : levels) levels_text += (levels_text.empty() ? "" : " and ") + io::mtme_level_name(level);
  const std::string where = set.directory + "/human-scores/" + set.lp + ".*." + "{" + levels_text + "}.score";
  if (!wanted.empty()) {
    if (!everywhere.count(wanted))
      throw ExitError(
          1, "no human scores '" + wanted + "' at level " + levels_text + " (" + where + ")" +
                 (everywhere.empty() ? std::string()
                                     : "; available: " + join_comma_list({everywhere.begin(), everywhere.end()})));
    return wanted;
  }
  if (everywhere.count("mqm")) return "mqm";
  if (everywhere.size() == 1) return *everywhere.begin();
  if (everywhere.empty()) throw ExitError(1, "no human scores at level " + levels_text + " (" + where + ")");
  throw ExitError(2, "several human scores at level " + levels_text + ": " +
                         join_comma_list({everywhere.begin(), everywhere.end()}) + "; choose one with --gold");
}

std::string choose_reference(const io::MtmeTestSet& set, const std::string& wanted) {
  const auto names = set.reference_names();
  if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) == names.end())
      throw ExitError(1, "no reference '" + wanted + "' in " + set.directory +
                             "/references (available: " + join_comma_list(names) + ")");
    return wanted;
  }
  if (names.size() == 1) return names.front();
  if (names.empty()) throw ExitError(1, "no references in " + set.directory + "/references for " + set.lp);
  throw ExitError(2, "several references (" + join_comma_list(names) + "); choose the standard one with --ref");
}

struct EvalSettings {
  std::string gold, reference;
  std::vector<std::string> excluded;
  bool include_human = false;
  std::size_t perm = 0, block_size = 100;
  double alpha = 0.05;
  std::uint64_t seed = 0;
  meta::SoftPairwiseAccuracyOptions spa;
};

// Systems of one task: every output but the references (as set), those with no gold score at the
// level, and those whose gold scores are all missing.
std::vector<std::string> task_systems(const io::MtmeTestSet& set, const meta::ScoreTable& gold, const EvalSettings& s) {
  const auto references = set.reference_names();
  std::vector<std::string> systems;
  for (const auto& name : set.system_names()) {
    const bool is_reference = std::find(references.begin(), references.end(), name) != references.end();
    if (name == s.reference || (is_reference && !s.include_human)) continue;
    if (std::find(s.excluded.begin(), s.excluded.end(), name) != s.excluded.end()) continue;
    const auto index = gold.system_index(name);
    if (!index) continue;
    bool any = false;
    for (std::size_t i = 0; i < gold.num_items() && !any; ++i) any = !meta::is_missing(gold.value(*index, i));
    if (any) systems.push_back(name);
  }
  return systems;
}

TaskOutcome run_task(const io::MtmeTestSet& set, const meta::EvaluationTask& task, const EvalSettings& s) {
  const io::MtmeLevel level = data_level(task);
  TaskOutcome out;
  const io::MtmeScoreFile* gold_file = set.find_human_scores(level, s.gold);
  if (!gold_file) throw ExitError(1, "no human scores '" + s.gold + "' at level " + io::mtme_level_name(level));
  out.systems = task_systems(set, gold_file->scores, s);
  if (out.systems.size() < 2) {
    out.skipped.push_back({"*", "fewer than two systems with human scores"});
    return out;
  }
  const meta::ScoreTable gold = gold_file->scores.select(out.systems);
  meta::AgreementOptions options;
  options.grouping = task.grouping;
  options.spa = s.spa;
  std::vector<std::string> names;
  std::vector<meta::ScoreTable> tables;
  if (auto it = set.metric_scores.find(level); it != set.metric_scores.end()) {
    for (const auto& [name, file] : it->second) {
      const auto used = set.references_used(name);
      if (std::any_of(used.begin(), used.end(), [&](const std::string& r) { return r != s.reference; })) continue;
      std::vector<std::string> lacking;
      for (const auto& sys : out.systems)
        if (!file.scores.system_index(sys) ||
            std::find(file.padded_systems.begin(), file.padded_systems.end(), sys) != file.padded_systems.end())
          lacking.push_back(sys);
      if (!lacking.empty()) {
        out.skipped.push_back({name, file.path + ": no scores for " + join_comma_list(lacking)});
        continue;
      }
      names.push_back(name);
      tables.push_back(file.scores.select(out.systems));
    }
  }
  for (std::size_t m = 0; m < names.size(); ++m)
    out.metrics.push_back({names[m], meta::compute_agreement(gold, tables[m], task.statistic, options), std::nullopt});
  std::sort(out.metrics.begin(), out.metrics.end(), [](const MetricResult& a, const MetricResult& b) {
    if (a.value.value != b.value.value) return a.value.value > b.value.value;
    return a.metric < b.metric;
  });
  const auto significance = meta::significance_setup(task.statistic, options);
  if (s.perm > 0 && significance && names.size() >= 2) {
    std::vector<std::span<const double>> spans;
    for (const auto& t : tables) spans.emplace_back(t.values());
    meta::PermutationOptions permutation;
    permutation.resamples = s.perm;
    permutation.block_size = s.block_size;
    permutation.seed = s.seed;
    ProgressDisplay bar(::isatty(STDERR_FILENO));  // on a terminal only
    permutation.progress = [&bar](std::size_t done, std::size_t) { bar.set(done); };
    bar.start("permutations", names.size() * (names.size() - 1) / 2 * s.perm, "resamples");
    out.comparison = meta::compare_metrics(gold.values(), spans, names, gold.num_systems(), gold.num_items(),
                                           significance->measure, significance->test, permutation, s.alpha);
    bar.finish();
    for (auto& m : out.metrics) {
      const auto pos = std::find(out.comparison->names.begin(), out.comparison->names.end(), m.metric);
      m.rank = out.comparison->ranks[static_cast<std::size_t>(pos - out.comparison->names.begin())];
    }
  }
  // Without a test (mt-metrics-eval's k = 0) every metric shares rank 1; statistics that have no test
  // get no rank at all.
  if (significance)
    for (auto& m : out.metrics)
      if (!m.rank) m.rank = 1;
  return out;
}

std::string fixed(double v, int decimals = 4) { return std::isnan(v) ? "nan" : text::format_fixed(v, decimals); }

}  // namespace

int run_mtme_eval(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat mtme eval"};
  std::string root, lp, level, stat_name, group_name = "none", exclude_arg, task_sets_arg = "wmt23,wmt24",
                                          format = "json";
  EvalSettings s;
  std::size_t spa_permutations = 1000;
  app.add_option("--root", root, "The test-set directory (e.g. mt-metrics-eval-v2/wmt23)")->required();
  app.add_option("--lp", lp, "Language pair, e.g. en-de")->required();
  app.add_option("--gold", s.gold, "Human score name, e.g. mqm or esa (default: mqm if present, else the only one)");
  app.add_option("--ref", s.reference,
                 "The standard reference (default: the only one); metrics that used others are left out");
  app.add_option("--level", level, "Only the tasks at this level: sys or seg (the task-set averages need both)")
      ->check(CLI::IsMember({"sys", "seg"}));
  app.add_option("--stat", stat_name,
                 "One custom task instead of the task sets: a `meta corr` statistic (see its --help)");
  app.add_option("--group", group_name, "With --stat: none, item or sys")
      ->check(CLI::IsMember({"none", "item", "sys"}))
      ->capture_default_str();
  app.add_option("--task-sets", task_sets_arg, "Task sets to average: wmt23, wmt24 (comma-separated)")
      ->capture_default_str();
  app.add_flag("--include-human", s.include_human, "Keep the other references as systems (human translations)");
  app.add_option("--exclude", exclude_arg, "Leave out these systems, comma-separated (e.g. the outliers)");
  app.add_option("--perm", s.perm,
                 "Resamples of each task's significance test between all metric pairs (0: no test, every rank 1; WMT "
                 "used 1000)")
      ->capture_default_str();
  app.add_option("--block-size", s.block_size,
                 "--perm: early-stopping check every N resamples (mt-metrics-eval tasks use 100)")
      ->capture_default_str();
  app.add_option("--alpha", s.alpha, "--perm: p-value threshold of the significance clusters")->capture_default_str();
  app.add_option("--seed", s.seed, "Seed of every random draw (permutations, SPA)")->capture_default_str();
  app.add_option("--spa-permutations", spa_permutations, "SPA: sign-flip permutations per system pair")
      ->capture_default_str();
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat mtme eval")) return 0;
  s.excluded = split_comma_list(exclude_arg);
  s.spa.method = meta::SpaMethod::monte_carlo;
  s.spa.permutations = spa_permutations;
  s.spa.seed = s.seed;
  if (s.perm > 0 && s.block_size == 0) throw ExitError(2, "--block-size must be at least 1");

  // The tasks: one custom task, or the union of the chosen task sets' tasks (by name), with weights.
  std::vector<meta::TaskSet> task_sets;
  std::vector<Task> tasks;
  if (!stat_name.empty()) {
    const auto statistic = meta::parse_agreement_statistic(stat_name);
    if (!statistic)
      throw ExitError(
          2, "unknown --stat '" + stat_name + "' (known: " + join_comma_list(meta::agreement_statistic_names()) + ")");
    const meta::TaskLevel task_level = level == "sys" ? meta::TaskLevel::sys : meta::TaskLevel::seg;
    const meta::Grouping grouping = group_name == "none"   ? meta::Grouping::none
                                    : group_name == "item" ? meta::Grouping::item
                                                           : meta::Grouping::sys;
    const bool spa_from_segments = *statistic == meta::AgreementStatistic::soft_pairwise_accuracy;
    tasks.push_back({{(level.empty() ? std::string("seg") : level) + " " + stat_name +
                          (grouping == meta::Grouping::none ? "" : " " + group_name),
                      spa_from_segments ? meta::TaskLevel::sys : task_level, *statistic, grouping, spa_from_segments},
                     {}});
  } else {
    for (const auto& name : split_comma_list(task_sets_arg)) {
      auto set = meta::task_set_by_name(name);
      if (!set) throw ExitError(2, "unknown task set '" + name + "' (known: wmt23, wmt24)");
      task_sets.push_back(*set);
    }
    for (std::size_t k = 0; k < task_sets.size(); ++k)
      for (const auto& wt : task_sets[k].tasks) {
        if (!level.empty() && level_name(wt.task.level) != level) continue;
        auto it = std::find_if(tasks.begin(), tasks.end(), [&](const Task& t) { return t.task.name == wt.task.name; });
        if (it == tasks.end()) {
          tasks.push_back({wt.task, std::vector<double>(task_sets.size(), 0.0)});
          it = tasks.end() - 1;
        }
        it->weights[k] = wt.weight;
      }
  }
  std::set<io::MtmeLevel> levels;
  for (const auto& t : tasks) levels.insert(data_level(t.task));

  io::MtmeReadOptions read;
  read.read_metric_scores = true;
  const io::MtmeTestSet set = io::read_mtme_test_set(root, lp, read);
  s.gold = choose_gold(set, s.gold, levels);
  s.reference = choose_reference(set, s.reference);
  for (const auto& e : s.excluded) {
    const auto names = set.system_names();
    if (std::find(names.begin(), names.end(), e) == names.end())
      throw ExitError(1, "--exclude names '" + e + "', which has no output in " + root + "/system-outputs/" + lp);
  }

  std::vector<TaskOutcome> outcomes;
  for (const auto& t : tasks) outcomes.push_back(run_task(set, t.task, s));

  // Task-set averages, for metrics present in every task of the set (as mt-metrics-eval).
  struct Average {
    std::string metric;
    double score;
    std::optional<double> rank;
    std::vector<std::string> flagged;  // tasks whose value ties nearly all pairs (meta::flagged_tasks)
  };
  std::vector<std::vector<Average>> averages(task_sets.size());
  const bool complete = level.empty();
  for (std::size_t k = 0; k < task_sets.size() && complete; ++k) {
    std::set<std::string> metrics;
    for (const auto& o : outcomes)
      for (const auto& m : o.metrics) metrics.insert(m.metric);
    for (const auto& metric : metrics) {
      std::vector<std::optional<double>> values;
      std::vector<std::optional<meta::AgreementValue>> full_values;
      std::vector<std::optional<int>> ranks;
      for (const auto& wt : task_sets[k].tasks) {
        const auto ti = static_cast<std::size_t>(
            std::find_if(tasks.begin(), tasks.end(), [&](const Task& t) { return t.task.name == wt.task.name; }) -
            tasks.begin());
        const auto& ms = outcomes[ti].metrics;
        const auto it = std::find_if(ms.begin(), ms.end(), [&](const MetricResult& r) { return r.metric == metric; });
        values.push_back(it == ms.end() ? std::nullopt : std::optional<double>(it->value.value));
        full_values.push_back(it == ms.end() ? std::nullopt : std::optional<meta::AgreementValue>(it->value));
        ranks.push_back(it == ms.end() ? std::nullopt : it->rank);
      }
      const auto score = meta::average_task_score(task_sets[k], values);
      if (score)
        averages[k].push_back({metric, *score, meta::average_task_rank(task_sets[k], ranks),
                               meta::flagged_tasks(task_sets[k], full_values)});
    }
    std::sort(averages[k].begin(), averages[k].end(), [](const Average& a, const Average& b) {
      return a.score != b.score ? a.score > b.score : a.metric < b.metric;
    });
  }

  nlohmann::ordered_json out;
  out["test_set"] = root;
  out["lp"] = lp;
  out["gold"] = s.gold;
  out["reference"] = s.reference;
  out["include_human"] = s.include_human;
  out["excluded_systems"] = s.excluded;
  if (s.perm > 0)
    out["significance"] = {{"resamples", s.perm}, {"block_size", s.block_size}, {"alpha", s.alpha}, {"seed", s.seed}};
  out["tasks"] = nlohmann::ordered_json::array();
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const auto& task = tasks[t].task;
    const auto& o = outcomes[t];
    nlohmann::ordered_json j = {{"task", task.name},
                                {"level", level_name(task.level)},
                                {"scores_from", io::mtme_level_name(data_level(task))},
                                {"statistic", meta::agreement_statistic_name(task.statistic)},
                                {"group", grouping_name(task.grouping)},
                                {"systems", o.systems}};
    if (!tasks[t].weights.empty()) {
      nlohmann::ordered_json w;
      for (std::size_t k = 0; k < task_sets.size(); ++k)
        if (tasks[t].weights[k] > 0) w[task_sets[k].name] = tasks[t].weights[k];
      j["weight"] = w;
    }
    j["metrics"] = nlohmann::ordered_json::array();
    for (const auto& m : o.metrics) {
      nlohmann::ordered_json row = {{"metric", m.metric}, {"value", m.value.value}};
      if (m.value.epsilon) row["epsilon"] = *m.value.epsilon;
      if (m.value.pairs && m.value.metric_tied_pairs) {
        row["pairs"] = *m.value.pairs;
        row["metric_tied_pairs"] = *m.value.metric_tied_pairs;
      }
      if (m.value.gold_tied_pairs) row["gold_tied_pairs"] = *m.value.gold_tied_pairs;
      if (const std::string w = meta::tie_calibration_warning(m.value); !w.empty()) row["warning"] = w;
      if (m.value.groups_skipped > 0) row["groups_skipped"] = m.value.groups_skipped;
      if (m.rank) row["rank"] = *m.rank;
      j["metrics"].push_back(row);
    }
    if (o.comparison) j["p_values"] = o.comparison->p_values;
    out["tasks"].push_back(j);
    for (const auto& [metric, reason] : o.skipped)
      skipped.push_back({{"task", task.name}, {"metric", metric}, {"reason", reason}});
  }
  out["skipped_metrics"] = skipped;
  if (!task_sets.empty() && complete) {
    out["task_sets"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < task_sets.size(); ++k) {
      nlohmann::ordered_json j = {{"task_set", task_sets[k].name}, {"metrics", nlohmann::ordered_json::array()}};
      for (const auto& a : averages[k]) {
        nlohmann::ordered_json row = {{"metric", a.metric}, {"average", a.score}};
        if (a.rank) row["average_rank"] = *a.rank;
        if (!a.flagged.empty()) row["flagged_tasks"] = a.flagged;
        j["metrics"].push_back(row);
      }
      out["task_sets"].push_back(j);
    }
  }
  if (format == "json") {
    std::fputs((out.dump(2) + "\n").c_str(), stdout);
    for (std::size_t t = 0; t < tasks.size(); ++t)
      for (const auto& m : outcomes[t].metrics)
        if (const std::string w = meta::tie_calibration_warning(m.value); !w.empty())
          std::fprintf(stderr, "trenchcoat mtme eval: warning: %s in %s: %s\n", m.metric.c_str(),
                       tasks[t].task.name.c_str(), w.c_str());
    return 0;
  }

  // Text: one row per metric, one column per task (value and rank), then the averages.
  std::set<std::string> all_metrics;
  for (const auto& o : outcomes)
    for (const auto& m : o.metrics) all_metrics.insert(m.metric);
  std::vector<std::string> row_order;
  if (!averages.empty() && !averages[0].empty())
    for (const auto& a : averages[0]) row_order.push_back(a.metric);
  else if (!outcomes.empty())
    for (const auto& m : outcomes[0].metrics) row_order.push_back(m.metric);
  for (const auto& m : all_metrics)
    if (std::find(row_order.begin(), row_order.end(), m) == row_order.end()) row_order.push_back(m);
  io::TextTable table{{"metric"}, {io::Align::left}, {}};
  for (const auto& t : tasks) {
    table.headers.push_back(t.task.name);
    table.aligns.push_back(io::Align::right);
  }
  for (std::size_t k = 0; k < averages.size() && complete; ++k) {
    table.headers.push_back(task_sets[k].name + " avg");
    table.aligns.push_back(io::Align::right);
  }
  for (const auto& metric : row_order) {
    std::vector<std::string> row = {metric};
    for (const auto& o : outcomes) {
      const auto it =
          std::find_if(o.metrics.begin(), o.metrics.end(), [&](const MetricResult& r) { return r.metric == metric; });
      if (it == o.metrics.end()) {
        row.push_back("-");
        continue;
      }
      std::string cell = fixed(it->value.value);
      if (it->value.epsilon) cell += " eps " + meta::epsilon_text(*it->value.epsilon);
      if (meta::ties_nearly_all_pairs(it->value)) cell += " !";
      if (s.perm > 0 && it->rank) cell += " (" + std::to_string(*it->rank) + ")";
      row.push_back(cell);
    }
    for (std::size_t k = 0; k < averages.size() && complete; ++k) {
      const auto it =
          std::find_if(averages[k].begin(), averages[k].end(), [&](const Average& a) { return a.metric == metric; });
      row.push_back(it == averages[k].end() ? "-"
                                            : fixed(it->score) + (it->flagged.empty() ? "" : " !") +
                                                  (s.perm > 0 && it->rank ? " (" + fixed(*it->rank, 2) + ")" : ""));
    }
    table.rows.push_back(row);
  }
  std::string text = root + " " + lp + ": human scores " + s.gold + ", reference " + s.reference +
                     (s.include_human ? ", other references included as systems" : "") + "\n";
  for (std::size_t t = 0; t < tasks.size(); ++t)
    text += "  " + tasks[t].task.name + ": " + std::to_string(outcomes[t].systems.size()) + " systems\n";
  if (s.perm > 0)
    text += "significance cluster ranks in parentheses (" + std::to_string(s.perm) + " resamples, seed " +
            std::to_string(s.seed) + ")\n";
  text += io::render_table(table, io::TableStyle::fancy_grid) + "\n";
  std::string warnings;
  for (std::size_t t = 0; t < tasks.size(); ++t)
    for (const auto& m : outcomes[t].metrics)
      if (const std::string w = meta::tie_calibration_warning(m.value); !w.empty())
        warnings += "warning: " + m.metric + " in " + tasks[t].task.name + ": " + w + "\n";
  if (!warnings.empty())
    text += warnings +
            "'!': a tie-calibrated value whose epsilon ties at least 99% of the pairs, and the averages that "
            "include one\n";
  for (const auto& row : skipped)
    text += "skipped " + row["metric"].get<std::string>() + " in " + row["task"].get<std::string>() + ": " +
            row["reason"].get<std::string>() + "\n";
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
