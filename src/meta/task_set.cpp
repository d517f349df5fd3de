#include "trenchcoat/meta/task_set.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {
namespace {

EvaluationTask task(std::string name, TaskLevel level, AgreementStatistic statistic, Grouping grouping,
                    bool from_segment_scores = false) {
  return EvaluationTask{std::move(name), level, statistic, grouping, from_segment_scores};
}

double total_weight(const TaskSet& set) {
  double total = 0;
  for (const auto& t : set.tasks) total += t.weight;
  return total;
}

}  // namespace

TaskSet wmt23_task_set() {
  // mt-metrics-eval tasks.WMT23 for one language pair: the pooled accuracy task first, weighted by
  // the number of language pairs (1), then the per-pair tasks; all weights normalised.
  TaskSet set{"wmt23", {}};
  set.tasks.push_back(
      {task("sys pairwise-acc", TaskLevel::sys, AgreementStatistic::pairwise_accuracy, Grouping::none), 1.0});
  set.tasks.push_back({task("sys pearson", TaskLevel::sys, AgreementStatistic::pearson, Grouping::none), 1.0});
  set.tasks.push_back({task("seg pearson", TaskLevel::seg, AgreementStatistic::pearson, Grouping::none), 1.0});
  set.tasks.push_back(
      {task("seg acc23-opt item", TaskLevel::seg, AgreementStatistic::acc23_calibrated, Grouping::item), 1.0});
  return set;
}

TaskSet wmt24_task_set() {
  // mt-metrics-eval tasks.WMT24 for one language pair: system-level SPA ("pce", computed from the
  // segment-level scores) and segment-level tie-calibrated acc_23 per item, equal weights.
  TaskSet set{"wmt24", {}};
  set.tasks.push_back(
      {task("sys spa", TaskLevel::sys, AgreementStatistic::soft_pairwise_accuracy, Grouping::none, true), 1.0});
  set.tasks.push_back(
      {task("seg acc23-opt item", TaskLevel::seg, AgreementStatistic::acc23_calibrated, Grouping::item), 1.0});
  return set;
}

std::optional<TaskSet> task_set_by_name(const std::string& name) {
  if (name == "wmt23") return wmt23_task_set();
  if (name == "wmt24") return wmt24_task_set();
  return std::nullopt;
}

std::optional<double> average_task_score(const TaskSet& set, const std::vector<std::optional<double>>& values) {
  if (values.size() != set.tasks.size())
    throw Error("average_task_score: " + std::to_string(values.size()) + " values for " +
                std::to_string(set.tasks.size()) + " tasks");
  const double total = total_weight(set);
  double sum = 0;
  for (std::size_t t = 0; t < values.size(); ++t) {
    if (!values[t]) return std::nullopt;
    const StatisticRange range = agreement_statistic_range(set.tasks[t].task.statistic);
    sum += (*values[t] - range.lower) / (range.upper - range.lower) * (set.tasks[t].weight / total);
  }
  return sum;
}

std::vector<std::string> flagged_tasks(const TaskSet& set, const std::vector<std::optional<AgreementValue>>& values) {
  if (values.size() != set.tasks.size())
    throw Error("flagged_tasks: " + std::to_string(values.size()) + " values for " + std::to_string(set.tasks.size()) +
                " tasks");
  std::vector<std::string> out;
  for (std::size_t t = 0; t < values.size(); ++t)
    if (values[t] && ties_nearly_all_pairs(*values[t])) out.push_back(set.tasks[t].task.name);
  return out;
}

std::optional<double> average_task_rank(const TaskSet& set, const std::vector<std::optional<int>>& ranks) {
  if (ranks.size() != set.tasks.size())
    throw Error("average_task_rank: " + std::to_string(ranks.size()) + " ranks for " +
                std::to_string(set.tasks.size()) + " tasks");
  const double total = total_weight(set);
  double sum = 0;
  for (std::size_t t = 0; t < ranks.size(); ++t) {
    if (!ranks[t]) return std::nullopt;
    sum += *ranks[t] * (set.tasks[t].weight / total);
  }
  return sum;
}

}  // namespace trenchcoat::meta
