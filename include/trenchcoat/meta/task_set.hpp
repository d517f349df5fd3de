#pragma once
// The WMT metrics-task summaries: a task is one agreement statistic at one level with one grouping
// (e.g. "segment-level tie-calibrated acc_23 per item"); a task set weights several tasks and
// averages each metric's results into one score and one rank, as mt-metrics-eval's
// tasks.TaskSetResults does.
//
// * AverageCorrs: each task's value c is mapped to [0, 1] with the statistic's range [b, e] as
//   (c - b) / (e - b) (correlations [-1, 1]; accuracies, acc_23 and SPA [0, 1]), then the weighted
//   sum is taken with the weights normalised to sum to 1.
// * AverageRanks: the weighted sum (normalised weights) of the task's significance-cluster ranks.
// * Official sets for one language pair (the pooled accuracy task then covers that one pair):
//   WMT23: sys Pearson (none), sys pairwise accuracy (none; weight #language pairs = 1 here),
//          seg Pearson (none), seg tie-calibrated acc_23 (item); weights normalised.
//   WMT24: sys soft pairwise accuracy (from segment-level scores), seg tie-calibrated acc_23 (item),
//          equal weights.
// The significance of the averaged differences (AverageCorrMatrix) is not computed.
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/agreement_statistic.hpp"

namespace trenchcoat::meta {

enum class TaskLevel { sys, seg };

struct EvaluationTask {
  std::string name;  // e.g. "sys pearson", "seg acc23-opt item"
  TaskLevel level = TaskLevel::sys;
  AgreementStatistic statistic = AgreementStatistic::pearson;
  Grouping grouping = Grouping::none;
  // SPA at system level reads the segment-level scores (WMT24); every other task reads its level.
  bool from_segment_scores = false;
};

struct WeightedTask {
  EvaluationTask task;
  double weight = 1.0;
};

struct TaskSet {
  std::string name;  // "wmt23", "wmt24"
  std::vector<WeightedTask> tasks;
};

// The official task sets for one language pair.
TaskSet wmt23_task_set();
TaskSet wmt24_task_set();
// "wmt23" / "wmt24"; nullopt for other names.
std::optional<TaskSet> task_set_by_name(const std::string& name);

// One metric's results on the tasks of a set, in the set's order; nullopt where the metric has no
// result for a task (e.g. no scores at that level).
struct TaskResults {
  std::vector<std::optional<double>> values;
  std::vector<std::optional<int>> ranks;
};

// The AverageCorrs score, or nullopt when a value is missing. Throws trenchcoat::Error when the sizes
// do not match the set.
std::optional<double> average_task_score(const TaskSet& set, const std::vector<std::optional<double>>& values);
// The names of the set's tasks whose value for one metric should not be trusted in the average: a
// tie-calibrated value whose epsilon ties nearly all pairs (ties_nearly_all_pairs). `values` holds the
// metric's full results in the set's order (nullopt: no result). The average still includes them, as
// mt-metrics-eval's does; the caller flags the metric. Throws trenchcoat::Error on a size mismatch.
std::vector<std::string> flagged_tasks(const TaskSet& set, const std::vector<std::optional<AgreementValue>>& values);
// The AverageRanks score, or nullopt when a rank is missing.
std::optional<double> average_task_rank(const TaskSet& set, const std::vector<std::optional<int>>& ranks);

}  // namespace trenchcoat::meta
