// trenchcoat meta pairs: preference accuracy (RewardBench v1 / 2, M-RewardBench) with an explicit tie policy.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "meta_commands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/preference_rows.hpp"
#include "trenchcoat/io/text_table.hpp"
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
      "Examples:\n"
      "  trenchcoat meta pairs --data scored.jsonl -f text\n"
      "  trenchcoat meta pairs --data rb2.jsonl --scheme rewardbench2 --tie half\n",
      "trenchcoat meta pairs"};
  std::string data, scheme_name = "rewardbench", tie_name, format = "json";
  io::PreferenceFields fields;
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
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta pairs")) return 0;
  const auto scheme = meta::parse_preference_scheme(scheme_name);
  const auto policy = tie_name.empty() ? meta::default_tie_policy(scheme) : meta::parse_tie_policy(tie_name);
  const auto examples = io::read_preference_rows(data, fields);
  if (policy != meta::TiePolicy::calibrated)
    for (const auto& e : examples)
      if (e.gold_tie)
        throw ExitError(1, Error(data, e.line, "the gold calls this pair a tie ('" + fields.tie +
                                                   "': true); only --tie calibrated can score gold ties"));
  const auto report = meta::evaluate_preferences(examples, scheme, policy);
  const std::string out = format == "json" ? report_json(report).dump(2) + "\n" : report_text(report);
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
