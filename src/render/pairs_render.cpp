#include "trenchcoat/render/pairs_render.hpp"

#include <cmath>
#include <map>
#include <set>

#include "trenchcoat/meta/rewardbench.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::render {
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

nlohmann::ordered_json positional_json(const meta::PositionalStatistics& s) {
  return {{"pairs", s.pairs},
          {"positional_agreement", s.positional_agreement},
          {"correct_in_both_orders", s.correct_in_both},
          {"accuracy_chosen_first", s.accuracy_chosen_first},
          {"accuracy_chosen_second", s.accuracy_chosen_second},
          {"accuracy_average", s.accuracy_average}};
}

nlohmann::ordered_json optional_number(const std::optional<double>& x) {
  return x ? nlohmann::ordered_json(*x) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json correlation_json(const meta::LengthCorrelation& c) {
  if (!c.statistic) return {{"statistic", nullptr}, {"undefined", c.undefined_reason}};
  return {{"statistic", *c.statistic}, {"p_value", optional_number(c.p_value)}};
}

nlohmann::ordered_json length_bias_json(const runs::LengthBiasReport& r) {
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

nlohmann::ordered_json result_json(const runs::ScorerPairsResult& r, const std::string& scheme_choice,
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

// notes: lines shown right after the headline.
void add_report(Document& doc, const meta::PreferenceReport& r,
                const std::optional<meta::PreferenceAccuracyIntervals>& iv, const std::vector<std::string>& notes) {
  const bool plain = r.scheme == meta::PreferenceScheme::plain;
  doc.line(meta::preference_scheme_name(r.scheme) + (plain ? ": accuracy " : ": score ") +
           text::format_fixed(r.score, 4) + (iv ? " " + interval_text(iv->overall.interval) : std::string()) +
           " over " + std::to_string(r.examples) + " examples; tie policy " + meta::tie_policy_name(r.tie_policy) +
           " (" + tie_policy_description(r.tie_policy) + ")" +
           (r.tie_margin ? "; margin " + text::python_float_repr(*r.tie_margin) + ", " + std::to_string(r.gold_ties) +
                               " gold ties"
                         : ""));
  for (const auto& n : notes) doc.line(n);
  if (!plain && !r.missing_subsets.empty()) {
    // The scheme's score counts absent subsets as 0 in its sections; say what the data itself shows.
    double correct = 0;
    std::size_t examples = 0;
    for (const auto& sub : r.subsets) {
      correct += sub.accuracy * static_cast<double>(sub.examples);
      examples += sub.examples;
    }
    if (examples > 0)
      doc.line("accuracy over the " + std::to_string(examples) +
               " examples of the subsets present: " + text::format_fixed(correct / static_cast<double>(examples), 4) +
               " (each example alike; " + std::to_string(r.missing_subsets.size()) +
               " of the scheme's subsets are absent and count 0 in its score)");
  }
  if (iv)
    doc.line("intervals: " + percent(iv->confidence) + " percentile bootstrap, " + std::to_string(iv->resamples) +
             " resamples of the examples, seed " + std::to_string(iv->seed));
  doc.line("");
  auto table_of = [](const std::string& header, const std::map<std::string, double>& values) {
    io::TextTable t{{header, "score"}, {io::Align::left, io::Align::right}, {}};
    for (const auto& [name, v] : values) t.rows.push_back({name, text::format_fixed(v, 4)});
    return t;
  };
  if (!r.languages.empty()) doc.table(table_of("language", r.languages));
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
    doc.table(std::move(t));
  } else if (!r.sections.empty()) {
    doc.table(table_of("section", r.sections));
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
  doc.table(std::move(subsets));
  if (!plain && !r.unscored_subsets.empty())
    doc.line("not in the scheme's score (reported above only): " + text::join(r.unscored_subsets, ", "));
  if (!plain && !r.missing_subsets.empty())
    doc.line("expected by the scheme but absent from the data: " + text::join(r.missing_subsets, ", "));
}

void add_length_bias(Document& doc, const runs::LengthBiasReport& r) {
  doc.line("");
  if (r.lengths.source == runs::LengthSource::none) {
    doc.line(r.lengths.note);
    return;
  }
  const auto& b = r.bias;
  auto accuracy = [](const std::optional<double>& x) { return x ? text::format_fixed(*x, 4) : std::string("-"); };
  auto group = [&](const std::string& what, const meta::GroupAccuracy& g) {
    return "  " + what + ": " + (g.accuracy ? text::format_fixed(*g.accuracy, 4) : std::string("no accuracy")) +
           " over " + std::to_string(g.examples) + " examples";
  };
  auto correlation = [](const std::string& what, const meta::LengthCorrelation& c) {
    if (!c.statistic) return what + " undefined (" + c.undefined_reason + ")";
    return what + " " + text::format_fixed(*c.statistic, 4) +
           (c.p_value ? " (p " + text::python_float_repr(*c.p_value) + ")" : std::string());
  };
  doc.line("length bias (lengths from " + runs::length_source_name(r.lengths.source) + " " + r.lengths.origin +
           ", unit " + r.lengths.unit + "; the baseline prefers the longer completion, same tie policy" +
           (r.length_margin ? ", length margin " + text::python_float_repr(*r.length_margin) : std::string()) +
           (r.left_out > 0 ? "; the " + std::to_string(r.left_out) + " ties made for missing scores left out"
                           : std::string()) +
           ")");
  doc.line(
      "length baseline: accuracy " + accuracy(b.length_baseline.accuracy) + " (scorer " + accuracy(b.scorer.accuracy) +
      ") over " + std::to_string(b.examples) + " examples" +
      (r.scheme_scores_a_subset ? "; scheme score " + text::format_fixed(r.length_baseline_score, 4) : std::string()));
  io::TextTable t{{"subset", "scorer", "length baseline", "examples"},
                  {io::Align::left, io::Align::right, io::Align::right, io::Align::right},
                  {}};
  for (const auto& s : r.subsets)
    t.rows.push_back(
        {s.name, text::format_fixed(s.scorer, 4), accuracy(s.length_baseline), std::to_string(s.examples)});
  doc.table(std::move(t));
  doc.line("scorer accuracy by which completion is longer:");
  doc.line(group("chosen shorter (shorter preferred)", b.chosen_shorter));
  doc.line(group("chosen longer (longer preferred)", b.chosen_longer));
  doc.line(group("equal length", b.equal_length));
  doc.line("mean length: chosen " + accuracy(b.mean_chosen_length) + ", rejected " + accuracy(b.mean_rejected_length));
  doc.line("correlation of the scores with length over " + std::to_string(b.completions) +
           " completions: " + correlation("Pearson", b.pearson) + "; " + correlation("Kendall tau-b", b.kendall_tau_b));
}

void add_positional(Document& doc, const runs::ScorerPairsResult& r) {
  if (!r.positional) return;
  const auto& o = r.positional->overall;
  doc.line("");
  doc.line("both orders (" + r.rows.order_columns + ", the chosen shown first / second) over " +
           std::to_string(o.pairs) + " pairs: positional agreement " + text::format_fixed(o.positional_agreement, 4) +
           "; correct in both orders " + text::format_fixed(o.correct_in_both, 4) +
           "; accuracy with the chosen first " + text::format_fixed(o.accuracy_chosen_first, 4) + ", second " +
           text::format_fixed(o.accuracy_chosen_second, 4) + ", average " + text::format_fixed(o.accuracy_average, 4));
  if (r.rows.orders_incomplete > 0)
    doc.line(std::to_string(r.rows.orders_incomplete) + " rows without both verdicts left out");
  io::TextTable t{
      {"subset", "agreement", "correct in both", "chosen first", "chosen second", "pairs"},
      {io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
      {}};
  for (const auto& [name, s] : r.positional->subsets)
    t.rows.push_back({name, text::format_fixed(s.positional_agreement, 4), text::format_fixed(s.correct_in_both, 4),
                      text::format_fixed(s.accuracy_chosen_first, 4), text::format_fixed(s.accuracy_chosen_second, 4),
                      std::to_string(s.pairs)});
  doc.table(std::move(t));
}

void add_scorer(Document& doc, const runs::ScorerPairsResult& r, const std::string& scheme_choice,
                meta::MissingPolicy missing) {
  doc.line("scorer " + r.rows.scorer.name + " (" + r.rows.scorer.columns + ")");
  add_report(doc, r.report, r.intervals,
             {"scheme " + meta::preference_scheme_name(r.report.scheme) + ": " + scheme_choice,
              meta::missing_rows_note(r.rows.missing_rows, missing)});
  add_positional(doc, r);
  add_length_bias(doc, r.bias);
}

// Several scorers: one row each, before the full results.
void add_comparison(Document& doc, const std::vector<runs::ScorerPairsResult>& results,
                    const std::string& scheme_choice) {
  const auto& first = results.front().report;
  const bool plain = first.scheme == meta::PreferenceScheme::plain;
  const auto& iv = results.front().intervals;
  doc.line(std::to_string(results.size()) + " scorers, scheme " + meta::preference_scheme_name(first.scheme) + " " +
           scheme_choice + ", tie policy " + meta::tie_policy_name(first.tie_policy));
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
  doc.table(std::move(t));
}

}  // namespace

nlohmann::ordered_json pairs_json(const runs::PairsResult& result) {
  nlohmann::ordered_json j;
  if (result.scorers.size() == 1) {
    j = result_json(result.scorers.front(), result.scheme_choice, result.missing);
  } else {
    j["scorers"] = nlohmann::ordered_json::array();
    for (const auto& r : result.scorers) j["scorers"].push_back(result_json(r, result.scheme_choice, result.missing));
  }
  if (result.lower_is_better) j["direction"] = "lower";  // absent: higher is better, as before the option
  return j;
}

Document pairs_document(const runs::PairsResult& result) {
  Document doc;
  if (result.lower_is_better)
    doc.line("direction lower: scores negated, so the chosen completion must score lower (e.g. TER)");
  const bool several = result.scorers.size() > 1;
  if (several) add_comparison(doc, result.scorers, result.scheme_choice);
  for (const auto& r : result.scorers) {
    if (several) doc.line("");
    add_scorer(doc, r, result.scheme_choice, result.missing);
  }
  return doc;
}

}  // namespace trenchcoat::render
