#include "trenchcoat/render/bon_render.hpp"

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

constexpr const char* kEstimator =
    "unbiased all-subsets: per prompt the N candidates are ranked by proxy score; the candidate of rank i is the "
    "proxy-best of a uniformly random k-subset with probability C(i-1, k-1) / C(N, k); each point is the mean "
    "over prompts of the expected gold and proxy score of that best-of-k";
constexpr const char* kTies =
    "proxy ties broken by original index: of tied candidates the later one (row or list order) wins";
constexpr const char* kKl =
    "KL_bon(k) = log k - (k-1)/k, an upper bound: exact only when all candidates are distinct; d = sqrt(KL)";

std::string gap_units(const runs::BonResult& s) {
  return s.zscores ? "z-scores: proxy and gold each standardised over all candidates, so the gap is on one scale"
                   : "raw units: proxy minus gold in their own units (--normalize zscore puts both on one scale)";
}

nlohmann::ordered_json fit_json(const meta::OverOptimisationFit& f) {
  nlohmann::ordered_json j;
  j["form"] =
      f.form == meta::OverOptimisationForm::bon ? "R_bon(d) = d (alpha - beta d)" : "R_RL(d) = d (alpha - beta log d)";
  j["points"] = f.points;
  j["fittable"] = f.fittable;
  if (f.fittable) {
    j["alpha"] = f.alpha;
    j["beta"] = f.beta;
    j["peak_distance"] = f.peak_distance ? nlohmann::ordered_json(*f.peak_distance) : nlohmann::ordered_json(nullptr);
    j["residual_rms"] = f.residual_rms;
  }
  if (!f.reason.empty()) j["reason"] = f.reason;
  return j;
}

// A table cell: 4 decimals, with a rounded-away negative zero ("-0.0000") shown as 0.0000.
std::string cell(double x) {
  const std::string s = text::format_fixed(x, 4);
  return s == "-0.0000" ? "0.0000" : s;
}

std::string fit_text(const std::string& name, const meta::OverOptimisationFit& f) {
  if (!f.fittable) return name + ": not fittable (" + f.reason + ")";
  std::string out =
      name + ": alpha " + text::python_float_repr(f.alpha) + ", beta " + text::python_float_repr(f.beta) +
      ", peak d* " + (f.peak_distance ? text::format_fixed(*f.peak_distance, 4) : "none (" + f.reason + ")") +
      ", residual RMS " + text::python_float_repr(f.residual_rms) + " over " + std::to_string(f.points) + " points";
  return out;
}

}  // namespace

nlohmann::ordered_json bon_json(const runs::BonResult& s) {
  const std::string& data = s.data;
  nlohmann::ordered_json j;
  auto& in = j["inputs"];
  in["file"] = data;
  in["layout"] = meta::best_of_n_layout_name(s.prompts.layout);
  in["proxy"] = {{"field", s.fields.proxy}, {"direction", meta::score_direction_name(s.fields.proxy_direction)}};
  in["gold"] = {{"field", s.fields.gold}, {"direction", meta::score_direction_name(s.fields.gold_direction)}};
  in["group"] =
      s.prompts.group_field.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.prompts.group_field);
  in["rows"] = s.prompts.rows;
  in["prompts_used"] = s.prompts.proxy.size();
  in["candidates_used"] = s.total_candidates;
  in["prompts_left_out"] = {
      {"count", s.prompts.prompts_left_out},
      {"candidates", s.prompts.candidates_left_out},
      {"reason", s.fields.min_candidates == 0
                     ? "none left out (no --min-candidates)"
                     : "fewer than " + std::to_string(s.fields.min_candidates) + " candidates (--min-candidates)"}};
  in["candidates_per_prompt"] = {{"min", s.min_n}, {"max", s.max_n}};
  if (s.prompts.layout == meta::BestOfNLayout::score_tables)
    in["candidates_without_gold"] = s.prompts.candidates_without_gold;
  in["missing"] = {{"policy", meta::missing_policy_name(s.fields.missing)},
                   {"candidates_dropped", s.prompts.candidates_missing_score}};
  auto& norm = j["normalization"];
  norm["method"] = s.zscores ? "zscore" : "none";
  if (s.zscores) {
    auto scale = [](const meta::ZScoreScale& z) {
      return nlohmann::ordered_json{{"mean", z.mean}, {"sd", z.sd}, {"constant", z.constant}};
    };
    norm["proxy"] = scale(s.zscores->proxy);
    norm["gold"] = scale(s.zscores->gold);
  }
  norm["gap_units"] = gap_units(s);
  j["estimator"] = {{"name", "unbiased all-subsets"}, {"description", kEstimator}, {"ties", kTies}, {"kl", kKl}};
  j["curve"] = nlohmann::ordered_json::array();
  for (const auto& p : s.curve)
    j["curve"].push_back(
        {{"n", p.n}, {"kl", p.kl}, {"distance", p.distance}, {"gold", p.gold}, {"proxy", p.proxy}, {"gap", p.gap}});
  const auto& peak = s.curve[s.peak_index];
  j["gold_peak"] = {{"n", peak.n}, {"distance", peak.distance}, {"gold", peak.gold}};
  j["fits"] = {{"target", "gold(k) - gold(k=1) against d, over the k with d > 0 (k >= 2)"},
               {"bon", fit_json(s.bon)},
               {"rl", fit_json(s.rl)}};
  j["notes"] = s.notes;
  return j;
}

Document bon_document(const runs::BonResult& s) {
  Document doc;
  std::string head = "best-of-n: proxy '" + s.fields.proxy + "' (" +
                     meta::score_direction_name(s.fields.proxy_direction) + " is better), gold '" + s.fields.gold +
                     "' (" + meta::score_direction_name(s.fields.gold_direction) + " is better) from " + s.data;
  doc.line(head);
  std::string counts = std::to_string(s.prompts.proxy.size()) + " prompts (" +
                       meta::best_of_n_layout_name(s.prompts.layout) +
                       (s.prompts.group_field.empty() ? "" : ", grouped by '" + s.prompts.group_field + "'") + "), " +
                       std::to_string(s.min_n) + ".." + std::to_string(s.max_n) + " candidates each";
  if (s.prompts.prompts_left_out > 0)
    counts += "; " + std::to_string(s.prompts.prompts_left_out) + " prompts with fewer than " +
              std::to_string(s.fields.min_candidates) + " candidates left out";
  doc.line(counts);
  if (s.prompts.candidates_missing_score > 0)
    doc.line(std::to_string(s.prompts.candidates_missing_score) +
             " rows with a missing score: dropped (--missing drop)");
  doc.line("gap in " + gap_units(s));
  doc.line("");
  io::TextTable t{
      {"k", "KL", "d", "gold", "proxy", "gap"},
      {io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
      {}};
  for (const auto& p : s.curve)
    t.rows.push_back({std::to_string(p.n), cell(p.kl), cell(p.distance), cell(p.gold), cell(p.proxy), cell(p.gap)});
  doc.table(std::move(t));
  const auto& peak = s.curve[s.peak_index];
  doc.line("gold peaks at k = " + std::to_string(peak.n) + " (d = " + text::format_fixed(peak.distance, 4) + ", gold " +
           text::format_fixed(peak.gold, 4) + ")");
  doc.line("fits of gold(k) - gold(1) against d:");
  doc.line(fit_text("  R_bon(d) = d (alpha - beta d)    ", s.bon));
  doc.line(fit_text("  R_RL(d)  = d (alpha - beta log d)", s.rl));
  doc.line(std::string("estimator: ") + kEstimator + "; " + kTies);
  doc.line(kKl);
  for (const auto& n : s.notes) doc.line("note: " + n);
  return doc;
}

}  // namespace trenchcoat::render
