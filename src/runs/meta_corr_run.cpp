#include "trenchcoat/runs/meta_corr_run.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "trenchcoat/meta/williams_test.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::runs {

void check_meta_corr_settings(const MetaCorrSettings& s) {
  const std::string stat_name = meta::agreement_statistic_name(s.statistic);
  if (s.missing == meta::MissingPolicy::tie)
    throw RequestError(
        "--missing tie has no meaning for meta corr: a correlation cannot tie one missing metric score "
        "with all the others; use --missing drop (the entry is left out, as a missing gold score is)");
  if ((s.statistic == meta::AgreementStatistic::pairwise_accuracy ||
       s.statistic == meta::AgreementStatistic::soft_pairwise_accuracy) &&
      s.options.grouping != meta::Grouping::none)
    throw RequestError(stat_name + " compares systems over all their scores: use it with --group none");
  if (s.options.metric_epsilon != 0.0 && s.statistic != meta::AgreementStatistic::tau23 &&
      s.statistic != meta::AgreementStatistic::acc23)
    throw RequestError("--epsilon applies to tau23 and acc23 only");
  if (s.significance.resamples > 0 && !meta::significance_setup(s.statistic, s.options))
    throw RequestError("--perm is not available for --stat " + stat_name);
  const auto resampled = meta::grouped_statistic(s.statistic);
  if (s.bootstrap > 0 && !resampled)
    throw RequestError(
        "--bootstrap is available for pearson, spearman, kendall-b, kendall-c, tau23, acc23 and weighted-tau");
  if (s.williams && !resampled)
    throw RequestError(
        "--williams is available for pearson, spearman, kendall-b, kendall-c, tau23, acc23 and weighted-tau");
  if (!(s.significance.alpha > 0 && s.significance.alpha < 1) || !(s.confidence > 0 && s.confidence < 1))
    throw RequestError("--alpha and --confidence must lie between 0 and 1");
  if (s.significance.resamples > 0 && s.significance.block_size == 0)
    throw RequestError("--block-size must be at least 1");
}

MetaCorrResult run_meta_corr(MetaCorrRequest request, Progress& progress) {
  const MetaCorrSettings& s = request.settings;
  check_meta_corr_settings(s);
  MetaCorrResult result;
  result.settings = s;
  result.gold_name = request.gold_name;
  result.systems_without_gold = request.systems_without_gold;
  meta::ScoreTable& gold = request.gold;
  const auto& metrics = request.metrics;
  for (const auto& m : metrics)
    if (m.table.num_systems() != gold.num_systems() || m.table.num_items() != gold.num_items())
      throw Error(m.name + ": " + std::to_string(m.table.num_systems()) + " systems x " +
                  std::to_string(m.table.num_items()) + " items, but gold has " + std::to_string(gold.num_systems()) +
                  " x " + std::to_string(gold.num_items()));

  // Missing drop: an entry (system, item) whose score is missing in any metric is left out for every
  // metric, by making its gold score missing, so that all metrics are compared on the same entries.
  std::vector<std::size_t> missing_per_metric(metrics.size(), 0);
  if (s.missing == meta::MissingPolicy::drop) {
    for (std::size_t sys = 0; sys < gold.num_systems(); ++sys)
      for (std::size_t i = 0; i < gold.num_items(); ++i) {
        bool any = false;
        for (std::size_t m = 0; m < metrics.size(); ++m)
          if (meta::is_missing(metrics[m].table.value(sys, i))) {
            ++missing_per_metric[m];
            any = true;
          }
        if (any) {
          ++result.entries_dropped;
          gold.set(sys, i, std::nan(""));
        }
      }
  }
  result.systems = gold.num_systems();
  result.items = gold.num_items();
  std::vector<meta::AgreementValue> values;
  for (const auto& m : metrics) values.push_back(meta::compute_agreement(gold, m.table, s.statistic, s.options));

  // Row order: as given, or with the permutation test by decreasing value (the comparison's order).
  std::vector<std::size_t> order(metrics.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (s.significance.resamples > 0) {
    std::vector<std::string> names;
    std::vector<const meta::ScoreTable*> tables;
    for (const auto& m : metrics) {
      names.push_back(m.name);
      tables.push_back(&m.table);
    }
    result.comparison = compare_metric_tables(gold, names, tables, *meta::significance_setup(s.statistic, s.options),
                                              s.significance, progress);
    for (std::size_t i = 0; i < result.comparison->names.size(); ++i)
      order[i] =
          static_cast<std::size_t>(std::find(names.begin(), names.end(), result.comparison->names[i]) - names.begin());
  }
  const auto resampled = meta::grouped_statistic(s.statistic);
  std::vector<std::optional<meta::BootstrapCorrelation>> intervals(metrics.size());
  if (s.bootstrap > 0) {
    meta::BootstrapOptions b;
    b.resamples = s.bootstrap;
    b.confidence_level = s.confidence;
    b.seed = s.seed;
    b.average.metric_epsilon = s.options.metric_epsilon;
    b.progress = [&progress](std::size_t done, std::size_t) { progress.set(done); };
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      progress.start("bootstrap " + metrics[i].name, s.bootstrap, "resamples");
      intervals[i] = meta::bootstrap_correlation(gold, metrics[i].table, s.options.grouping, *resampled, b);
    }
    progress.finish();
  }

  // Williams p-values between the rows, in row order.
  if (s.williams) {
    result.williams_p.assign(order.size(), std::vector<double>(order.size(), 0.0));
    meta::AverageOptions average;
    average.metric_epsilon = s.options.metric_epsilon;
    for (std::size_t a = 0; a < order.size(); ++a)
      for (std::size_t b = a + 1; b < order.size(); ++b)
        result.williams_p[a][b] = meta::williams_sig_diff(gold, metrics[order[a]].table, metrics[order[b]].table,
                                                          s.options.grouping, *resampled, average)
                                      .p_value;
  }
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t i = order[r];
    MetaCorrRow row{metrics[i].name, values[i],    missing_per_metric[i],
                    std::nullopt,    intervals[i], meta::tie_calibration_warning(values[i])};
    if (result.comparison) row.rank = result.comparison->ranks[r];
    result.rows.push_back(std::move(row));
  }
  if (s.points) {
    MetaCorrPoints points;
    points.systems = gold.systems();
    points.metrics.resize(order.size());
    for (std::size_t sys = 0; sys < gold.num_systems(); ++sys)
      for (std::size_t i = 0; i < gold.num_items(); ++i) {
        if (meta::is_missing(gold.value(sys, i))) continue;
        points.system.push_back(sys);
        points.item.push_back(i);
        points.gold.push_back(gold.value(sys, i));
        for (std::size_t r = 0; r < order.size(); ++r)
          points.metrics[r].push_back(metrics[order[r]].table.value(sys, i));
      }
    result.points = std::move(points);
  }
  return result;
}

}  // namespace trenchcoat::runs
