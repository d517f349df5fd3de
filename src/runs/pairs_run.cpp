#include "trenchcoat/runs/pairs_run.hpp"

#include <map>
#include <set>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/rewardbench.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::runs {
namespace {

std::string subset_key(const meta::PreferenceExample& e, meta::PreferenceScheme scheme) {
  return scheme == meta::PreferenceScheme::m_rewardbench ? e.language + "/" + e.subset : e.subset;
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
  throw Error(data, 0,
              "--scheme " + meta::preference_scheme_name(scheme) +
                  ": no subset of the data is one of the scheme's (the data has " + listed +
                  "); --scheme plain gives the accuracy overall and per subset");
}

}  // namespace

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

PairsResult run_pairs(const PairsRequest& request) {
  if (!(request.confidence > 0.0 && request.confidence < 1.0))
    throw RequestError("--confidence must lie strictly between 0 and 1");
  const std::string& data = request.data;
  const runs::PreferenceFields& fields = request.fields;
  auto read = runs::read_preference_rows_by_scorer(data, fields, request.scorers, request.length_fields);
  if (request.lower_is_better)
    for (auto& r : read)
      for (auto& e : r.examples)
        for (double& s : e.scores) s = -s;

  // One scheme for every scorer, so that their results compare.
  std::vector<meta::PreferenceExample> every_example;
  for (const auto& r : read) every_example.insert(every_example.end(), r.examples.begin(), r.examples.end());
  for (const auto& r : read)
    if (r.examples.empty())
      throw Error(data, 0,
                  "scorer " + r.scorer.name + ": every row has a missing score (" +
                      meta::missing_rows_note(r.missing_rows, fields.missing) + ")");
  PairsResult result;
  result.missing = fields.missing;
  result.lower_is_better = request.lower_is_better;
  meta::PreferenceScheme scheme;
  if (!request.scheme) {
    const auto choice = meta::choose_preference_scheme(every_example);
    scheme = choice.scheme;
    result.scheme_choice = "chosen automatically (" + choice.reason + "; --scheme names another)";
  } else {
    scheme = *request.scheme;
    result.scheme_choice = "as named by --scheme";
    check_scheme_fits(data, scheme, every_example);
  }
  const auto policy = request.tie ? *request.tie : meta::default_tie_policy(scheme);

  for (auto& rows : read) {
    if (policy != meta::TiePolicy::calibrated)
      for (const auto& e : rows.examples)
        if (e.gold_tie)
          throw Error(
              data, e.line,
              "the gold calls this pair a tie ('" + fields.tie + "': true); only --tie calibrated can score gold ties");
    ScorerPairsResult r;
    r.report = meta::evaluate_preferences(rows.examples, scheme, policy);
    if (scheme == meta::PreferenceScheme::plain && request.bootstrap > 0)
      r.intervals = meta::preference_accuracy_intervals(rows.examples, policy, r.report.tie_margin.value_or(0.0),
                                                        request.bootstrap, request.confidence, request.seed);
    if (rows.has_orders) r.positional = meta::positional_report(rows.orders);
    r.bias = length_bias_report(rows.examples, std::move(rows.lengths), r.report);
    r.rows = std::move(rows);
    result.scorers.push_back(std::move(r));
  }
  return result;
}

}  // namespace trenchcoat::runs
