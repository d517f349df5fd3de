// trenchcoat meta pairs: preference accuracy (plain, RewardBench v1 / 2, M-RewardBench) with an explicit tie policy,
// for every scorer in the file side by side.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>
#include <nlohmann/json.hpp>
#include <string>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "meta_commands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/runs/preference_rows.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/length_bias.hpp"
#include "trenchcoat/meta/positional_agreement.hpp"
#include "trenchcoat/meta/preference_accuracy_intervals.hpp"
#include "trenchcoat/meta/preference_benchmark.hpp"
#include "trenchcoat/meta/rewardbench.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

std::string tie_policy_description(meta::TiePolicy policy) {
  switch (policy) {
    case meta::TiePolicy::strict:
      return "a tie is wrong";
    case meta::TiePolicy::shared:
      return "k completions tied at the top share the credit, 1/k each";
    case meta::TiePolicy::half:
      return "a tie at the top earns 1/2";
    case meta::TiePolicy::calibrated:
      return "scores within the calibrated margin are a tie, right only when the gold calls the pair a tie";
  }
  return "";
}

// 0.95 -> "95%", 0.975 -> "97.5%".
std::string percent(double confidence) {
  const double p = confidence * 100.0;
  return (p == std::round(p) ? std::to_string(static_cast<long long>(p)) : text::python_float_repr(p)) + "%";
}

std::string interval_text(const meta::ConfidenceInterval& i) {
  return "[" + text::format_fixed(i.lower, 4) + ", " + text::format_fixed(i.upper, 4) + "]";
}

// The plain scheme's bootstrap intervals by subset name.
std::map<std::string, meta::ConfidenceInterval> subset_intervals(
    const std::optional<meta::PreferenceAccuracyIntervals>& iv) {
  std::map<std::string, meta::ConfidenceInterval> out;
  if (iv)
    for (const auto& s : iv->subsets) out[s.subset] = s.interval;
  return out;
}

// Adds the report's keys to j.
void add_report_json(nlohmann::ordered_json& j, const meta::PreferenceReport& r,
                     const std::optional<meta::PreferenceAccuracyIntervals>& iv) {
  j["scheme"] = meta::preference_scheme_name(r.scheme);
  j["tie_policy"] = meta::tie_policy_name(r.tie_policy);
  j["tie_policy_meaning"] = tie_policy_description(r.tie_policy);
  if (r.tie_margin) j["tie_margin"] = *r.tie_margin;
  j["gold_ties"] = r.gold_ties;
  j["examples"] = r.examples;
  j["score"] = r.score;
  if (r.scheme == meta::PreferenceScheme::plain) j["accuracy"] = r.score;
  if (iv) {
    j["accuracy_interval"] = {iv->overall.interval.lower, iv->overall.interval.upper};
    j["bootstrap"] = {{"resamples", iv->resamples},
                      {"confidence", iv->confidence},
                      {"seed", iv->seed},
                      {"method", "percentile; examples resampled with replacement"}};
  }
  if (!r.sections.empty()) j["sections"] = r.sections;
  if (!r.languages.empty()) j["languages"] = r.languages;
  const auto intervals = subset_intervals(iv);
  j["subsets"] = nlohmann::ordered_json::array();
  for (const auto& s : r.subsets) {
    nlohmann::ordered_json row{{"subset", s.name}, {"accuracy", s.accuracy}, {"examples", s.examples}};
    if (const auto it = intervals.find(s.name); it != intervals.end())
      row["interval"] = {it->second.lower, it->second.upper};
    j["subsets"].push_back(row);
  }
  if (r.scheme != meta::PreferenceScheme::plain) {
    j["unscored_subsets"] = r.unscored_subsets;
    j["missing_subsets"] = r.missing_subsets;
  }
}

// notes: lines printed right after the headline (each ending in a newline).
std::string report_text(const meta::PreferenceReport& r, const std::optional<meta::PreferenceAccuracyIntervals>& iv,
                        const std::string& notes) {
  const bool plain = r.scheme == meta::PreferenceScheme::plain;
  std::string out = meta::preference_scheme_name(r.scheme) + (plain ? ": accuracy " : ": score ") +
                    text::format_fixed(r.score, 4) + (iv ? " " + interval_text(iv->overall.interval) : std::string()) +
                    " over " + std::to_string(r.examples) + " examples; tie policy " +
                    meta::tie_policy_name(r.tie_policy) + " (" + tie_policy_description(r.tie_policy) + ")" +
                    (r.tie_margin ? "; margin " + text::python_float_repr(*r.tie_margin) + ", " +
                                        std::to_string(r.gold_ties) + " gold ties"
                                  : "") +
                    "\n" + notes;
  if (!plain && !r.missing_subsets.empty()) {
    // The scheme's score counts absent subsets as 0 in its sections; say what the data itself shows.
    double correct = 0;
    std::size_t examples = 0;
    for (const auto& sub : r.subsets) {
      correct += sub.accuracy * static_cast<double>(sub.examples);
      examples += sub.examples;
    }
    if (examples > 0)
      out += "accuracy over the " + std::to_string(examples) +
             " examples of the subsets present: " + text::format_fixed(correct / static_cast<double>(examples), 4) +
             " (each example alike; " + std::to_string(r.missing_subsets.size()) +
             " of the scheme's subsets are absent and count 0 in its score)\n";
  }
  if (iv)
    out += "intervals: " + percent(iv->confidence) + " percentile bootstrap, " + std::to_string(iv->resamples) +
           " resamples of the examples, seed " + std::to_string(iv->seed) + "\n";
  out += "\n";
  auto table_of = [](const std::string& header, const std::map<std::string, double>& values) {
    io::TextTable t{{header, "score"}, {io::Align::left, io::Align::right}, {}};
    for (const auto& [name, v] : values) t.rows.push_back({name, text::format_fixed(v, 4)});
    return io::render_table(t, io::TableStyle::fancy_grid) + "\n";
  };
  if (!r.languages.empty()) out += table_of("language", r.languages);
  if (r.scheme == meta::PreferenceScheme::rewardbench) {
    // How many of each section's subsets the data has: a section without any scores 0 in the
    // reference's mean, and the table says so rather than showing a bare 0.
    std::set<std::string> present;
    for (const auto& sub : r.subsets) present.insert(sub.name);
    io::TextTable t{{"section", "score", "subsets present"}, {io::Align::left, io::Align::right, io::Align::right}, {}};
    for (const auto& [name, v] : r.sections) {
      std::size_t have = 0, all = 0;
      for (const auto& section : meta::rewardbench_sections())
        if (section.name == name)
          for (const auto& sub : section.subsets) {
            ++all;
            have += present.count(sub);
          }
      t.rows.push_back({name, text::format_fixed(v, 4),
                        have == 0 ? "none (0 in the score)" : std::to_string(have) + " of " + std::to_string(all)});
    }
    out += io::render_table(t, io::TableStyle::fancy_grid) + "\n";
  } else if (!r.sections.empty()) {
    out += table_of("section", r.sections);
  }
  const auto intervals = subset_intervals(iv);
  io::TextTable subsets{{"subset", "accuracy", "examples"}, {io::Align::left, io::Align::right, io::Align::right}, {}};
  if (iv) {
    subsets.headers.insert(subsets.headers.begin() + 2, percent(iv->confidence) + " interval");
    subsets.aligns.insert(subsets.aligns.begin() + 2, io::Align::right);
  }
  for (const auto& s : r.subsets) {
    std::vector<std::string> row{s.name, text::format_fixed(s.accuracy, 4), std::to_string(s.examples)};
    if (iv) {
      const auto it = intervals.find(s.name);
      row.insert(row.begin() + 2, it == intervals.end() ? std::string("-") : interval_text(it->second));
    }
    subsets.rows.push_back(std::move(row));
  }
  out += io::render_table(subsets, io::TableStyle::fancy_grid) + "\n";
  auto list = [](const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  if (!plain && !r.unscored_subsets.empty())
    out += "not in the scheme's score (reported above only): " + list(r.unscored_subsets) + "\n";
  if (!plain && !r.missing_subsets.empty())
    out += "expected by the scheme but absent from the data: " + list(r.missing_subsets) + "\n";
  return out;
}

nlohmann::ordered_json positional_json(const meta::PositionalStatistics& s) {
  return {{"pairs", s.pairs},
          {"positional_agreement", s.positional_agreement},
          {"correct_in_both_orders", s.correct_in_both},
          {"accuracy_chosen_first", s.accuracy_chosen_first},
          {"accuracy_chosen_second", s.accuracy_chosen_second},
          {"accuracy_average", s.accuracy_average}};
}

// The length-bias analysis beside the scorer's result (meta/length_bias.hpp), on the same pairs and tie policy.
struct LengthBiasReport {
  runs::PreferenceLengths lengths;
  meta::LengthBias bias;
  std::optional<double> length_margin;  // calibrated policy: the margin calibrated on the lengths
  double length_baseline_score = 0;     // the scheme's score with the lengths as the scores
  bool scheme_scores_a_subset = false;  // some subset counts in the scheme's score (else the score is 0 for both)
  std::size_t left_out = 0;             // ties made by --missing tie: not the scorer's scores, left out here
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

LengthBiasReport length_bias_report(const std::vector<meta::PreferenceExample>& all_examples,
                                    runs::PreferenceLengths lengths, const meta::PreferenceReport& report) {
  LengthBiasReport out;
  out.lengths = std::move(lengths);
  if (out.lengths.source == runs::LengthSource::none) return out;
  // The ties made for missing scores say nothing about the scorer: the analysis leaves them out.
  std::vector<meta::PreferenceExample> examples;
  std::vector<double> chosen_lengths, rejected_lengths;
  for (std::size_t i = 0; i < all_examples.size(); ++i) {
    if (all_examples[i].missing_score) {
      ++out.left_out;
      continue;
    }
    examples.push_back(all_examples[i]);
    chosen_lengths.push_back(out.lengths.chosen[i]);
    rejected_lengths.push_back(out.lengths.rejected[i]);
  }
  out.lengths.chosen = std::move(chosen_lengths);
  out.lengths.rejected = std::move(rejected_lengths);
  if (examples.empty()) {
    out.lengths = {};
    out.lengths.note = "no length analysis: every row has a missing score";
    return out;
  }
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
  // plain: the scheme's score is the accuracy over all pairs, printed already as the baseline's accuracy.
  out.scheme_scores_a_subset =
      report.scheme != meta::PreferenceScheme::plain && report.unscored_subsets.size() < report.subsets.size();
  std::map<std::string, std::vector<meta::LengthPair>> by_subset;
  for (std::size_t i = 0; i < examples.size(); ++i)
    by_subset[subset_key(examples[i], report.scheme)].push_back(pairs[i]);
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
  j["source"] = runs::length_source_name(r.lengths.source);
  if (r.lengths.source == runs::LengthSource::none) {
    j["note"] = r.lengths.note;
    return j;
  }
  j["lengths"] = r.lengths.origin;
  j["unit"] = r.lengths.unit;
  if (r.left_out > 0) j["missing_score_ties_left_out"] = r.left_out;
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
  j["mean_length"] = {{"chosen", optional_number(b.mean_chosen_length)},
                      {"rejected", optional_number(b.mean_rejected_length)}};
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
  if (r.lengths.source == runs::LengthSource::none) return "\n" + r.lengths.note + "\n";
  const auto& b = r.bias;
  auto accuracy = [](const std::optional<double>& x) { return x ? text::format_fixed(*x, 4) : std::string("-"); };
  auto group = [&](const std::string& what, const meta::GroupAccuracy& g) {
    return "  " + what + ": " + (g.accuracy ? text::format_fixed(*g.accuracy, 4) : std::string("no accuracy")) +
           " over " + std::to_string(g.examples) + " examples\n";
  };
  auto correlation = [](const std::string& what, const meta::LengthCorrelation& c) {
    if (!c.statistic) return what + " undefined (" + c.undefined_reason + ")";
    return what + " " + text::format_fixed(*c.statistic, 4) +
           (c.p_value ? " (p " + text::python_float_repr(*c.p_value) + ")" : std::string());
  };
  std::string out = "\nlength bias (lengths from " + runs::length_source_name(r.lengths.source) + " " +
                    r.lengths.origin + ", unit " + r.lengths.unit +
                    "; the baseline prefers the longer completion, same tie policy" +
                    (r.length_margin ? ", length margin " + text::python_float_repr(*r.length_margin) : std::string()) +
                    (r.left_out > 0 ? "; the " + std::to_string(r.left_out) + " ties made for missing scores left out"
                                    : std::string()) +
                    ")\n";
  out +=
      "length baseline: accuracy " + accuracy(b.length_baseline.accuracy) + " (scorer " + accuracy(b.scorer.accuracy) +
      ") over " + std::to_string(b.examples) + " examples" +
      (r.scheme_scores_a_subset ? "; scheme score " + text::format_fixed(r.length_baseline_score, 4) : std::string()) +
      "\n";
  io::TextTable t{{"subset", "scorer", "length baseline", "examples"},
                  {io::Align::left, io::Align::right, io::Align::right, io::Align::right},
                  {}};
  for (const auto& s : r.subsets)
    t.rows.push_back(
        {s.name, text::format_fixed(s.scorer, 4), accuracy(s.length_baseline), std::to_string(s.examples)});
  out += io::render_table(t, io::TableStyle::fancy_grid) + "\n";
  out += "scorer accuracy by which completion is longer:\n";
  out += group("chosen shorter (shorter preferred)", b.chosen_shorter);
  out += group("chosen longer (longer preferred)", b.chosen_longer);
  out += group("equal length", b.equal_length);
  out +=
      "mean length: chosen " + accuracy(b.mean_chosen_length) + ", rejected " + accuracy(b.mean_rejected_length) + "\n";
  out += "correlation of the scores with length over " + std::to_string(b.completions) +
         " completions: " + correlation("Pearson", b.pearson) + "; " + correlation("Kendall tau-b", b.kendall_tau_b) +
         "\n";
  return out;
}

// One scorer's result with everything printed beside it.
struct ScorerResult {
  runs::PreferenceRows rows;
  meta::PreferenceReport report;
  std::optional<meta::PreferenceAccuracyIntervals> intervals;  // plain scheme, --bootstrap > 0
  std::optional<meta::PositionalReport> positional;            // both orders' verdicts present
  LengthBiasReport bias;
};

nlohmann::ordered_json result_json(const ScorerResult& r, const std::string& scheme_choice,
                                   meta::MissingPolicy missing) {
  nlohmann::ordered_json j;
  j["scorer"] = r.rows.scorer.name;
  j["columns"] = r.rows.scorer.columns;
  j["scheme_choice"] = scheme_choice;
  add_report_json(j, r.report, r.intervals);
  j["missing_scores"] = {{"policy", meta::missing_policy_name(missing)},
                         {"rows", r.rows.missing_rows},
                         {"note", meta::missing_rows_note(r.rows.missing_rows, missing)}};
  if (r.positional) {
    auto p = positional_json(r.positional->overall);
    p["columns"] = r.rows.order_columns;
    p["rows_without_both_verdicts"] = r.rows.orders_incomplete;
    p["subsets"] = nlohmann::ordered_json::array();
    for (const auto& [name, stats] : r.positional->subsets) {
      auto row = positional_json(stats);
      row["subset"] = name;
      p["subsets"].push_back(row);
    }
    j["both_orders"] = p;
  }
  j["length_bias"] = length_bias_json(r.bias);
  return j;
}

std::string positional_text(const ScorerResult& r) {
  if (!r.positional) return "";
  const auto& o = r.positional->overall;
  std::string out =
      "\nboth orders (" + r.rows.order_columns + ", the chosen shown first / second) over " + std::to_string(o.pairs) +
      " pairs: positional agreement " + text::format_fixed(o.positional_agreement, 4) + "; correct in both orders " +
      text::format_fixed(o.correct_in_both, 4) + "; accuracy with the chosen first " +
      text::format_fixed(o.accuracy_chosen_first, 4) + ", second " + text::format_fixed(o.accuracy_chosen_second, 4) +
      ", average " + text::format_fixed(o.accuracy_average, 4) + "\n";
  if (r.rows.orders_incomplete > 0)
    out += std::to_string(r.rows.orders_incomplete) + " rows without both verdicts left out\n";
  io::TextTable t{
      {"subset", "agreement", "correct in both", "chosen first", "chosen second", "pairs"},
      {io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
      {}};
  for (const auto& [name, s] : r.positional->subsets)
    t.rows.push_back({name, text::format_fixed(s.positional_agreement, 4), text::format_fixed(s.correct_in_both, 4),
                      text::format_fixed(s.accuracy_chosen_first, 4), text::format_fixed(s.accuracy_chosen_second, 4),
                      std::to_string(s.pairs)});
  return out + io::render_table(t, io::TableStyle::fancy_grid) + "\n";
}

std::string result_text(const ScorerResult& r, const std::string& scheme_choice, meta::MissingPolicy missing) {
  std::string out = "scorer " + r.rows.scorer.name + " (" + r.rows.scorer.columns + ")\n";
  const std::string notes = "scheme " + meta::preference_scheme_name(r.report.scheme) + ": " + scheme_choice + "\n" +
                            meta::missing_rows_note(r.rows.missing_rows, missing) + "\n";
  return out + report_text(r.report, r.intervals, notes) + positional_text(r) + length_bias_text(r.bias);
}

// Several scorers: one line each, before the full results.
std::string comparison_text(const std::vector<ScorerResult>& results, const std::string& scheme_choice) {
  const auto& first = results.front().report;
  const bool plain = first.scheme == meta::PreferenceScheme::plain;
  const auto& iv = results.front().intervals;
  std::string out = std::to_string(results.size()) + " scorers, scheme " + meta::preference_scheme_name(first.scheme) +
                    " " + scheme_choice + ", tie policy " + meta::tie_policy_name(first.tie_policy) + "\n";
  io::TextTable t{{"scorer", plain ? "accuracy" : "score", "examples", "missing scores"},
                  {io::Align::left, io::Align::right, io::Align::right, io::Align::right},
                  {}};
  if (iv) {
    t.headers.insert(t.headers.begin() + 2, percent(iv->confidence) + " interval");
    t.aligns.insert(t.aligns.begin() + 2, io::Align::right);
  }
  for (const auto& r : results) {
    std::vector<std::string> row{r.rows.scorer.name, text::format_fixed(r.report.score, 4),
                                 std::to_string(r.report.examples), std::to_string(r.rows.missing_rows)};
    if (iv) row.insert(row.begin() + 2, r.intervals ? interval_text(r.intervals->overall.interval) : std::string("-"));
    t.rows.push_back(std::move(row));
  }
  return out + io::render_table(t, io::TableStyle::fancy_grid) + "\n";
}

// An explicit RewardBench scheme on data without one of its subsets would print a score of 0 made of
// nothing: an error that points to the plain scheme.
void check_scheme_fits(const std::string& data, meta::PreferenceScheme scheme,
                       const std::vector<meta::PreferenceExample>& examples) {
  if (scheme == meta::PreferenceScheme::plain) return;
  const auto fit = meta::choose_preference_scheme(examples).scheme;
  const bool v1_family =
      scheme == meta::PreferenceScheme::rewardbench || scheme == meta::PreferenceScheme::m_rewardbench;
  if (v1_family && (fit == meta::PreferenceScheme::rewardbench || fit == meta::PreferenceScheme::m_rewardbench)) return;
  if (scheme == meta::PreferenceScheme::rewardbench2) {
    for (const auto& e : examples)
      for (const char* name : {"Factuality", "Precise IF", "Math", "Safety", "Focus", "Ties"})
        if (e.subset == name) return;
  } else {
    for (const auto& e : examples)
      for (const char* name : {"anthropic_helpful", "anthropic_hhh", "shp", "summarize"})
        if (e.subset == name) return;
  }
  std::set<std::string> names;
  for (const auto& e : examples) names.insert(e.subset);
  std::string listed;
  std::size_t shown = 0;
  for (const auto& n : names) {
    if (shown++ == 5) {
      listed += ", ...";
      break;
    }
    listed += (listed.empty() ? "" : ", ") + n;
  }
  throw ExitError(1, Error(data, 0,
                           "--scheme " + meta::preference_scheme_name(scheme) +
                               ": no subset of the data is one of the scheme's (the data has " + listed +
                               "); --scheme plain gives the accuracy overall and per subset"));
}

}  // namespace

int run_meta_pairs(int argc, char** argv) {
  CLI::App app{
      "trenchcoat meta pairs: preference accuracy of scorers (reward models, metrics, judges) on pairs or best-of-n\n"
      "lists of completions, every scorer in the file side by side, with the tie policy always explicit and printed.\n"
      "\n"
      "Input: JSON Lines, one example per row, with an id, a subset and the scores: a list whose first entry is\n"
      "the chosen (correct) completion's (`scores`, RewardBench 2 style), or a chosen and a rejected score\n"
      "(NAME.chosen/NAME.rejected, score_chosen/score_rejected, ...; or named with --chosen and --rejected), or a\n"
      "pairwise scorer's NAME.preference, the probability that the chosen is preferred. Every scorer found in the\n"
      "first row is evaluated (--scorer NAME, repeatable, picks some), each with one result.\n"
      "\n"
      "Schemes (--scheme; by default chosen from the subsets, and printed): plain (the accuracy over all examples\n"
      "and per subset, with percentile bootstrap intervals: --bootstrap, --confidence, --seed; the default unless\n"
      "a subset is RewardBench's), rewardbench (v1: per-subset accuracy, weighted into the sections Chat, Chat\n"
      "Hard, Safety, Reasoning, plus prior sets if present), rewardbench2 (best of n per subset, the Ties\n"
      "composite, mean of six), m-rewardbench (v1 sections per language, averaged over languages).\n"
      "\n"
      "Missing scores (null: the scorer could not score the row, e.g. a failed judge request): an error naming the\n"
      "file and line by default; --missing drop leaves those rows out, --missing tie counts them as ties (scored by\n"
      "the tie policy). Every result says how many rows the policy touched.\n"
      "\n"
      "Both orders: for a pairwise judge whose output has NAME.preference_ab and NAME.preference_ba (its verdict\n"
      "with the chosen shown first and second, as `trenchcoat score` writes them), the result adds LLMBar's\n"
      "statistics: positional agreement (the share of pairs whose two verdicts agree), accuracy correct in both\n"
      "orders, and the accuracy in each order and their average; overall and per subset.\n"
      "\n"
      "Length bias (pairs only), printed after the result: the accuracy of the length baseline (prefer the longer\n"
      "completion, same tie policy) overall and per subset, the scorer's accuracy where the chosen completion is\n"
      "shorter / longer / as long, the mean lengths, and Pearson and Kendall tau-b of the scores with length over\n"
      "all completions. Lengths come from the columns length.chosen / length.rejected (--length-scorer), else from\n"
      "the rows' completion texts (as `trenchcoat score` reads them; --length-unit, default Unicode code points);\n"
      "without either the output says so.\n"
      "\n"
      "Output (json): one scorer's result as an object; several scorers as {\"scorers\": [result, ...]}.\n"
      "\n"
      "Examples:\n"
      "  trenchcoat meta pairs --data scored.jsonl -f text\n"
      "  trenchcoat meta pairs --data judged.jsonl --scorer judge --missing drop -f text\n"
      "  trenchcoat meta pairs --data rb2.jsonl --scheme rewardbench2 --tie half\n",
      "trenchcoat meta pairs"};
  std::string data, scheme_name = "auto", tie_name, format = "json", missing_name = "error";
  std::vector<std::string> scorers;
  std::size_t resamples = 1000;
  double confidence = 0.95;
  std::uint64_t seed = 0;
  runs::PreferenceFields fields;
  runs::PreferenceLengthFields length_fields;
  app.add_option("--data", data, "Scored examples, JSON Lines (.gz allowed; - for standard input)")->required();
  app.add_option(
         "--scheme", scheme_name,
         "auto (rewardbench when a subset is RewardBench's, else plain; see above), plain (accuracy overall and "
         "per subset), rewardbench (v1: sections Chat, Chat Hard, Safety, Reasoning), rewardbench2, m-rewardbench")
      ->check(CLI::IsMember({"auto", "plain", "rewardbench", "rewardbench2", "m-rewardbench"}))
      ->capture_default_str();
  app.add_option(
         "--tie", tie_name,
         "Tie policy: strict (a tie is wrong; the plain and RewardBench v1 default), shared (1/k for k tied at "
         "the top; RewardBench 2 default), half (1/2), calibrated (scores within a margin are a tie, right only "
         "when the row's gold says tie (--tie-field); the margin maximising accuracy is found and printed)")
      ->check(CLI::IsMember({"strict", "shared", "half", "calibrated"}));
  app.add_option(
         "--missing", missing_name,
         "A null score: error (stop, naming file and line), drop (leave the row out) or tie (count it as a tie); "
         "the count is reported")
      ->check(CLI::IsMember({"error", "drop", "tie"}))
      ->capture_default_str();
  app.add_option("--scorer", scorers,
                 "Scorer column NAME of `trenchcoat score` output: NAME.chosen / NAME.rejected, or NAME.preference; "
                 "repeatable (default: every scorer in the first row)");
  app.add_option("--scores", fields.scores, "List field of scores, chosen first (default: detected)");
  app.add_option("--chosen", fields.chosen, "Field of the chosen completion's score (with --rejected)");
  app.add_option("--rejected", fields.rejected, "Field of the rejected completion's score");
  app.add_option("--tie-field", fields.tie, "Boolean field: true when the gold calls the pair a tie")
      ->capture_default_str();
  app.add_option("--subset-field", fields.subset, "Field naming the subset")->capture_default_str();
  app.add_option("--language-field", fields.language, "Field naming the language (m-rewardbench)")
      ->capture_default_str();
  app.add_option("--bootstrap", resamples, "plain: resamples for the percentile intervals (0: none)")
      ->capture_default_str();
  app.add_option("--confidence", confidence, "plain: confidence level of the intervals, in (0, 1)")
      ->capture_default_str();
  app.add_option("--seed", seed, "plain: seed of the bootstrap draws (printed with the result)")->capture_default_str();
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
  if (!(confidence > 0.0 && confidence < 1.0)) throw ExitError(2, "--confidence must lie strictly between 0 and 1");
  fields.missing = meta::parse_missing_policy(missing_name);
  auto read = runs::read_preference_rows_by_scorer(data, fields, scorers, length_fields);

  // One scheme for every scorer, so that their results compare.
  std::vector<meta::PreferenceExample> every_example;
  for (const auto& r : read) every_example.insert(every_example.end(), r.examples.begin(), r.examples.end());
  for (const auto& r : read)
    if (r.examples.empty())
      throw ExitError(1, Error(data, 0,
                               "scorer " + r.scorer.name + ": every row has a missing score (" +
                                   meta::missing_rows_note(r.missing_rows, fields.missing) + ")"));
  meta::PreferenceScheme scheme;
  std::string scheme_choice;
  if (scheme_name == "auto") {
    const auto choice = meta::choose_preference_scheme(every_example);
    scheme = choice.scheme;
    scheme_choice = "chosen automatically (" + choice.reason + "; --scheme names another)";
  } else {
    scheme = meta::parse_preference_scheme(scheme_name);
    scheme_choice = "as named by --scheme";
    check_scheme_fits(data, scheme, every_example);
  }
  const auto policy = tie_name.empty() ? meta::default_tie_policy(scheme) : meta::parse_tie_policy(tie_name);

  std::vector<ScorerResult> results;
  for (auto& rows : read) {
    if (policy != meta::TiePolicy::calibrated)
      for (const auto& e : rows.examples)
        if (e.gold_tie)
          throw ExitError(1, Error(data, e.line,
                                   "the gold calls this pair a tie ('" + fields.tie +
                                       "': true); only --tie calibrated can score gold ties"));
    ScorerResult r;
    r.report = meta::evaluate_preferences(rows.examples, scheme, policy);
    if (scheme == meta::PreferenceScheme::plain && resamples > 0)
      r.intervals = meta::preference_accuracy_intervals(rows.examples, policy, r.report.tie_margin.value_or(0.0),
                                                        resamples, confidence, seed);
    if (rows.has_orders) r.positional = meta::positional_report(rows.orders);
    r.bias = length_bias_report(rows.examples, std::move(rows.lengths), r.report);
    r.rows = std::move(rows);
    results.push_back(std::move(r));
  }

  std::string out;
  if (format == "json") {
    if (results.size() == 1) {
      out = result_json(results.front(), scheme_choice, fields.missing).dump(2) + "\n";
    } else {
      nlohmann::ordered_json j;
      j["scorers"] = nlohmann::ordered_json::array();
      for (const auto& r : results) j["scorers"].push_back(result_json(r, scheme_choice, fields.missing));
      out = j.dump(2) + "\n";
    }
  } else {
    if (results.size() > 1) out = comparison_text(results, scheme_choice);
    for (std::size_t i = 0; i < results.size(); ++i)
      out += (results.size() > 1 ? "\n" : "") + result_text(results[i], scheme_choice, fields.missing);
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli
