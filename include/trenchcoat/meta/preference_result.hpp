#pragma once
// The credit one preference example earns, under an explicit tie policy. Reward-model benchmarks differ
// exactly here, so the policy is always named and printed:
//   strict  a tie is wrong (RewardBench v1: chosen must score strictly higher);
//   shared  a tie at the top shares the credit, 1/k among the k top scores (RewardBench 2);
//   half    a tie at the top earns 1/2 (TRL-style and generative "error" credit).
#include <span>
#include <string>

namespace trenchcoat::meta {

enum class TiePolicy { strict, shared, half };

TiePolicy parse_tie_policy(const std::string& name);  // "strict", "shared", "half"
std::string tie_policy_name(TiePolicy policy);

// A pair: 1 when chosen > rejected, 0 when lower; a tie as the policy says (shared: 1/2).
double pair_result(double chosen, double rejected, TiePolicy policy);

// Best of n, the chosen completion first (RewardBench 2's best-of-4): 1 when it alone has the top
// score, 0 when another completion scores higher; when k completions share the top score: 0 (strict),
// 1/k (shared), 1/2 (half).
double best_of_n_result(std::span<const double> scores_chosen_first, TiePolicy policy);

}  // namespace trenchcoat::meta
