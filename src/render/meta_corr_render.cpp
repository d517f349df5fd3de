#include "trenchcoat/render/meta_corr_render.hpp"

#include <cmath>

#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::render {
namespace {

nlohmann::ordered_json value_json(const meta::AgreementValue& v) {
  nlohmann::ordered_json j;
  j["value"] = v.value;
  j["groups"] = v.groups;
  if (v.groups_skipped > 0) j["groups_skipped"] = v.groups_skipped;
  if (v.p_value_mean) j["p_value_mean"] = *v.p_value_mean;
  if (v.epsilon) j["epsilon"] = *v.epsilon;
  if (v.pairs) j["pairs"] = *v.pairs;
  if (v.metric_tied_pairs) j["metric_tied_pairs"] = *v.metric_tied_pairs;
  if (v.gold_tied_pairs) j["gold_tied_pairs"] = *v.gold_tied_pairs;
  if (const std::string w = meta::tie_calibration_warning(v); !w.empty()) j["warning"] = w;
  if (v.agreeing_pairs) j["agree"] = *v.agreeing_pairs;
  if (v.spa) {
    j["spa"] = {{"p_human", v.spa->p_human},           {"p_metric", v.spa->p_metric},
                {"items_used", v.spa->num_items_used}, {"items_dropped", v.spa->items_dropped},
                {"permutations", v.spa->permutations}, {"exact", v.spa->exact}};
    if (!v.spa->exact) j["spa"]["seed"] = v.spa->seed;
  }
  return j;
}

std::string fixed(double v) { return std::isnan(v) ? "nan" : text::format_fixed(v, 4); }

std::string grouping_name(meta::Grouping g) {
  return g == meta::Grouping::none ? "none" : g == meta::Grouping::item ? "item" : "sys";
}

// An upper-triangle matrix of p-values, rows and columns named.
io::TextTable p_value_matrix(const std::vector<std::string>& names, const std::vector<std::vector<double>>& p) {
  io::TextTable matrix{{""}, {io::Align::left}, {}};
  for (const auto& n : names) {
    matrix.headers.push_back(n);
    matrix.aligns.push_back(io::Align::right);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::vector<std::string> row = {names[i]};
    for (std::size_t j = 0; j < names.size(); ++j) row.push_back(j > i ? fixed(p[i][j]) : "");
    matrix.rows.push_back(row);
  }
  return matrix;
}

}  // namespace

nlohmann::ordered_json meta_corr_json(const runs::MetaCorrResult& r) {
  const runs::MetaCorrSettings& s = r.settings;
  const bool drop = s.missing == meta::MissingPolicy::drop;
  nlohmann::ordered_json out;
  out["statistic"] = meta::agreement_statistic_name(s.statistic);
  out["level"] = s.level;
  out["group"] = grouping_name(s.options.grouping);
  out["gold"] = r.gold_name;
  out["systems"] = r.systems;
  out["items"] = r.items;
  if (!r.systems_without_gold.empty()) out["systems_without_gold"] = r.systems_without_gold;
  out["missing"] = {{"policy", meta::missing_policy_name(s.missing)}, {"entries_dropped", r.entries_dropped}};
  out["metrics"] = nlohmann::ordered_json::array();
  for (const auto& m : r.rows) {
    nlohmann::ordered_json row = {{"metric", m.metric}};
    row.update(value_json(m.value));
    if (drop) row["missing_scores"] = m.missing_scores;
    if (m.rank) row["rank"] = *m.rank;
    if (m.interval) row["interval"] = {m.interval->correlation.interval.lower, m.interval->correlation.interval.upper};
    out["metrics"].push_back(row);
  }
  if (r.comparison) {
    const auto setup = meta::significance_setup(s.statistic, s.options);
    out["significance"] = {
        {"test", setup && setup->test == meta::SignificanceTest::scores ? "PERM-BOTH" : "pairwise permutation"},
        {"resamples", s.significance.resamples},
        {"block_size", s.significance.block_size},
        {"early_stop", {s.significance.early_min, s.significance.early_max}},
        {"alpha", s.significance.alpha},
        {"seed", s.seed},
        {"meaning",
         "p_values[i][j] (j > i): p-value of 'metric i is better than metric j', metrics "
         "in the order of 'metrics'"},
        {"p_values", r.comparison->p_values},
        {"resamples_done", r.comparison->resamples_done}};
  }
  if (s.williams)
    out["williams"] = {{"meaning",
                        "p_values[i][j] (j > i): one-sided Williams test p-value of the difference between "
                        "metrics i and j (symmetric), metrics in the order of 'metrics'"},
                       {"p_values", r.williams_p}};
  if (s.bootstrap > 0)
    out["bootstrap"] = {{"resamples", s.bootstrap},
                        {"confidence", s.confidence},
                        {"seed", s.seed},
                        {"method", "percentile, items resampled with replacement"}};
  if (s.statistic == meta::AgreementStatistic::soft_pairwise_accuracy && s.options.spa.method != meta::SpaMethod::exact)
    out["spa_seed"] = s.seed;
  if (r.points) {
    const runs::MetaCorrPoints& p = *r.points;
    out["points"] = {{"meaning",
                      "every (system, item) entry with a gold score: system[k] indexes systems, item[k] is the item "
                      "index, gold[k] the gold score and metrics[m][k] the score of metric m, metrics in the order of "
                      "'metrics'"},
                     {"entries", p.gold.size()},
                     {"systems", p.systems},
                     {"system", p.system},
                     {"item", p.item},
                     {"gold", p.gold},
                     {"metrics", p.metrics}};
  }
  return out;
}

Document meta_corr_document(const runs::MetaCorrResult& r) {
  const runs::MetaCorrSettings& s = r.settings;
  const std::string stat_name = meta::agreement_statistic_name(s.statistic);
  Document doc;
  doc.line(std::to_string(r.systems) + " systems x " + std::to_string(r.items) + " items, " + stat_name +
           ", grouping " + grouping_name(s.options.grouping));
  if (!r.systems_without_gold.empty())
    doc.line("left out (no gold score): " + text::join(r.systems_without_gold, ", "));
  if (s.missing == meta::MissingPolicy::drop)
    doc.line(std::to_string(r.entries_dropped) + " rows with a missing score: dropped (--missing drop)");
  io::TextTable table{{"metric", stat_name, "groups", "skipped"},
                      {io::Align::left, io::Align::right, io::Align::right, io::Align::right},
                      {}};
  const bool tie_calibrated = s.statistic == meta::AgreementStatistic::acc23_calibrated ||
                              s.statistic == meta::AgreementStatistic::tau23_calibrated;
  if (tie_calibrated) {
    table.headers.insert(table.headers.end(), {"epsilon", "% tied"});
    table.aligns.insert(table.aligns.end(), {io::Align::right, io::Align::right});
  }
  if (r.comparison) {
    table.headers.insert(table.headers.begin(), "rank");
    table.aligns.insert(table.aligns.begin(), io::Align::right);
  }
  if (s.bootstrap > 0) {
    table.headers.push_back(text::format_fixed(s.confidence * 100, 0) + "% interval");
    table.aligns.push_back(io::Align::right);
  }
  for (const auto& m : r.rows) {
    std::vector<std::string> row = {m.metric, fixed(m.value.value), std::to_string(m.value.groups),
                                    std::to_string(m.value.groups_skipped)};
    if (tie_calibrated) {
      const auto share = meta::metric_tie_share(m.value);
      row.push_back(m.value.epsilon ? meta::epsilon_text(*m.value.epsilon) : "");
      row.push_back(share ? text::format_fixed(100.0 * *share, 1) + (meta::ties_nearly_all_pairs(m.value) ? " !" : "")
                          : "");
    }
    if (m.rank) row.insert(row.begin(), std::to_string(*m.rank));
    if (m.interval)
      row.push_back("[" + fixed(m.interval->correlation.interval.lower) + ", " +
                    fixed(m.interval->correlation.interval.upper) + "]");
    table.rows.push_back(row);
  }
  doc.table(std::move(table));
  if (tie_calibrated) {
    doc.line("% tied: pairs whose metric scores differ by at most epsilon (predicted ties)");
    for (const auto& m : r.rows)
      if (!m.warning.empty()) doc.line("warning: " + m.metric + ": " + m.warning);
  }
  if (r.comparison) {
    doc.line("p-value of 'row metric better than column metric' (" + std::to_string(s.significance.resamples) +
             " resamples, seed " + std::to_string(s.seed) + "):");
    doc.table(p_value_matrix(r.comparison->names, r.comparison->p_values));
  }
  if (s.williams) {
    doc.line("Williams test, one-sided p-value of the difference:");
    std::vector<std::string> names;
    for (const auto& m : r.rows) names.push_back(m.metric);
    doc.table(p_value_matrix(names, r.williams_p));
  }
  if (s.bootstrap > 0)
    doc.line("intervals: " + std::to_string(s.bootstrap) + " bootstrap resamples of the items, seed " +
             std::to_string(s.seed));
  return doc;
}

}  // namespace trenchcoat::render
