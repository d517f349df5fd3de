#pragma once
// Preference benchmarks over scored examples: plain accuracy (any data: overall and per subset),
// RewardBench v1 (pairs, strict by default), RewardBench 2 (best of n with shared credit, and the Ties
// composite) and M-RewardBench (RewardBench v1 per language). The tie policy is always explicit and
// reported.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/preference_result.hpp"

namespace trenchcoat::meta {

struct PreferenceExample {
  std::string id;
  std::string subset;
  std::string language;         // M-RewardBench only
  std::vector<double> scores;   // the chosen (a correct) completion first
  std::size_t num_correct = 1;  // RewardBench 2 Ties: the first num_correct scores are correct
  bool gold_tie = false;        // the gold calls the two completions of a pair equally good (calibrated policy)
  std::size_t line = 0;         // where the example came from, for messages
  bool missing_score = false;   // the scorer gave no score: the example is a tie by --missing tie
};

// plain: the accuracy over all examples (the mean credit) and per subset, whatever the subsets are.
enum class PreferenceScheme { plain, rewardbench, rewardbench2, m_rewardbench };
PreferenceScheme parse_preference_scheme(const std::string& name);  // "plain", "rewardbench", ...
std::string preference_scheme_name(PreferenceScheme scheme);
// The scheme's own tie policy: strict for plain, RewardBench v1 and M-RewardBench, shared for
// RewardBench 2.
TiePolicy default_tie_policy(PreferenceScheme scheme);

// The scheme for data whose user named none, and why, in words:
//   - some subset is one of RewardBench v1's (rewardbench_sections): m-rewardbench when every example
//     has a language, else rewardbench;
//   - else, when some example has more than two scores and every subset is one of RewardBench 2's six
//     (Factuality, Precise IF, Math, Safety, Focus, Ties): rewardbench2;
//   - else plain.
struct SchemeChoice {
  PreferenceScheme scheme = PreferenceScheme::plain;
  std::string reason;  // e.g. "no subset is a RewardBench subset"
};
SchemeChoice choose_preference_scheme(const std::vector<PreferenceExample>& examples);

struct SubsetResult {
  std::string name;
  double accuracy = 0;
  std::size_t examples = 0;
};

struct PreferenceReport {
  PreferenceScheme scheme = PreferenceScheme::rewardbench;
  TiePolicy tie_policy = TiePolicy::strict;
  std::size_t examples = 0;
  std::vector<SubsetResult> subsets;          // by name (M-RewardBench: "language/subset")
  std::map<std::string, double> sections;     // RewardBench v1 sections (M-RewardBench: per language, prefixed)
  std::map<std::string, double> languages;    // M-RewardBench language scores
  std::vector<std::string> unscored_subsets;  // subsets outside the scheme's scoring (reported, not used)
  std::vector<std::string> missing_subsets;   // subsets the scheme expects that the data lacks
  double score = 0;                           // plain: the accuracy over all examples
  std::optional<double> tie_margin;           // calibrated policy: the margin epsilon used
  std::size_t gold_ties = 0;                  // examples the gold calls a tie
};

// The tie margin of the calibrated policy: the epsilon >= 0 that maximises the number of examples
// earning credit (best_of_n_result with TiePolicy::calibrated), over the candidates 0 and every
// |chosen - other| of a gold-tie pair and every chosen - best other of the rest; the smallest epsilon
// among equal maxima. Without gold ties this is 0. O(n log n).
double calibrate_tie_margin(const std::vector<PreferenceExample>& examples);

PreferenceReport evaluate_preferences(const std::vector<PreferenceExample>& examples, PreferenceScheme scheme,
                                      TiePolicy tie_policy);

}  // namespace trenchcoat::meta
