#pragma once
// The credit one preference example earns, under an explicit tie policy. Reward-model benchmarks differ
// exactly here, so the policy is always named and printed:
//   strict  a tie is wrong (RewardBench v1: chosen must score strictly higher);
//   shared  a tie at the top shares the credit, 1/k among the k top scores (RewardBench 2);
//   half    a tie at the top earns 1/2 (TRL-style and generative "error" credit);
//   calibrated  ties as "Ties Matter" (Deutsch et al. 2023) calibrates them: scores within a margin
//           epsilon of each other are a tie, and a tie is right exactly when the gold says the two
//           completions are equally good. epsilon is chosen to maximise the accuracy over the data
//           (calibrate_tie_margin in preference_benchmark.hpp) and printed. Without gold ties in the
//           data the best margin is 0 and the policy equals strict.
#include <span>
#include <string>

namespace trenchcoat::meta {

enum class TiePolicy { strict, shared, half, calibrated };

TiePolicy parse_tie_policy(const std::string& name);  // "strict", "shared", "half", "calibrated"
std::string tie_policy_name(TiePolicy policy);

// A pair: 1 when chosen > rejected, 0 when lower; a tie as the policy says (shared: 1/2).
double pair_result(double chosen, double rejected, TiePolicy policy);

// Best of n, the chosen completion first (RewardBench 2's best-of-4): 1 when it alone has the top
// score, 0 when another completion scores higher; when k completions share the top score: 0 (strict),
// 1/k (shared), 1/2 (half).
// calibrated: with gold_tie (a pair the gold calls equally good) 1 when |chosen - other| <= margin,
// else 0; otherwise 1 when the chosen score exceeds every other by more than margin, else 0.
// margin and gold_tie are used only by the calibrated policy; gold_tie needs exactly two scores.
double best_of_n_result(std::span<const double> scores_chosen_first, TiePolicy policy, double margin = 0.0,
                        bool gold_tie = false);

}  // namespace trenchcoat::meta
