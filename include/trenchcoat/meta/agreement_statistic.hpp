#pragma once
// The agreement statistics a user picks by name (`meta corr --stat`, `mtme eval`): one entry point
// that computes any of them for one metric against gold, with the details each one reports, and
// tells which significance test applies. Every statistic follows mt-metrics-eval
// (git 68a481a): the per-group scipy correlations and Kendall variants
// (grouped_correlation.hpp), tie calibration (tie_calibration.hpp), KendallLike (kendall_like.hpp),
// system-level pairwise accuracy (pairwise_accuracy.hpp) and soft pairwise accuracy
// (soft_pairwise_accuracy.hpp).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/meta/metric_comparison.hpp"
#include "trenchcoat/meta/permutation_test.hpp"
#include "trenchcoat/meta/score_table.hpp"
#include "trenchcoat/meta/soft_pairwise_accuracy.hpp"

namespace trenchcoat::meta {

enum class AgreementStatistic {
  pearson,
  spearman,
  kendall_b,
  kendall_c,
  tau23,
  acc23,
  weighted_tau,
  acc23_calibrated,  // acc_23 at the metric tie threshold that maximises it (KendallWithTiesOpt)
  tau23_calibrated,
  kendall_like,            // WMT17-21 DARR Kendall-like tau, micro-averaged over pairs
  pairwise_accuracy,       // Kocmi et al. 2021: share of system pairs ordered alike (--group none)
  soft_pairwise_accuracy,  // SPA = 1 - PCE (Thompson et al. 2024), from segment-level tables
};

// Command-line names: pearson, spearman, kendall-b, kendall-c, tau23, acc23, weighted-tau, acc23-opt,
// tau23-opt, kendall-like, pairwise-acc, spa.
std::optional<AgreementStatistic> parse_agreement_statistic(const std::string& name);
std::string agreement_statistic_name(AgreementStatistic statistic);
const std::vector<std::string>& agreement_statistic_names();

struct AgreementOptions {
  Grouping grouping = Grouping::none;
  double metric_epsilon = 0.0;          // tau23 / acc23 only
  double kendall_like_threshold = 0.0;  // kendall_like: smallest |gold difference| of a counted pair
  SoftPairwiseAccuracyOptions spa;      // soft_pairwise_accuracy
};

struct AgreementValue {
  double value = 0.0;
  std::size_t groups = 0;  // groups averaged (1 for the pooled statistics)
  // Groups left out, as mt-metrics-eval leaves them out: fewer than two gold scores, or (scipy
  // statistics) an undefined value such as the correlation of a constant group.
  std::size_t groups_skipped = 0;
  std::optional<double> p_value_mean;            // scipy statistics: the mean of the per-group p-values
  std::optional<double> epsilon;                 // tie-calibrated: the metric tie threshold of the best value
  std::optional<double> pairs;                   // pairs counted (tie calibration, KendallLike, accuracy)
  std::optional<std::size_t> metric_tied_pairs;  // tie-calibrated: pairs the chosen epsilon makes metric ties
  std::optional<std::size_t> gold_tied_pairs;    // tie-calibrated: pairs with equal gold scores
  std::optional<std::size_t> agreeing_pairs;     // pairwise accuracy
  std::optional<SoftPairwiseAccuracy> spa;       // soft pairwise accuracy, with its per-pair p-values
};

// Computes one statistic. The tables must list the same systems in the same order with the same
// number of items (throws trenchcoat::Error otherwise). pairwise_accuracy needs Grouping::none and
// soft_pairwise_accuracy ignores the grouping (it compares systems over segment columns); both throw
// trenchcoat::Error for other groupings.
AgreementValue compute_agreement(const ScoreTable& gold, const ScoreTable& metric, AgreementStatistic statistic,
                                 const AgreementOptions& options);

// Tie calibration can choose an epsilon at least as large as every metric difference, so that every
// pair is predicted a tie and the value is just the share of gold ties, the same for any metric. A
// value is flagged when the chosen epsilon makes at least this share of the enumerated pairs metric
// ties ("nearly all"; 99%).
inline constexpr double kNearlyAllTiesShare = 0.99;
// The share of pairs the chosen epsilon ties (tie-calibrated values with at least one pair), else
// nullopt.
std::optional<double> metric_tie_share(const AgreementValue& value);
// True when metric_tie_share(value) >= kNearlyAllTiesShare.
bool ties_nearly_all_pairs(const AgreementValue& value);
// An epsilon as text and tables show it: 6 significant digits ("100" for 100.00000000000004); JSON
// keeps the exact value.
std::string epsilon_text(double epsilon);
// One line for a flagged value, e.g. "epsilon 100 makes 100.0% of 4680 pairs metric ties (gold ties:
// 48.0%): the value reflects only the share of gold ties, not the metric"; "" when not flagged.
std::string tie_calibration_warning(const AgreementValue& value);

// The range a statistic lives in, for mapping task scores to [0, 1] in the WMT averages
// (mt-metrics-eval's TaskSetResults.AverageCorrs): [-1, 1] for correlations, [0, 1] for accuracies and SPA.
struct StatisticRange {
  double lower, upper;
};
StatisticRange agreement_statistic_range(AgreementStatistic statistic);

// How two metrics' values of this statistic are compared for significance, as mt-metrics-eval's tasks
// do: PERM-BOTH over the scores for the per-group statistics, the pairwise permutation test for the
// tie-calibrated ones.
// nullopt where no test is implemented (kendall-like, pairwise-acc, spa).
struct SignificanceSetup {
  CorrelationMeasure measure;
  SignificanceTest test;
};
std::optional<SignificanceSetup> significance_setup(AgreementStatistic statistic, const AgreementOptions& options);

// The per-group statistic behind a statistic that bootstrap_correlation can resample (the scipy
// correlations, tau23 / acc23 and weighted tau); nullopt for the others.
std::optional<Statistic> grouped_statistic(AgreementStatistic statistic);

}  // namespace trenchcoat::meta
