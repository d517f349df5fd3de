#include "trenchcoat/meta/agreement_statistic.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/kendall_like.hpp"
#include "trenchcoat/meta/pairwise_accuracy.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::meta {
namespace {

constexpr std::array<std::pair<AgreementStatistic, const char*>, 12> kNames = {{
    {AgreementStatistic::pearson, "pearson"},
    {AgreementStatistic::spearman, "spearman"},
    {AgreementStatistic::kendall_b, "kendall-b"},
    {AgreementStatistic::kendall_c, "kendall-c"},
    {AgreementStatistic::tau23, "tau23"},
    {AgreementStatistic::acc23, "acc23"},
    {AgreementStatistic::weighted_tau, "weighted-tau"},
    {AgreementStatistic::acc23_calibrated, "acc23-opt"},
    {AgreementStatistic::tau23_calibrated, "tau23-opt"},
    {AgreementStatistic::kendall_like, "kendall-like"},
    {AgreementStatistic::pairwise_accuracy, "pairwise-acc"},
    {AgreementStatistic::soft_pairwise_accuracy, "spa"},
}};

}  // namespace

std::optional<AgreementStatistic> parse_agreement_statistic(const std::string& name) {
  for (const auto& [statistic, n] : kNames)
    if (name == n) return statistic;
  return std::nullopt;
}

std::string agreement_statistic_name(AgreementStatistic statistic) {
  for (const auto& [s, n] : kNames)
    if (s == statistic) return n;
  return "?";
}

const std::vector<std::string>& agreement_statistic_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : kNames) out.emplace_back(entry.second);
    return out;
  }();
  return names;
}

std::optional<Statistic> grouped_statistic(AgreementStatistic statistic) {
  switch (statistic) {
    case AgreementStatistic::pearson:
      return Statistic::pearson;
    case AgreementStatistic::spearman:
      return Statistic::spearman;
    case AgreementStatistic::kendall_b:
      return Statistic::kendall_b;
    case AgreementStatistic::kendall_c:
      return Statistic::kendall_c;
    case AgreementStatistic::tau23:
      return Statistic::tau23;
    case AgreementStatistic::acc23:
      return Statistic::acc23;
    case AgreementStatistic::weighted_tau:
      return Statistic::weighted_tau;
    default:
      return std::nullopt;
  }
}

namespace {

std::size_t group_count(const ScoreTable& table, Grouping grouping) {
  switch (grouping) {
    case Grouping::none:
      return 1;
    case Grouping::item:
      return table.num_items();
    case Grouping::sys:
      return table.num_systems();
  }
  return 1;
}

// The statistic itself; compute_agreement adds the bookkeeping.
AgreementValue compute_value(const ScoreTable& gold, const ScoreTable& metric, AgreementStatistic statistic,
                             const AgreementOptions& options) {
  AgreementValue out;
  switch (statistic) {
    case AgreementStatistic::acc23_calibrated:
    case AgreementStatistic::tau23_calibrated: {
      const auto variant =
          statistic == AgreementStatistic::acc23_calibrated ? TiesKendallVariant::acc23 : TiesKendallVariant::tau23;
      const TieCalibration t = calibrate_ties(gold, metric, options.grouping, variant);
      out.value = t.value;
      out.groups = t.num_groups;
      out.epsilon = t.epsilon;
      out.pairs = static_cast<double>(t.num_pairs);
      out.metric_tied_pairs = t.metric_tied_pairs;
      out.gold_tied_pairs = t.gold_tied_pairs;
      return out;
    }
    case AgreementStatistic::kendall_like: {
      const GroupedCorrelation r = average_kendall_like(gold, metric, options.grouping, options.kendall_like_threshold);
      out.value = r.value;
      out.groups = r.num_groups;
      out.pairs = r.total_weight;
      return out;
    }
    case AgreementStatistic::pairwise_accuracy: {
      if (options.grouping != Grouping::none)
        throw Error("pairwise accuracy compares systems over all pairs: use it with grouping none");
      const AgreementCounts a = agreement(gold.values(), metric.values());
      out.value = a.num_pairs > 0 ? static_cast<double>(a.agree) / static_cast<double>(a.num_pairs) : 0.0;
      out.groups = 1;
      out.pairs = static_cast<double>(a.num_pairs);
      out.agreeing_pairs = static_cast<std::size_t>(a.agree);
      return out;
    }
    case AgreementStatistic::soft_pairwise_accuracy: {
      if (options.grouping != Grouping::none)
        throw Error("soft pairwise accuracy compares systems over the segment columns: use it with grouping none");
      const SoftPairwiseAccuracy spa = soft_pairwise_accuracy(gold, metric, options.spa);
      out.value = spa.value;
      out.groups = 1;
      out.pairs = static_cast<double>(spa.p_human.size());
      out.spa = spa;
      return out;
    }
    default:
      break;
  }
  const Statistic s = *grouped_statistic(statistic);
  AverageOptions average;
  average.metric_epsilon = options.metric_epsilon;
  const GroupedCorrelation r = average_correlation(gold, metric, options.grouping, s, average);
  out.value = r.value;
  out.groups = r.num_groups;
  if (!std::isnan(r.p_value)) out.p_value_mean = r.p_value;
  return out;
}

}  // namespace

AgreementValue compute_agreement(const ScoreTable& gold, const ScoreTable& metric, AgreementStatistic statistic,
                                 const AgreementOptions& options) {
  AgreementValue out = compute_value(gold, metric, statistic, options);
  const std::size_t total = group_count(gold, options.grouping);
  out.groups_skipped = total > out.groups ? total - out.groups : 0;
  return out;
}

std::string epsilon_text(double epsilon) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", epsilon);
  return buffer;
}

std::optional<double> metric_tie_share(const AgreementValue& value) {
  if (!value.metric_tied_pairs || !value.pairs || !(*value.pairs > 0)) return std::nullopt;
  return static_cast<double>(*value.metric_tied_pairs) / *value.pairs;
}

bool ties_nearly_all_pairs(const AgreementValue& value) {
  const auto share = metric_tie_share(value);
  return share && *share >= kNearlyAllTiesShare;
}

std::string tie_calibration_warning(const AgreementValue& value) {
  if (!ties_nearly_all_pairs(value)) return "";
  const double pairs = *value.pairs;
  const double gold = value.gold_tied_pairs ? static_cast<double>(*value.gold_tied_pairs) / pairs : 0.0;
  return "epsilon " + epsilon_text(value.epsilon.value_or(0.0)) + " makes " +
         text::format_fixed(100.0 * *metric_tie_share(value), 1) + "% of " +
         std::to_string(static_cast<std::size_t>(pairs)) +
         " pairs metric ties (gold ties: " + text::format_fixed(100.0 * gold, 1) +
         "%): the value reflects only the share of gold ties, not the metric";
}

StatisticRange agreement_statistic_range(AgreementStatistic statistic) {
  switch (statistic) {
    case AgreementStatistic::acc23:
    case AgreementStatistic::acc23_calibrated:
    case AgreementStatistic::pairwise_accuracy:
    case AgreementStatistic::soft_pairwise_accuracy:
      return {0.0, 1.0};
    default:
      return {-1.0, 1.0};
  }
}

std::optional<SignificanceSetup> significance_setup(AgreementStatistic statistic, const AgreementOptions& options) {
  SignificanceSetup setup;
  setup.measure.grouping = options.grouping;
  if (statistic == AgreementStatistic::acc23_calibrated || statistic == AgreementStatistic::tau23_calibrated) {
    setup.measure.statistic = statistic == AgreementStatistic::acc23_calibrated ? Statistic::acc23 : Statistic::tau23;
    setup.measure.tie_calibrated = true;
    setup.test = SignificanceTest::pairs;
    return setup;
  }
  const auto s = grouped_statistic(statistic);
  if (!s) return std::nullopt;
  setup.measure.statistic = *s;
  setup.measure.options.metric_epsilon = options.metric_epsilon;
  setup.test = SignificanceTest::scores;
  return setup;
}

}  // namespace trenchcoat::meta
