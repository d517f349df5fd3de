#pragma once
// `mtme eval` as a library call: the WMT metrics-task table for one language pair of an
// mt-metrics-eval test-set directory. Every metric in metric-scores/LP/ that used the chosen reference
// (or none) is compared with the human scores, task by task, as mt-metrics-eval's tasks module does,
// with significance clusters, and averaged into the WMT23 / WMT24 task-set scores.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/task_set.hpp"
#include "trenchcoat/runs/metric_significance.hpp"
#include "trenchcoat/runs/progress.hpp"

namespace trenchcoat::runs {

struct MtmeEvalRequest {
  std::string root;       // the test-set directory (e.g. mt-metrics-eval-v2/wmt23)
  std::string lp;         // language pair, e.g. en-de
  std::string gold;       // human score name; empty: mqm if present at every level needed, else the only one
  std::string reference;  // the standard reference; empty: the only one
  std::vector<std::string> excluded;  // systems left out (each must have an output)
  bool include_human = false;         // keep the other references as systems
  std::string level;                  // "sys" or "seg": only the tasks at that level; empty: all
  // One custom task instead of the task sets: a statistic with its grouping.
  std::optional<meta::AgreementStatistic> statistic;
  meta::Grouping grouping = meta::Grouping::none;
  std::vector<std::string> task_sets = {"wmt23", "wmt24"};
  SignificanceSettings significance{0, 100};  // resamples 0: no test, every rank 1
  std::size_t spa_permutations = 1000;        // seeded with significance.seed
};

struct MtmeTaskMetric {
  std::string metric;
  meta::AgreementValue value;
  std::optional<int> rank;  // none for statistics without a significance test
  std::string warning;      // meta::tie_calibration_warning, empty if none
};

struct MtmeTaskResult {
  meta::EvaluationTask task;
  std::vector<double> weights;          // one per task set named in the request (0: not in it); empty for --stat
  std::vector<std::string> systems;     // the systems compared
  std::vector<MtmeTaskMetric> metrics;  // by decreasing value, name as secondary key
  std::optional<meta::MetricComparison> comparison;
  std::vector<std::pair<std::string, std::string>> skipped;  // (metric or "*", reason)
};

struct MtmeAverage {
  std::string metric;
  double score = 0;
  std::optional<double> rank;
  std::vector<std::string> flagged;  // tasks whose value ties nearly all pairs (meta::flagged_tasks)
};

struct MtmeTaskSetResult {
  std::string name;
  std::vector<MtmeAverage> metrics;  // by decreasing score, name as secondary key
};

struct MtmeEvalResult {
  MtmeEvalRequest request;                  // gold and reference as chosen
  std::vector<std::string> task_set_names;  // as requested (empty for a custom task)
  std::vector<MtmeTaskResult> tasks;
  // The averages, for metrics present in every task of a set; only when every level was evaluated.
  std::vector<MtmeTaskSetResult> task_sets;
  bool complete = false;  // every level evaluated (no request.level)
};

// Throws RequestError for an unknown task set, a zero block size, or an ambiguous gold / reference
// (several and none chosen); trenchcoat::Error for data that is not there (the test set, the chosen
// gold or reference, an excluded system without output).
MtmeEvalResult run_mtme_eval(MtmeEvalRequest request, Progress& progress = no_progress());

}  // namespace trenchcoat::runs
