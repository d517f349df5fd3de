#pragma once
// Position bias of a pairwise judge asked in both orders, as LLMBar reports it (Zeng et al. 2024,
// statistics.json of its evaluators): per pair, the judge's preference for the chosen completion when
// it was shown first (as A) and when it was shown second (as B). In each order the judge picks the
// chosen completion when that value is above 1/2, the rejected one below 1/2, and neither at 1/2
// (a tie verdict). Over the pairs:
//   accuracy_chosen_first / accuracy_chosen_second  share of pairs whose pick in that order is the chosen
//                                                   completion (LLMBar's correct_False / correct_True,
//                                                   which split by the dataset's order instead);
//   accuracy_average     their mean (LLMBar's "correct_average", its Acc.);
//   correct_in_both      share of pairs where the chosen completion is picked in both orders ("correct_both");
//   positional_agreement share of pairs whose two picks name the same completion, or are both ties
//                        ("equal", LLMBar's Agr.).
// Empty input gives zero pairs and zeros.
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace trenchcoat::meta {

struct OrderedVerdicts {
  std::string subset;
  double chosen_first = 0.5;   // P(chosen preferred), or the verdict 1 / 0 / 0.5, with the chosen shown first
  double chosen_second = 0.5;  // the same with the chosen shown second
};

struct PositionalStatistics {
  std::size_t pairs = 0;
  double accuracy_chosen_first = 0;
  double accuracy_chosen_second = 0;
  double accuracy_average = 0;
  double correct_in_both = 0;
  double positional_agreement = 0;
};

struct PositionalReport {
  PositionalStatistics overall;
  std::vector<std::pair<std::string, PositionalStatistics>> subsets;  // by subset name
};

PositionalStatistics positional_statistics(std::span<const OrderedVerdicts> pairs);
PositionalReport positional_report(std::span<const OrderedVerdicts> pairs);

}  // namespace trenchcoat::meta
