#include "trenchcoat/meta/preference_benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/rewardbench.hpp"

namespace trenchcoat::meta {

PreferenceScheme parse_preference_scheme(const std::string& name) {
  if (name == "plain") return PreferenceScheme::plain;
  if (name == "rewardbench") return PreferenceScheme::rewardbench;
  if (name == "rewardbench2") return PreferenceScheme::rewardbench2;
  if (name == "m-rewardbench") return PreferenceScheme::m_rewardbench;
  throw Error("unknown scheme '" + name + "' (known: plain, rewardbench, rewardbench2, m-rewardbench)");
}

std::string preference_scheme_name(PreferenceScheme scheme) {
  switch (scheme) {
    case PreferenceScheme::plain:
      return "plain";
    case PreferenceScheme::rewardbench:
      return "rewardbench";
    case PreferenceScheme::rewardbench2:
      return "rewardbench2";
    case PreferenceScheme::m_rewardbench:
      return "m-rewardbench";
  }
  return "rewardbench";
}

TiePolicy default_tie_policy(PreferenceScheme scheme) {
  return scheme == PreferenceScheme::rewardbench2 ? TiePolicy::shared : TiePolicy::strict;
}

namespace {

const std::set<std::string>& prior_set_names() {
  static const std::set<std::string> names = {"anthropic_helpful",  "anthropic_hhh", "shp",         "summarize",
                                              "anthropic_harmless", "mtbench_human", "mtbench_gpt4"};
  return names;
}

bool is_rewardbench_subset(const std::string& subset) {
  for (const auto& section : rewardbench_sections())
    if (std::find(section.subsets.begin(), section.subsets.end(), subset) != section.subsets.end()) return true;
  return false;
}

bool is_rewardbench2_subset(const std::string& subset) {
  for (const char* name : {"Factuality", "Precise IF", "Math", "Safety", "Focus", "Ties"})
    if (subset == name) return true;
  return false;
}

// Mean credit per subset, subsets in name order.
// The policy with the calibrated policy's margin.
struct CreditRule {
  TiePolicy policy;
  double margin = 0.0;
};

std::vector<SubsetResult> subset_accuracies(const std::vector<const PreferenceExample*>& examples, CreditRule rule) {
  std::map<std::string, std::pair<double, std::size_t>> sums;
  for (const PreferenceExample* e : examples) {
    if (e->scores.size() < 2)
      throw Error("line " + std::to_string(e->line) + ": an example needs the chosen score and at least one other");
    auto& [sum, n] = sums[e->subset];
    sum += best_of_n_result(e->scores, rule.policy, rule.margin, e->gold_tie);
    ++n;
  }
  std::vector<SubsetResult> out;
  for (const auto& [name, sn] : sums) out.push_back({name, sn.first / static_cast<double>(sn.second), sn.second});
  return out;
}

// RewardBench v1 on a set of examples: sections from the mapped subsets, the prior sets if present.
void score_rewardbench_v1(const std::vector<const PreferenceExample*>& examples, CreditRule rule,
                          PreferenceReport& report, const std::string& prefix, double& score) {
  const auto subsets = subset_accuracies(examples, rule);
  SubsetScores mapped, prior;
  for (const auto& s : subsets) {
    report.subsets.push_back({prefix + s.name, s.accuracy, s.examples});
    if (is_rewardbench_subset(s.name)) mapped[s.name] = s.accuracy;
    else if (prior_set_names().count(s.name)) prior[s.name] = s.accuracy;
    else report.unscored_subsets.push_back(prefix + s.name);
  }
  for (const auto& section : rewardbench_sections())
    for (const auto& subset : section.subsets)
      if (!mapped.count(subset)) report.missing_subsets.push_back(prefix + subset);
  const auto sections = rewardbench_section_scores(mapped);
  for (const auto& [name, value] : sections) report.sections[prefix + name] = value;
  score = prior.empty() ? rewardbench_score(sections) : rewardbench_score(sections, prior);
}

}  // namespace

SchemeChoice choose_preference_scheme(const std::vector<PreferenceExample>& examples) {
  bool rewardbench = false, all_languages = !examples.empty(), more_than_two = false,
       all_rewardbench2 = !examples.empty();
  for (const auto& e : examples) {
    rewardbench = rewardbench || is_rewardbench_subset(e.subset);
    all_languages = all_languages && !e.language.empty();
    more_than_two = more_than_two || e.scores.size() > 2;
    all_rewardbench2 = all_rewardbench2 && is_rewardbench2_subset(e.subset);
  }
  if (rewardbench && all_languages)
    return {PreferenceScheme::m_rewardbench, "RewardBench subsets, and every row names a language"};
  if (rewardbench) return {PreferenceScheme::rewardbench, "some subsets are RewardBench subsets"};
  if (more_than_two && all_rewardbench2)
    return {PreferenceScheme::rewardbench2, "every subset is a RewardBench 2 subset, with more than two completions"};
  return {PreferenceScheme::plain, "no subset is a RewardBench subset"};
}

double calibrate_tie_margin(const std::vector<PreferenceExample>& examples) {
  // Credit(eps) = #{non-tie examples with margin m > eps} + #{gold-tie pairs with |d| <= eps}. Both
  // counts change only at the candidate values, so sweep them in increasing order.
  std::vector<double> margins, tie_gaps;
  for (const auto& e : examples) {
    if (e.scores.size() < 2) continue;
    if (e.gold_tie) {
      tie_gaps.push_back(std::abs(e.scores[0] - e.scores[1]));
    } else {
      margins.push_back(e.scores[0] - *std::max_element(e.scores.begin() + 1, e.scores.end()));
    }
  }
  std::sort(margins.begin(), margins.end());
  std::sort(tie_gaps.begin(), tie_gaps.end());
  std::vector<double> candidates = {0.0};
  for (double m : margins)
    if (m > 0) candidates.push_back(m);
  candidates.insert(candidates.end(), tie_gaps.begin(), tie_gaps.end());
  std::sort(candidates.begin(), candidates.end());
  double best_epsilon = 0.0;
  std::ptrdiff_t best_credit = -1;
  for (double eps : candidates) {
    const auto above = margins.end() - std::upper_bound(margins.begin(), margins.end(), eps);
    const auto within = std::upper_bound(tie_gaps.begin(), tie_gaps.end(), eps) - tie_gaps.begin();
    if (above + within > best_credit) {
      best_credit = above + within;
      best_epsilon = eps;
    }
  }
  return best_epsilon;
}

PreferenceReport evaluate_preferences(const std::vector<PreferenceExample>& examples, PreferenceScheme scheme,
                                      TiePolicy tie_policy) {
  PreferenceReport report;
  report.scheme = scheme;
  report.tie_policy = tie_policy;
  report.examples = examples.size();
  if (examples.empty()) throw Error("no examples to evaluate");
  CreditRule rule{tie_policy, 0.0};
  for (const auto& e : examples) {
    if (!e.gold_tie) continue;
    ++report.gold_ties;
    if (tie_policy != TiePolicy::calibrated)
      throw Error("line " + std::to_string(e.line) +
                  ": the gold calls this pair a tie, which only the calibrated tie policy can score");
    if (e.scores.size() != 2) throw Error("line " + std::to_string(e.line) + ": a gold tie needs exactly two scores");
  }
  if (tie_policy == TiePolicy::calibrated) {
    rule.margin = calibrate_tie_margin(examples);
    report.tie_margin = rule.margin;
  }

  if (scheme == PreferenceScheme::plain) {
    std::vector<const PreferenceExample*> all;
    for (const auto& e : examples) all.push_back(&e);
    report.subsets = subset_accuracies(all, rule);
    // The mean credit over all examples, summed left to right in the examples' order.
    double sum = 0;
    for (const auto& e : examples) sum += best_of_n_result(e.scores, rule.policy, rule.margin, e.gold_tie);
    report.score = sum / static_cast<double>(examples.size());
    return report;
  }

  if (scheme == PreferenceScheme::rewardbench) {
    std::vector<const PreferenceExample*> all;
    for (const auto& e : examples) all.push_back(&e);
    score_rewardbench_v1(all, rule, report, "", report.score);
    return report;
  }

  if (scheme == PreferenceScheme::m_rewardbench) {
    std::map<std::string, std::vector<const PreferenceExample*>> by_language;
    for (const auto& e : examples) {
      if (e.language.empty()) throw Error("line " + std::to_string(e.line) + ": m-rewardbench needs a language");
      by_language[e.language].push_back(&e);
    }
    for (const auto& [language, rows] : by_language) {
      double language_score = 0;
      score_rewardbench_v1(rows, rule, report, language + "/", language_score);
      // M-RewardBench's language score is the plain mean of the four sections, without prior sets.
      std::map<std::string, double> sections;
      for (const auto& section : rewardbench_sections())
        sections[section.name] = report.sections[language + "/" + section.name];
      report.languages[language] = rewardbench_score(sections);
    }
    report.score = m_rewardbench_average(report.languages);
    return report;
  }

  // RewardBench 2: best of n per subset, except Ties, scored by its composite.
  std::vector<const PreferenceExample*> regular;
  std::vector<TiesRow> ties;
  std::size_t ties_count = 0;
  for (const auto& e : examples) {
    if (e.subset == "Ties") {
      ties.push_back({e.id, e.num_correct, e.scores});
      ++ties_count;
    } else {
      regular.push_back(&e);
    }
  }
  SubsetScores six;
  for (const auto& s : subset_accuracies(regular, rule)) {
    report.subsets.push_back(s);
    six[s.name] = s.accuracy;
  }
  if (!ties.empty()) {
    const TiesScore t = rewardbench2_ties_score(ties);
    report.subsets.push_back({"Ties", t.score, ties_count});
    six["Ties"] = t.score;
  }
  std::sort(report.subsets.begin(), report.subsets.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  double sum = 0;
  std::size_t n = 0;
  for (const char* name : {"Factuality", "Precise IF", "Math", "Safety", "Focus", "Ties"}) {
    const auto it = six.find(name);
    if (it == six.end()) {
      report.missing_subsets.push_back(name);
      continue;
    }
    sum += it->second;
    ++n;
  }
  for (const auto& [name, value] : six)
    if (name != "Factuality" && name != "Precise IF" && name != "Math" && name != "Safety" && name != "Focus" &&
        name != "Ties")
      report.unscored_subsets.push_back(name);
  // The mean of the six subsets; with some missing, the mean of those present (reported as missing).
  report.score = n == 0 ? 0.0 : sum / static_cast<double>(n);
  return report;
}

}  // namespace trenchcoat::meta
