#include "trenchcoat/render/mtme_eval_render.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "trenchcoat/io/mtme_test_set.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

std::string fixed(double v, int decimals = 4) { return std::isnan(v) ? "nan" : text::format_fixed(v, decimals); }

std::string level_name(meta::TaskLevel level) { return level == meta::TaskLevel::sys ? "sys" : "seg"; }

std::string data_level_name(const meta::EvaluationTask& t) {
  return io::mtme_level_name(t.level == meta::TaskLevel::sys && !t.from_segment_scores ? io::MtmeLevel::sys
                                                                                       : io::MtmeLevel::seg);
}

std::string grouping_name(meta::Grouping g) {
  return g == meta::Grouping::none ? "none" : g == meta::Grouping::item ? "item" : "sys";
}

}  // namespace

nlohmann::ordered_json mtme_eval_json(const runs::MtmeEvalResult& r) {
  const runs::MtmeEvalRequest& q = r.request;
  nlohmann::ordered_json out;
  out["test_set"] = q.root;
  out["lp"] = q.lp;
  out["gold"] = q.gold;
  out["reference"] = q.reference;
  out["include_human"] = q.include_human;
  out["excluded_systems"] = q.excluded;
  if (q.significance.resamples > 0)
    out["significance"] = {{"resamples", q.significance.resamples},
                           {"block_size", q.significance.block_size},
                           {"alpha", q.significance.alpha},
                           {"seed", q.significance.seed}};
  out["tasks"] = nlohmann::ordered_json::array();
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  for (const auto& t : r.tasks) {
    nlohmann::ordered_json j = {{"task", t.task.name},
                                {"level", level_name(t.task.level)},
                                {"scores_from", data_level_name(t.task)},
                                {"statistic", meta::agreement_statistic_name(t.task.statistic)},
                                {"group", grouping_name(t.task.grouping)},
                                {"systems", t.systems}};
    if (!t.weights.empty()) {
      nlohmann::ordered_json w;
      for (std::size_t k = 0; k < r.task_set_names.size(); ++k)
        if (t.weights[k] > 0) w[r.task_set_names[k]] = t.weights[k];
      j["weight"] = w;
    }
    j["metrics"] = nlohmann::ordered_json::array();
    for (const auto& m : t.metrics) {
      nlohmann::ordered_json row = {{"metric", m.metric}, {"value", m.value.value}};
      if (m.value.epsilon) row["epsilon"] = *m.value.epsilon;
      if (m.value.pairs && m.value.metric_tied_pairs) {
        row["pairs"] = *m.value.pairs;
        row["metric_tied_pairs"] = *m.value.metric_tied_pairs;
      }
      if (m.value.gold_tied_pairs) row["gold_tied_pairs"] = *m.value.gold_tied_pairs;
      if (!m.warning.empty()) row["warning"] = m.warning;
      if (m.value.groups_skipped > 0) row["groups_skipped"] = m.value.groups_skipped;
      if (m.rank) row["rank"] = *m.rank;
      j["metrics"].push_back(row);
    }
    if (t.comparison) j["p_values"] = t.comparison->p_values;
    out["tasks"].push_back(j);
    for (const auto& [metric, reason] : t.skipped)
      skipped.push_back({{"task", t.task.name}, {"metric", metric}, {"reason", reason}});
  }
  out["skipped_metrics"] = skipped;
  if (!r.task_sets.empty()) {
    out["task_sets"] = nlohmann::ordered_json::array();
    for (const auto& set : r.task_sets) {
      nlohmann::ordered_json j = {{"task_set", set.name}, {"metrics", nlohmann::ordered_json::array()}};
      for (const auto& a : set.metrics) {
        nlohmann::ordered_json row = {{"metric", a.metric}, {"average", a.score}};
        if (a.rank) row["average_rank"] = *a.rank;
        if (!a.flagged.empty()) row["flagged_tasks"] = a.flagged;
        j["metrics"].push_back(row);
      }
      out["task_sets"].push_back(j);
    }
  }
  return out;
}

Document mtme_eval_document(const runs::MtmeEvalResult& r) {
  const runs::MtmeEvalRequest& q = r.request;
  const bool perm = q.significance.resamples > 0;
  // One row per metric: in the first task set's order, else the first task's, then the rest by name.
  std::set<std::string> all_metrics;
  for (const auto& t : r.tasks)
    for (const auto& m : t.metrics) all_metrics.insert(m.metric);
  std::vector<std::string> row_order;
  if (!r.task_sets.empty() && !r.task_sets[0].metrics.empty())
    for (const auto& a : r.task_sets[0].metrics) row_order.push_back(a.metric);
  else if (!r.tasks.empty())
    for (const auto& m : r.tasks[0].metrics) row_order.push_back(m.metric);
  for (const auto& m : all_metrics)
    if (std::find(row_order.begin(), row_order.end(), m) == row_order.end()) row_order.push_back(m);
  io::TextTable table{{"metric"}, {io::Align::left}, {}};
  for (const auto& t : r.tasks) {
    table.headers.push_back(t.task.name);
    table.aligns.push_back(io::Align::right);
  }
  for (const auto& set : r.task_sets) {
    table.headers.push_back(set.name + " avg");
    table.aligns.push_back(io::Align::right);
  }
  for (const auto& metric : row_order) {
    std::vector<std::string> row = {metric};
    for (const auto& t : r.tasks) {
      const auto it = std::find_if(t.metrics.begin(), t.metrics.end(),
                                   [&](const runs::MtmeTaskMetric& m) { return m.metric == metric; });
      if (it == t.metrics.end()) {
        row.push_back("-");
        continue;
      }
      std::string cell = fixed(it->value.value);
      if (it->value.epsilon) cell += " eps " + meta::epsilon_text(*it->value.epsilon);
      if (meta::ties_nearly_all_pairs(it->value)) cell += " !";
      if (perm && it->rank) cell += " (" + std::to_string(*it->rank) + ")";
      row.push_back(cell);
    }
    for (const auto& set : r.task_sets) {
      const auto it = std::find_if(set.metrics.begin(), set.metrics.end(),
                                   [&](const runs::MtmeAverage& a) { return a.metric == metric; });
      row.push_back(it == set.metrics.end() ? "-"
                                            : fixed(it->score) + (it->flagged.empty() ? "" : " !") +
                                                  (perm && it->rank ? " (" + fixed(*it->rank, 2) + ")" : ""));
    }
    table.rows.push_back(row);
  }
  Document doc;
  doc.line(q.root + " " + q.lp + ": human scores " + q.gold + ", reference " + q.reference +
           (q.include_human ? ", other references included as systems" : ""));
  for (const auto& t : r.tasks) doc.line("  " + t.task.name + ": " + std::to_string(t.systems.size()) + " systems");
  if (perm)
    doc.line("significance cluster ranks in parentheses (" + std::to_string(q.significance.resamples) +
             " resamples, seed " + std::to_string(q.significance.seed) + ")");
  doc.table(std::move(table));
  bool warned = false;
  for (const auto& t : r.tasks)
    for (const auto& m : t.metrics)
      if (!m.warning.empty()) {
        doc.line("warning: " + m.metric + " in " + t.task.name + ": " + m.warning);
        warned = true;
      }
  if (warned)
    doc.line(
        "'!': a tie-calibrated value whose epsilon ties at least 99% of the pairs, and the averages that include "
        "one");
  for (const auto& t : r.tasks)
    for (const auto& [metric, reason] : t.skipped) doc.line("skipped " + metric + " in " + t.task.name + ": " + reason);
  return doc;
}

}  // namespace trenchcoat::render
