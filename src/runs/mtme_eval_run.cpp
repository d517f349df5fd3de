#include "trenchcoat/runs/mtme_eval_run.hpp"

#include <algorithm>
#include <set>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"
#include "trenchcoat/runs/request_error.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::runs {
namespace {

std::string join_list(const std::vector<std::string>& items) { return text::join(items, ", "); }

io::MtmeLevel data_level(const meta::EvaluationTask& t) {
  return t.level == meta::TaskLevel::sys && !t.from_segment_scores ? io::MtmeLevel::sys : io::MtmeLevel::seg;
}

std::string level_name(meta::TaskLevel level) { return level == meta::TaskLevel::sys ? "sys" : "seg"; }

std::string grouping_name(meta::Grouping g) {
  return g == meta::Grouping::none ? "none" : g == meta::Grouping::item ? "item" : "sys";
}

// The human score name: the one asked for, else "mqm" when it exists at every level needed, else the
// only one.
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
      throw Error(
          "no human scores '" + wanted + "' at level " + levels_text + " (" + where + ")" +
          (everywhere.empty() ? std::string() : "; available: " + join_list({everywhere.begin(), everywhere.end()})));
    return wanted;
  }
  if (everywhere.count("mqm")) return "mqm";
  if (everywhere.size() == 1) return *everywhere.begin();
  if (everywhere.empty()) throw Error("no human scores at level " + levels_text + " (" + where + ")");
  throw RequestError("several human scores at level " + levels_text + ": " +
                     join_list({everywhere.begin(), everywhere.end()}) + "; choose one with --gold");
}

std::string choose_reference(const io::MtmeTestSet& set, const std::string& wanted) {
  const auto names = set.reference_names();
  if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) == names.end())
      throw Error("no reference '" + wanted + "' in " + set.directory + "/references (available: " + join_list(names) +
                  ")");
    return wanted;
  }
  if (names.size() == 1) return names.front();
  if (names.empty()) throw Error("no references in " + set.directory + "/references for " + set.lp);
  throw RequestError("several references (" + join_list(names) + "); choose the standard one with --ref");
}

// Systems of one task: every output but the references (as asked), those with no gold score at the
// level, and those whose gold scores are all missing.
std::vector<std::string> task_systems(const io::MtmeTestSet& set, const meta::ScoreTable& gold,
                                      const MtmeEvalRequest& r) {
  const auto references = set.reference_names();
  std::vector<std::string> systems;
  for (const auto& name : set.system_names()) {
    const bool is_reference = std::find(references.begin(), references.end(), name) != references.end();
    if (name == r.reference || (is_reference && !r.include_human)) continue;
    if (std::find(r.excluded.begin(), r.excluded.end(), name) != r.excluded.end()) continue;
    const auto index = gold.system_index(name);
    if (!index) continue;
    bool any = false;
    for (std::size_t i = 0; i < gold.num_items() && !any; ++i) any = !meta::is_missing(gold.value(*index, i));
    if (any) systems.push_back(name);
  }
  return systems;
}

void run_task(const io::MtmeTestSet& set, MtmeTaskResult& out, const MtmeEvalRequest& r, Progress& progress) {
  const meta::EvaluationTask& task = out.task;
  const io::MtmeLevel level = data_level(task);
  const io::MtmeScoreFile* gold_file = set.find_human_scores(level, r.gold);
  if (!gold_file) throw Error("no human scores '" + r.gold + "' at level " + io::mtme_level_name(level));
  out.systems = task_systems(set, gold_file->scores, r);
  if (out.systems.size() < 2) {
    out.skipped.push_back({"*", "fewer than two systems with human scores"});
    return;
  }
  const meta::ScoreTable gold = gold_file->scores.select(out.systems);
  meta::AgreementOptions options;
  options.grouping = task.grouping;
  options.spa.method = meta::SpaMethod::monte_carlo;
  options.spa.permutations = r.spa_permutations;
  options.spa.seed = r.significance.seed;
  std::vector<std::string> names;
  std::vector<meta::ScoreTable> tables;
  if (auto it = set.metric_scores.find(level); it != set.metric_scores.end()) {
    for (const auto& [name, file] : it->second) {
      const auto used = set.references_used(name);
      if (std::any_of(used.begin(), used.end(), [&](const std::string& ref) { return ref != r.reference; })) continue;
      std::vector<std::string> lacking;
      for (const auto& sys : out.systems)
        if (!file.scores.system_index(sys) ||
            std::find(file.padded_systems.begin(), file.padded_systems.end(), sys) != file.padded_systems.end())
          lacking.push_back(sys);
      if (!lacking.empty()) {
        out.skipped.push_back({name, file.path + ": no scores for " + join_list(lacking)});
        continue;
      }
      names.push_back(name);
      tables.push_back(file.scores.select(out.systems));
    }
  }
  for (std::size_t m = 0; m < names.size(); ++m) {
    const meta::AgreementValue value = meta::compute_agreement(gold, tables[m], task.statistic, options);
    out.metrics.push_back({names[m], value, std::nullopt, meta::tie_calibration_warning(value)});
  }
  std::sort(out.metrics.begin(), out.metrics.end(), [](const MtmeTaskMetric& a, const MtmeTaskMetric& b) {
    if (a.value.value != b.value.value) return a.value.value > b.value.value;
    return a.metric < b.metric;
  });
  const auto significance = meta::significance_setup(task.statistic, options);
  if (r.significance.resamples > 0 && significance && names.size() >= 2) {
    std::vector<const meta::ScoreTable*> pointers;
    for (const auto& t : tables) pointers.push_back(&t);
    out.comparison = compare_metric_tables(gold, names, pointers, *significance, r.significance, progress);
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
}

}  // namespace

MtmeEvalResult run_mtme_eval(MtmeEvalRequest request, Progress& progress) {
  if (request.significance.resamples > 0 && request.significance.block_size == 0)
    throw RequestError("--block-size must be at least 1");
  MtmeEvalResult result;
  // The tasks: one custom task, or the union of the chosen task sets' tasks (by name), with weights.
  std::vector<meta::TaskSet> task_sets;
  if (request.statistic) {
    const std::string stat_name = meta::agreement_statistic_name(*request.statistic);
    const meta::TaskLevel task_level = request.level == "sys" ? meta::TaskLevel::sys : meta::TaskLevel::seg;
    const bool spa_from_segments = *request.statistic == meta::AgreementStatistic::soft_pairwise_accuracy;
    MtmeTaskResult t;
    t.task = {(request.level.empty() ? std::string("seg") : request.level) + " " + stat_name +
                  (request.grouping == meta::Grouping::none ? "" : " " + grouping_name(request.grouping)),
              spa_from_segments ? meta::TaskLevel::sys : task_level, *request.statistic, request.grouping,
              spa_from_segments};
    result.tasks.push_back(std::move(t));
  } else {
    for (const auto& name : request.task_sets) {
      auto set = meta::task_set_by_name(name);
      if (!set) throw RequestError("unknown task set '" + name + "' (known: wmt23, wmt24)");
      task_sets.push_back(*set);
      result.task_set_names.push_back(set->name);
    }
    for (std::size_t k = 0; k < task_sets.size(); ++k)
      for (const auto& wt : task_sets[k].tasks) {
        if (!request.level.empty() && level_name(wt.task.level) != request.level) continue;
        auto it = std::find_if(result.tasks.begin(), result.tasks.end(),
                               [&](const MtmeTaskResult& t) { return t.task.name == wt.task.name; });
        if (it == result.tasks.end()) {
          MtmeTaskResult t;
          t.task = wt.task;
          t.weights.assign(task_sets.size(), 0.0);
          result.tasks.push_back(std::move(t));
          it = result.tasks.end() - 1;
        }
        it->weights[k] = wt.weight;
      }
  }
  std::set<io::MtmeLevel> levels;
  for (const auto& t : result.tasks) levels.insert(data_level(t.task));

  io::MtmeReadOptions read;
  read.read_metric_scores = true;
  const io::MtmeTestSet set = io::read_mtme_test_set(request.root, request.lp, read);
  request.gold = choose_gold(set, request.gold, levels);
  request.reference = choose_reference(set, request.reference);
  for (const auto& e : request.excluded) {
    const auto names = set.system_names();
    if (std::find(names.begin(), names.end(), e) == names.end())
      throw Error("--exclude names '" + e + "', which has no output in " + request.root + "/system-outputs/" +
                  request.lp);
  }
  for (auto& t : result.tasks) run_task(set, t, request, progress);

  // Task-set averages, for metrics present in every task of the set (as mt-metrics-eval).
  result.complete = request.level.empty();
  for (std::size_t k = 0; k < task_sets.size() && result.complete; ++k) {
    MtmeTaskSetResult averages{task_sets[k].name, {}};
    std::set<std::string> metrics;
    for (const auto& o : result.tasks)
      for (const auto& m : o.metrics) metrics.insert(m.metric);
    for (const auto& metric : metrics) {
      std::vector<std::optional<double>> values;
      std::vector<std::optional<meta::AgreementValue>> full_values;
      std::vector<std::optional<int>> ranks;
      for (const auto& wt : task_sets[k].tasks) {
        const auto& task = *std::find_if(result.tasks.begin(), result.tasks.end(),
                                         [&](const MtmeTaskResult& t) { return t.task.name == wt.task.name; });
        const auto& ms = task.metrics;
        const auto it = std::find_if(ms.begin(), ms.end(), [&](const MtmeTaskMetric& m) { return m.metric == metric; });
        values.push_back(it == ms.end() ? std::nullopt : std::optional<double>(it->value.value));
        full_values.push_back(it == ms.end() ? std::nullopt : std::optional<meta::AgreementValue>(it->value));
        ranks.push_back(it == ms.end() ? std::nullopt : it->rank);
      }
      const auto score = meta::average_task_score(task_sets[k], values);
      if (score)
        averages.metrics.push_back({metric, *score, meta::average_task_rank(task_sets[k], ranks),
                                    meta::flagged_tasks(task_sets[k], full_values)});
    }
    std::sort(averages.metrics.begin(), averages.metrics.end(), [](const MtmeAverage& a, const MtmeAverage& b) {
      return a.score != b.score ? a.score > b.score : a.metric < b.metric;
    });
    result.task_sets.push_back(std::move(averages));
  }
  result.request = std::move(request);
  return result;
}

}  // namespace trenchcoat::runs
