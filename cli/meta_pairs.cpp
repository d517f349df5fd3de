// trenchcoat meta pairs: preference accuracy (RewardBench v1 / 2, M-RewardBench) with an explicit tie policy.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "meta_commands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/preference_rows.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/length_bias.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

std::string tie_policy_description(meta::TiePolicy policy) {
  switch (policy) {
    case meta::TiePolicy::strict: return "a tie is wrong";
    case meta::TiePolicy::shared: return "k completions tied at the top share the credit, 1/k each";
    case meta::TiePolicy::half: return "a tie at the top earns 1/2";
    case meta::TiePolicy::calibrated:
      return "scores within the calibrated margin are a tie, right only when the gold calls the pair a tie";
  }
  return "";
}

nlohmann::ordered_json report_json(const meta::PreferenceReport& r) {
  nlohmann::ordered_json j;
  j["scheme"] = meta::preference_scheme_name(r.scheme);
  j["tie_policy"] = meta::tie_policy_name(r.tie_policy);
  j["tie_policy_meaning"] = tie_policy_description(r.tie_policy);
  if (r.tie_margin) j["tie_margin"] = *r.tie_margin;
  j["gold_ties"] = r.gold_ties;
  j["examples"] = r.examples;
  j["score"] = r.score;
  if (!r.sections.empty()) j["sections"] = r.sections;
  if (!r.languages.empty()) j["languages"] = r.languages;
  j["subsets"] = nlohmann::ordered_json::array();
  for (const auto& s : r.subsets) j["subsets"].push_back({{"subset", s.name}, {"accuracy", s.accuracy}, {"examples", s.examples}});
  j["unscored_subsets"] = r.unscored_subsets;
  j["missing_subsets"] = r.missing_subsets;
  return j;
}

std::string report_text(const meta::PreferenceReport& r) {
  std::string out = meta::preference_scheme_name(r.scheme) + ": score " + text::format_fixed(r.score, 4) + " over " +
                    std::to_string(r.examples) + " examples; tie policy " + meta::tie_policy_name(r.tie_policy) +
                    " (" + tie_policy_description(r.tie_policy) + ")" +
                    (r.tie_margin ? "; margin " + text::python_float_repr(*r.tie_margin) + ", " + std::to_string(r.gold_ties) + " gold ties" : "") +
                    "\n\n";
  auto table_of = [](const std::string& header, const std::map<std::string, double>& values) {
    io::TextTable t{{header, "score"}, {io::Align::left, io::Align::right}, {}};
    for (const auto& [name, v] : values) t.rows.push_back({name, text::format_fixed(v, 4)});
    return io::render_table(t, io::TableStyle::fancy_grid) + "\n";
  };
  if (!r.languages.empty()) out += table_of("language", r.languages);
  if (!r.sections.empty()) out += table_of("section", r.sections);
  io::TextTable subsets{{"subset", "accuracy", "examples"}, {io::Align::left, io::Align::right, io::Align::right}, {}};
  for (const auto& s : r.subsets) subsets.rows.push_back({s.name, text::format_fixed(s.accuracy, 4), std::to_string(s.examples)});
  out += io::render_table(subsets, io::TableStyle::fancy_grid) + "\n";
  auto list = [](const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  if (!r.unscored_subsets.empty()) out += "not in the scheme's score (reported above only): " + list(r.unscored_subsets) + "\n";
  if (!r.missing_subsets.empty()) out += "expected by the scheme but absent from the data: " + list(r.missing_subsets) + "\n";
  return out;
}

// The length-bias analysis beside the scorer's result (meta/length_bias.hpp), on the same pairs and tie policy.
struct LengthBiasReport {
  io::PreferenceLengths lengths;
  meta::LengthBias bias;
  std::optional<double> length_margin;  // calibrated policy: the margin calibrated on the lengths
  double length_baseline_score = 0;     // the scheme's score with the lengths as the scores
  bool scheme_scores_a_subset = false;  // some subset counts in the scheme's score (else the score is 0 for both)
  struct Subset {
    std::string name;
    double scorer = 0;
    std::optional<double> length_baseline;
    std::size_t examples = 0;
  };
  std::vector<Subset> subsets;
};

std::string subset_key(const meta::PreferenceExample& e, meta::PreferenceScheme scheme) {
  return scheme == meta::PreferenceScheme::m_rewardbench ? e.language + "/" + e.subset : e.subset;
}

LengthBiasReport length_bias_report(const std::vector<meta::PreferenceExample>& examples, io::PreferenceLengths lengths,
                                    const meta::PreferenceReport& report) {
  LengthBiasReport out;
  out.lengths = std::move(lengths);
  if (out.lengths.source == io::LengthSource::none) return out;
  std::vector<meta::LengthPair> pairs;
  std::vector<meta::PreferenceExample> by_length = examples;  // the length baseline as a scorer
  for (std::size_t i = 0; i < examples.size(); ++i) {
    const auto& e = examples[i];
    pairs.push_back({e.scores[0], e.scores[1], out.lengths.chosen[i], out.lengths.rejected[i], e.gold_tie});
    by_length[i].scores = {out.lengths.chosen[i], out.lengths.rejected[i]};
  }
  double length_margin = 0;
  if (report.tie_policy == meta::TiePolicy::calibrated) {
    length_margin = meta::calibrate_tie_margin(by_length);
    out.length_margin = length_margin;
  }
  out.bias = meta::length_bias(pairs, report.tie_policy, report.tie_margin.value_or(0.0), length_margin);
  out.length_baseline_score = meta::evaluate_preferences(by_length, report.scheme, report.tie_policy).score;
  out.scheme_scores_a_subset = report.unscored_subsets.size() < report.subsets.size();
  std::map<std::string, std::vector<meta::LengthPair>> by_subset;
  for (std::size_t i = 0; i < examples.size(); ++i) by_subset[subset_key(examples[i], report.scheme)].push_back(pairs[i]);
  for (const auto& s : report.subsets) {
    LengthBiasReport::Subset row{s.name, s.accuracy, std::nullopt, s.examples};
    if (const auto it = by_subset.find(s.name); it != by_subset.end())
      row.length_baseline = meta::length_baseline_accuracy(it->second, report.tie_policy, length_margin).accuracy;
    out.subsets.push_back(row);
  }
  return out;
}

nlohmann::ordered_json optional_number(const std::optional<double>& x) {
  return x ? nlohmann::ordered_json(*x) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json correlation_json(const meta::LengthCorrelation& c) {
  if (!c.statistic) return {{"statistic", nullptr}, {"undefined", c.undefined_reason}};
  return {{"statistic", *c.statistic}, {"p_value", optional_number(c.p_value)}};
}

nlohmann::ordered_json length_bias_json(const LengthBiasReport& r) {
  nlohmann::ordered_json j;
  j["source"] = io::length_source_name(r.lengths.source);
  if (r.lengths.source == io::LengthSource::none) {
    j["note"] = r.lengths.note;
    return j;
  }
  j["lengths"] = r.lengths.origin;
  j["unit"] = r.lengths.unit;
  const auto& b = r.bias;
  j["examples"] = b.examples;
  if (r.length_margin) j["length_tie_margin"] = *r.length_margin;
  j["scorer_accuracy"] = optional_number(b.scorer.accuracy);
  j["length_baseline_accuracy"] = optional_number(b.length_baseline.accuracy);
  j["length_baseline_score"] = r.length_baseline_score;
  auto group = [](const meta::GroupAccuracy& g) {
    return nlohmann::ordered_json{{"examples", g.examples}, {"scorer_accuracy", optional_number(g.accuracy)}};
  };
  j["chosen_shorter"] = group(b.chosen_shorter);
  j["chosen_longer"] = group(b.chosen_longer);
  j["equal_length"] = group(b.equal_length);
  j["mean_length"] = {{"chosen", optional_number(b.mean_chosen_length)}, {"rejected", optional_number(b.mean_rejected_length)}};
  j["correlation_with_length"] = {{"completions", b.completions},
                                  {"pearson", correlation_json(b.pearson)},
                                  {"kendall_tau_b", correlation_json(b.kendall_tau_b)}};
  j["subsets"] = nlohmann::ordered_json::array();
  for (const auto& s : r.subsets)
    j["subsets"].push_back({{"subset", s.name},
                            {"scorer", s.scorer},
                            {"length_baseline", optional_number(s.length_baseline)},
                            {"examples", s.examples}});
  return j;
}

std::string length_bias_text(const LengthBiasReport& r) {
  if (r.lengths.source == io::LengthSource::none) return "\n" + r.lengths.note + "\n";
  const auto& b = r.bias;
  auto accuracy = [](const std::optional<double>& x) { return x ? text::format_fixed(*x, 4) : std::string("-"); };
  auto group = [&](const std::string& what, const meta::GroupAccuracy& g) {
    return "  " + what + ": " + (g.accuracy ? text::format_fixed(*g.accuracy, 4) : std::string("no accuracy")) + " over " +
           std::to_string(g.examples) + " examples\n";
  };
  auto correlation = [](const std::string& what, const meta::LengthCorrelation& c) {
    if (!c.statistic) return what + " undefined (" + c.undefined_reason + ")";
    return what + " " + text::format_fixed(*c.statistic, 4) +
           (c.p_value ? " (p " + text::python_float_repr(*c.p_value) + ")" : std::string());
  };
  std::string out = "\nlength bias (lengths from " + io::length_source_name(r.lengths.source) + " " + r.lengths.origin +
                    ", unit " + r.lengths.unit + "; the baseline prefers the longer completion, same tie policy" +
                    (r.length_margin ? ", length margin " + text::python_float_repr(*r.length_margin) : std::string()) +
                    ")\n";
  out += "length baseline: accuracy " + accuracy(b.length_baseline.accuracy) + " (scorer " + accuracy(b.scorer.accuracy) +
         ") over " + std::to_string(b.examples) + " examples" +
         (r.scheme_scores_a_subset ? "; scheme score " + text::format_fixed(r.length_baseline_score, 4) : std::string()) + "\n";
  io::TextTable t{{"subset", "scorer", "length baseline", "examples"},
                  {io::Align::left, io::Align::right, io::Align::right, io::Align::right},
                  {}};
  for (const auto& s : r.subsets)
    t.rows.push_back({s.name, text::format_fixed(s.scorer, 4), accuracy(s.length_baseline), std::to_string(s.examples)});
  out += io::render_table(t, io::TableStyle::fancy_grid) + "\n";
  out += "scorer accuracy by which completion is longer:\n";
  out += group("chosen shorter (shorter preferred)", b.chosen_shorter);
  out += group("chosen longer (longer preferred)", b.chosen_longer);
  out += group("equal length", b.equal_length);
  out += "mean length: chosen " + accuracy(b.mean_chosen_length) + ", rejected " + accuracy(b.mean_rejected_length) + "\n";
  out += "correlation of the scores with length over " + std::to_string(b.completions) + " completions: " +
         correlation("Pearson", b.pearson) + "; " + correlation("Kendall tau-b", b.kendall_tau_b) + "\n";
  return out;
}

}  // namespace

int run_meta_pairs(int argc, char** argv) {
  CLI::App app{
      "trenchcoat meta pairs: preference accuracy of a scorer (reward model, metric, judge) on pairs or best-of-n\n"
      "lists of completions, scored as RewardBench does, with the tie policy always explicit and printed.\n"
      "\n"
      "Input: JSON Lines, one example per row, with an id, a subset and the scores: a list whose first entry is\n"
      "the chosen (correct) completion's (`scores`, RewardBench 2 style), or a chosen and a rejected score\n"
      "(detected among NAME.chosen/NAME.rejected, score_chosen/score_rejected, ...; or named with --chosen and\n"
      "--rejected). Schemes: rewardbench (v1: per-subset accuracy, weighted into the sections Chat, Chat Hard,\n"
      "Safety, Reasoning, plus prior sets if present), rewardbench2 (best of n per subset, the Ties composite,\n"
      "mean of six), m-rewardbench (v1 sections per language, averaged over languages).\n"
      "\n"
      "Length bias (pairs only), printed after the result: the accuracy of the length baseline (prefer the longer\n"
      "completion, same tie policy) overall and per subset, the scorer's accuracy where the chosen completion is\n"
      "shorter / longer / as long, the mean lengths, and Pearson and Kendall tau-b of the scores with length over\n"
      "all completions. Lengths come from the columns length.chosen / length.rejected (--length-scorer), else from\n"
      "the rows' completion texts (as `trenchcoat score` reads them; --length-unit, default Unicode code points);\n"
      "without either the output says so.\n"
      "\n"
      "Examples:\n"
      "  trenchcoat meta pairs --data scored.jsonl -f text\n"
      "  trenchcoat meta pairs --data rb2.jsonl --scheme rewardbench2 --tie half\n",
      "trenchcoat meta pairs"};
  std::string data, scheme_name = "rewardbench", tie_name, format = "json";
  io::PreferenceFields fields;
  io::PreferenceLengthFields length_fields;
  app.add_option("--data", data, "Scored examples, JSON Lines (.gz allowed; - for standard input)")->required();
  app.add_option("--scheme", scheme_name, "rewardbench (v1: sections Chat, Chat Hard, Safety, Reasoning), rewardbench2, m-rewardbench")
      ->check(CLI::IsMember({"rewardbench", "rewardbench2", "m-rewardbench"}))
      ->capture_default_str();
  app.add_option("--tie", tie_name,
                 "Tie policy: strict (a tie is wrong; RewardBench v1 default), shared (1/k for k tied at the top; "
                 "RewardBench 2 default), half (1/2), calibrated (scores within a margin are a tie, right only "
                 "when the row's gold says tie (--tie-field); the margin maximising accuracy is found and printed)")
      ->check(CLI::IsMember({"strict", "shared", "half", "calibrated"}));
  app.add_option("--scorer", fields.scorer,
                 "Scorer column NAME of `trenchcoat score` output: NAME.chosen / NAME.rejected, or NAME.preference");
  app.add_option("--scores", fields.scores, "List field of scores, chosen first (default: detected)");
  app.add_option("--chosen", fields.chosen, "Field of the chosen completion's score (with --rejected)");
  app.add_option("--rejected", fields.rejected, "Field of the rejected completion's score");
  app.add_option("--tie-field", fields.tie, "Boolean field: true when the gold calls the pair a tie")->capture_default_str();
  app.add_option("--subset-field", fields.subset, "Field naming the subset")->capture_default_str();
  app.add_option("--language-field", fields.language, "Field naming the language (m-rewardbench)")->capture_default_str();
  app.add_option("--length-scorer", length_fields.scorer,
                 "Length columns NAME.chosen / NAME.rejected (`trenchcoat score --scorer length`); without them the "
                 "lengths are measured on the completion texts of the rows")
      ->capture_default_str();
  app.add_option("--length-unit", length_fields.unit,
                 "Unit of lengths measured on the texts: chars (Unicode code points), words (str.split()) or bytes")
      ->check(CLI::IsMember({"chars", "words", "bytes"}))
      ->capture_default_str();
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta pairs")) return 0;
  const auto scheme = meta::parse_preference_scheme(scheme_name);
  const auto policy = tie_name.empty() ? meta::default_tie_policy(scheme) : meta::parse_tie_policy(tie_name);
  auto rows = io::read_preference_rows_with_lengths(data, fields, length_fields);
  const auto& examples = rows.examples;
  if (policy != meta::TiePolicy::calibrated)
    for (const auto& e : examples)
      if (e.gold_tie)
        throw ExitError(1, Error(data, e.line, "the gold calls this pair a tie ('" + fields.tie +
                                                   "': true); only --tie calibrated can score gold ties"));
  const auto report = meta::evaluate_preferences(examples, scheme, policy);
  const auto bias = length_bias_report(examples, std::move(rows.lengths), report);
  std::string out;
  if (format == "json") {
    auto j = report_json(report);
    j["length_bias"] = length_bias_json(bias);
    out = j.dump(2) + "\n";
  } else {
    out = report_text(report) + length_bias_text(bias);
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
