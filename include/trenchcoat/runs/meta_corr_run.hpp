#pragma once
// `meta corr` as a library call: how well metric scores agree with gold scores, computed as
// mt-metrics-eval computes it, with permutation significance and cluster ranks, bootstrap intervals
// and Williams tests. The request holds score tables already read (the command reads mt-metrics-eval
// score files into them); the result holds every number the renderers show.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/paired_bootstrap.hpp"
#include "trenchcoat/meta/score_table.hpp"
#include "trenchcoat/runs/metric_significance.hpp"
#include "trenchcoat/runs/progress.hpp"

namespace trenchcoat::runs {

// One metric's scores, narrowed to the gold table's systems and items.
struct NamedScoreTable {
  std::string name;
  meta::ScoreTable table;
};

// Everything but the data: checked by check_meta_corr_settings before any file is read.
struct MetaCorrSettings {
  meta::AgreementStatistic statistic = meta::AgreementStatistic::pearson;
  meta::AgreementOptions options;                            // grouping, metric epsilon, KendallLike threshold, SPA
  std::string level = "seg";                                 // reported only: the files decide what an item is
  meta::MissingPolicy missing = meta::MissingPolicy::error;  // error or drop (tie is refused)
  SignificanceSettings significance;                         // resamples 0: no permutation test
  std::size_t bootstrap = 0;                                 // resamples; 0: no intervals
  double confidence = 0.95;
  bool williams = false;
  std::uint64_t seed = 0;  // permutations, bootstrap and SPA (options.spa.seed too)
  bool points = false;     // keep every entry's gold and metric scores in the result (MetaCorrPoints)
};

struct MetaCorrRequest {
  MetaCorrSettings settings;
  std::string gold_name;  // reported (the gold file's path on the command line)
  meta::ScoreTable gold;
  std::vector<std::string> systems_without_gold;  // left out before the request was made; reported
  std::vector<NamedScoreTable> metrics;           // in the order given; missing scores only with drop
};

struct MetaCorrRow {
  std::string metric;
  meta::AgreementValue value;
  std::size_t missing_scores = 0;  // --missing drop: this metric's missing entries
  std::optional<int> rank;         // with the permutation test
  std::optional<meta::BootstrapCorrelation> interval;
  std::string warning;  // meta::tie_calibration_warning, empty if none
};

// Every (system, item) entry with a gold score (after --missing drop), system by system in item order:
// the gold score and each metric's score, metrics in row order. What a scatter of metric against gold
// draws.
struct MetaCorrPoints {
  std::vector<std::string> systems;
  std::vector<std::size_t> system, item;  // per entry: index into systems, item index
  std::vector<double> gold;
  std::vector<std::vector<double>> metrics;  // [row][entry]
};

struct MetaCorrResult {
  MetaCorrSettings settings;
  std::string gold_name;
  std::size_t systems = 0, items = 0;
  std::vector<std::string> systems_without_gold;
  std::size_t entries_dropped = 0;                   // --missing drop: (system, item) entries left out for every metric
  std::vector<MetaCorrRow> rows;                     // as given, or with the permutation test by decreasing value
  std::optional<meta::MetricComparison> comparison;  // names and p-values in row order
  std::vector<std::vector<double>> williams_p;       // [a][b], b > a, rows in row order
  std::optional<MetaCorrPoints> points;              // settings.points
};

// Throws RequestError for a combination that does not apply (e.g. --epsilon with pearson, --perm for
// a statistic without a test, --bootstrap for one that cannot be resampled, alpha outside (0, 1)).
void check_meta_corr_settings(const MetaCorrSettings& settings);

// Checks the settings, computes every metric's value, then the tests asked for. Throws RequestError
// (settings) or trenchcoat::Error (data).
MetaCorrResult run_meta_corr(MetaCorrRequest request, Progress& progress = no_progress());

}  // namespace trenchcoat::runs
