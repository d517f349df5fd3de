// trenchcoat meta bon: the best-of-n over-optimisation curve of a proxy score against a gold score
// (Gao, Schulman & Hilton 2023), with the fits of its two forms.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "score_file_inputs.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/best_of_n.hpp"
#include "trenchcoat/io/best_of_n_rows.hpp"
#include "trenchcoat/meta/best_of_n_study.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kEstimator =
    "unbiased all-subsets: per prompt the N candidates are ranked by proxy score; the candidate of rank i is the "
    "proxy-best of a uniformly random k-subset with probability C(i-1, k-1) / C(N, k); each point is the mean "
    "over prompts of the expected gold and proxy score of that best-of-k";
constexpr const char* kTies =
    "proxy ties broken by original index: of tied candidates the later one (row or list order) wins";
constexpr const char* kKl =
    "KL_bon(k) = log k - (k-1)/k, an upper bound: exact only when all candidates are distinct; d = sqrt(KL)";

struct Study {
  meta::BestOfNFields fields;
  meta::BestOfNPrompts prompts;
  std::size_t min_n = 0, max_n = 0, total_candidates = 0;
  std::optional<meta::BestOfNZScores> zscores;
  std::vector<meta::BestOfNPoint> curve;
  std::size_t peak_index = 0;
  meta::OverOptimisationFit bon, rl;
  std::vector<std::string> notes;
};

std::string gap_units(const Study& s) {
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

nlohmann::ordered_json study_json(const Study& s, const std::string& data) {
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

// A table cell: 4 decimals, with a rounded-away negative zero ("-0.0000") shown as 0.0000.
std::string cell(double x) {
  const std::string s = text::format_fixed(x, 4);
  return s == "-0.0000" ? "0.0000" : s;
}

std::string fit_text(const std::string& name, const meta::OverOptimisationFit& f) {
  if (!f.fittable) return name + ": not fittable (" + f.reason + ")\n";
  std::string out =
      name + ": alpha " + text::python_float_repr(f.alpha) + ", beta " + text::python_float_repr(f.beta) +
      ", peak d* " + (f.peak_distance ? text::format_fixed(*f.peak_distance, 4) : "none (" + f.reason + ")") +
      ", residual RMS " + text::python_float_repr(f.residual_rms) + " over " + std::to_string(f.points) + " points\n";
  return out;
}

std::string study_text(const Study& s, const std::string& data) {
  std::string out = "best-of-n: proxy '" + s.fields.proxy + "' (" +
                    meta::score_direction_name(s.fields.proxy_direction) + " is better), gold '" + s.fields.gold +
                    "' (" + meta::score_direction_name(s.fields.gold_direction) + " is better) from " + data + "\n" +
                    std::to_string(s.prompts.proxy.size()) + " prompts (" +
                    meta::best_of_n_layout_name(s.prompts.layout) +
                    (s.prompts.group_field.empty() ? "" : ", grouped by '" + s.prompts.group_field + "'") + "), " +
                    std::to_string(s.min_n) + ".." + std::to_string(s.max_n) + " candidates each";
  if (s.prompts.prompts_left_out > 0)
    out += "; " + std::to_string(s.prompts.prompts_left_out) + " prompts with fewer than " +
           std::to_string(s.fields.min_candidates) + " candidates left out";
  if (s.prompts.candidates_missing_score > 0)
    out += "\n" + std::to_string(s.prompts.candidates_missing_score) +
           " rows with a missing score: dropped (--missing drop)";
  out += "\ngap in " + gap_units(s) + "\n\n";
  io::TextTable t{
      {"k", "KL", "d", "gold", "proxy", "gap"},
      {io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
      {}};
  for (const auto& p : s.curve)
    t.rows.push_back({std::to_string(p.n), cell(p.kl), cell(p.distance), cell(p.gold), cell(p.proxy), cell(p.gap)});
  out += io::render_table(t, io::TableStyle::fancy_grid) + "\n";
  const auto& peak = s.curve[s.peak_index];
  out += "gold peaks at k = " + std::to_string(peak.n) + " (d = " + text::format_fixed(peak.distance, 4) + ", gold " +
         text::format_fixed(peak.gold, 4) + ")\n";
  out += "fits of gold(k) - gold(1) against d:\n";
  out += fit_text("  R_bon(d) = d (alpha - beta d)    ", s.bon);
  out += fit_text("  R_RL(d)  = d (alpha - beta log d)", s.rl);
  out += std::string("estimator: ") + kEstimator + "; " + kTies + "\n" + kKl + "\n";
  for (const auto& n : s.notes) out += "note: " + n + "\n";
  return out;
}

}  // namespace

int run_meta_bon(int argc, char** argv) {
  CLI::App app{
      "trenchcoat meta bon: the best-of-n over-optimisation curve (Gao, Schulman & Hilton 2023). For each k, the\n"
      "expected gold and proxy score of the candidate the proxy picks as best of k, against d = sqrt(KL_bon(k)),\n"
      "from N scored candidates per prompt (the unbiased all-subsets estimator, averaged over prompts), the k at\n"
      "which the gold peaks, and least-squares fits of R_bon(d) = d (alpha - beta d) and R_RL(d) = d (alpha - beta\n"
      "log d) to gold(k) - gold(1).\n"
      "\n"
      "Input: JSON Lines (.gz allowed), a JSON list, TSV or CSV (`trenchcoat score` output composes: its columns are\n"
      "named by the scorer). Either one row per candidate with number fields --proxy and --gold, grouped into\n"
      "prompts by --group (default prompt_id, else prompt); or one row per prompt whose --proxy and --gold fields\n"
      "are lists of numbers of the same length. The layout is read from the first row. Or mt-metrics-eval\n"
      "segment score files: --proxy-scores FILE --gold-scores FILE (a prompt per segment, a candidate per system;\n"
      "--systems / --exclude as for `meta corr`; a system with a None gold score is not a candidate there).\n"
      "\n"
      "Examples:\n"
      "  trenchcoat meta bon --data scored.jsonl --proxy rm --gold comet -f text\n"
      "  trenchcoat meta bon --data scored.tsv --proxy chrf --gold ter --direction-gold lower --group segment\n"
      "  trenchcoat meta bon --proxy-scores metric-scores/en-de/chrF-refA.seg.score --gold-scores \\\n"
      "      human-scores/en-de.mqm.seg.score --exclude refA -f text\n",
      "trenchcoat meta bon"};
  std::string data, normalize = "none", proxy_direction = "higher", gold_direction = "higher", format = "json";
  std::size_t max_n = 0;
  Study s;
  std::string proxy_scores, gold_scores, systems_arg, exclude_arg;
  app.add_option("--data", data, "Scored candidates: JSONL (.gz), JSON, TSV or CSV (- for standard input)");
  app.add_option("--proxy", s.fields.proxy,
                 "Field of the proxy score (the one best-of-n maximises); with score files, its name");
  app.add_option("--gold", s.fields.gold, "Field of the gold score; with score files, its name");
  app.add_option("--proxy-scores", proxy_scores,
                 "Instead of --data: an mt-metrics-eval segment score file of the proxy");
  app.add_option("--gold-scores", gold_scores, "With --proxy-scores: the gold segment score file (None allowed)");
  app.add_option("--systems", systems_arg, "With score files: only these systems, comma-separated");
  app.add_option("--exclude", exclude_arg, "With score files: leave out these systems (e.g. the reference)");
  app.add_option("--group", s.fields.group,
                 "Field naming the prompt of a candidate row (default: prompt_id, else prompt)");
  app.add_option("--max-n", max_n, "Run the curve up to k = K (default: the fewest candidates of a prompt)")
      ->check(CLI::PositiveNumber);
  app.add_option(
      "--min-candidates", s.fields.min_candidates,
      "Leave out (and count) prompts with fewer candidates (default: keep all; the curve runs to the fewest)");
  app.add_option("--normalize", normalize, "none, or zscore: proxy and gold each z-scored over all candidates")
      ->check(CLI::IsMember({"none", "zscore"}))
      ->capture_default_str();
  app.add_option("--direction-proxy", proxy_direction, "higher or lower (lower: negated, e.g. TER)")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->capture_default_str();
  app.add_option("--direction-gold", gold_direction, "higher or lower (lower: negated, e.g. MQM penalties)")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->capture_default_str();
  std::string missing_name = "error";
  app.add_option("--missing", missing_name,
                 "A null proxy or gold score (None in a proxy score file): error, or drop (the candidate is left out, "
                 "counted); tie is refused (a candidate without a score cannot be ranked)")
      ->capture_default_str();
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta bon")) return 0;
  try {
    s.fields.missing = meta::parse_missing_policy(missing_name);
  } catch (const Error& e) {
    throw ExitError(2, std::string("--missing: ") + e.what());
  }
  if (s.fields.missing == meta::MissingPolicy::tie)
    throw ExitError(2,
                    "--missing tie has no meaning for meta bon: best-of-n ranks candidates by their proxy score, and "
                    "a candidate without one cannot be ranked; use --missing drop");
  s.fields.proxy_direction = meta::parse_score_direction(proxy_direction);
  s.fields.gold_direction = meta::parse_score_direction(gold_direction);

  if (proxy_scores.empty() != gold_scores.empty()) throw ExitError(2, "--proxy-scores and --gold-scores go together");
  if (!proxy_scores.empty()) {
    if (!data.empty()) throw ExitError(2, "give --data or score files (--proxy-scores, --gold-scores), not both");
    if (s.fields.proxy.empty()) s.fields.proxy = "proxy";
    if (s.fields.gold.empty()) s.fields.gold = "gold";
    const GoldAndMetrics inputs = read_gold_and_metrics(gold_scores, {s.fields.proxy + "=" + proxy_scores}, systems_arg,
                                                        exclude_arg, s.fields.missing);
    s.prompts = meta::best_of_n_prompts_from_tables(inputs.metrics.front().table, inputs.gold, s.fields, gold_scores);
    data = proxy_scores + " + " + gold_scores;
  } else {
    if (data.empty()) throw ExitError(2, "--data is required (or --proxy-scores with --gold-scores)");
    if (s.fields.proxy.empty() || s.fields.gold.empty())
      throw ExitError(2, "--proxy and --gold name the score fields of --data");
    if (!systems_arg.empty() || !exclude_arg.empty()) throw ExitError(2, "--systems and --exclude go with score files");
    s.prompts = io::read_best_of_n_prompts(data, s.fields);
  }
  s.min_n = static_cast<std::size_t>(-1);
  for (const auto& p : s.prompts.proxy) {
    s.min_n = std::min(s.min_n, p.size());
    s.max_n = std::max(s.max_n, p.size());
    s.total_candidates += p.size();
  }
  if (max_n > s.min_n)
    throw ExitError(1, Error(s.prompts.file, 0,
                             "--max-n " + std::to_string(max_n) + " is more than the fewest candidates of a prompt (" +
                                 std::to_string(s.min_n) + "); pass --min-candidates " + std::to_string(max_n) +
                                 " to leave out the smaller prompts"));
  const std::size_t k_max = max_n == 0 ? s.min_n : max_n;
  if (normalize == "zscore") {
    s.zscores = meta::zscore_best_of_n_prompts(s.prompts);
    if (s.zscores->proxy.constant) s.notes.push_back("the proxy is constant: its z-scores are all 0 (centred only)");
    if (s.zscores->gold.constant) s.notes.push_back("the gold is constant: its z-scores are all 0 (centred only)");
  }
  s.curve = meta::best_of_n_curve(s.prompts.proxy, s.prompts.gold);
  s.curve.resize(std::min(s.curve.size(), k_max));
  for (std::size_t i = 1; i < s.curve.size(); ++i)
    if (s.curve[i].gold > s.curve[s.peak_index].gold) s.peak_index = i;
  s.bon = meta::fit_over_optimisation_form(s.curve, meta::OverOptimisationForm::bon);
  s.rl = meta::fit_over_optimisation_form(s.curve, meta::OverOptimisationForm::rl);

  if (s.min_n < 2)
    s.notes.push_back(
        "a prompt has a single candidate, so the curve is the one point k = 1: over-optimisation needs "
        "n >= 2 candidates per prompt" +
        std::string(s.max_n >= 2 ? " (--min-candidates 2 leaves out the single-candidate prompts)" : ""));
  else if (s.min_n < s.max_n && max_n == 0)
    s.notes.push_back("prompts have " + std::to_string(s.min_n) + " to " + std::to_string(s.max_n) +
                      " candidates; the curve runs to k = " + std::to_string(s.min_n) +
                      ", the fewest (--min-candidates leaves out the smaller prompts to go further)");
  if (s.fields.proxy_direction == meta::ScoreDirection::lower || s.fields.gold_direction == meta::ScoreDirection::lower)
    s.notes.push_back(
        "scores with direction lower are negated: every proxy and gold value reported is higher-is-better");

  const std::string out = format == "json" ? study_json(s, data).dump(2) + "\n" : study_text(s, data);
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
