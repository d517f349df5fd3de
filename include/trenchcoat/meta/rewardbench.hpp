#pragma once
// RewardBench (v1 and 2) and M-RewardBench scores from per-subset results, as the reference scripts
// compute them (allenai/reward-bench 05a9005, for-ai/m-rewardbench 5e5a0d3).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trenchcoat::meta {

// Subset name -> accuracy (mean of per-example results).
using SubsetScores = std::map<std::string, double>;

struct RewardBenchSection {
  std::string name;                  // "Chat", "Chat Hard", "Safety", "Reasoning"
  std::vector<std::string> subsets;  // in the reference's order
};
// The four sections of RewardBench v1 with their subsets.
const std::vector<RewardBenchSection>& rewardbench_sections();
// The subset weights (EXAMPLE_COUNTS; math-prm counts 984, as in the reference).
double rewardbench_subset_weight(const std::string& subset);

// Section score = sum(acc * weight) / sum(weight) over the section's subsets present; 0 when none is.
std::map<std::string, double> rewardbench_section_scores(const SubsetScores& subsets);
// The mean of the four sections, or, with prior-set accuracies (anthropic_helpful, anthropic_hhh, shp,
// summarize; their mean), the weighted mean with weights (2, 2, 2, 2, 1).
double rewardbench_score(const std::map<std::string, double>& sections,
                         const std::optional<SubsetScores>& prior_sets = std::nullopt);

// RewardBench 2's Ties subset: one row per prompt variant, id "ref:<k>" or "tied:<k>", the first
// num_correct scores being the correct answers.
struct TiesRow {
  std::string id;
  std::size_t num_correct = 0;
  std::vector<double> scores;
};
struct TiesScore {
  double ref_accuracy = 0, tied_accuracy = 0, correctness_preferred = 0, correctness_preferred_hard = 0, margin = 0,
         score = 0;
  std::vector<double> margin_terms;
};
TiesScore rewardbench2_ties_score(const std::vector<TiesRow>& rows);
// RewardBench 2 overall: the plain mean of the six subset scores.
double rewardbench2_score(const SubsetScores& subsets);

// M-RewardBench: a language's score is the plain mean of its four RewardBench sections; the
// multilingual average is the mean over languages other than eng_Latn, NaN when any is NaN.
double m_rewardbench_average(const std::map<std::string, double>& language_scores);

}  // namespace trenchcoat::meta
