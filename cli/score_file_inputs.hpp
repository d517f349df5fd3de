#pragma once
// Gold and metric mt-metrics-eval score files as `meta corr` and `meta calib` read them: the gold
// file's systems, narrowed by --systems and --exclude, less the systems whose gold is missing
// everywhere (reported); every remaining system must be in every metric file (which may hold more,
// ignored) with as many items as the gold file. Errors name the file.
#include <string>
#include <vector>

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::cli {

struct MetricScores {
  std::string name, path;  // from --metric NAME=FILE
  meta::ScoreTable table;  // narrowed to the evaluated systems, in their order
};

struct GoldAndMetrics {
  meta::ScoreTable gold;                  // the evaluated systems only
  std::vector<std::string> without_gold;  // left out: no gold score anywhere
  std::vector<MetricScores> metrics;      // in the order given
};

// systems_arg / exclude_arg: comma lists (empty: all / none). A missing metric score (None) is an
// error naming the file, line and --missing flag under MissingPolicy::error; otherwise it is kept as a
// missing value (NaN) for the command's policy. Throws ExitError.
GoldAndMetrics read_gold_and_metrics(const std::string& gold_path, const std::vector<std::string>& metric_args,
                                     const std::string& systems_arg, const std::string& exclude_arg,
                                     meta::MissingPolicy missing = meta::MissingPolicy::error);

}  // namespace trenchcoat::cli
