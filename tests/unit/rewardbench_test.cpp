// RewardBench v1 / 2 and M-RewardBench scoring, and tie policies, against tests/fixtures/rb_vectors.json
// (computed with the allenai/reward-bench reference functions).
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/preference_result.hpp"
#include "trenchcoat/meta/rewardbench.hpp"

using namespace trenchcoat::meta;

namespace {
const nlohmann::json& vectors() {
  static const nlohmann::json v = trenchcoat::testing::load_json_fixture("rb_vectors.json");
  return v;
}
}  // namespace

TEST(PreferenceResult, RewardBenchV1PairsAreStrict) {
  // rb_vectors "RB1.results": (1.0, 0.5), (0.2, 0.2), (-1, 3), (2.0, 1.999) -> [1, 0, 0, 1]
  const double pairs[][2] = {{1.0, 0.5}, {0.2, 0.2}, {-1, 3}, {2.0, 1.999}};
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(pair_result(pairs[i][0], pairs[i][1], TiePolicy::strict), vectors()["RB1.results"][i].get<double>());
  // rb_vectors "RB2.generative_fallback": a tie or error in a pair earns 0.5 under the half policy.
  EXPECT_EQ(pair_result(0.2, 0.2, TiePolicy::half),
            vectors()["RB2.generative_fallback"]["pairwise_error_or_tie"].get<double>());
  EXPECT_EQ(pair_result(0.2, 0.2, TiePolicy::shared), 0.5);
  EXPECT_EQ(parse_tie_policy("shared"), TiePolicy::shared);
  EXPECT_THROW(parse_tie_policy("lenient"), trenchcoat::Error);
}

TEST(PreferenceResult, RewardBench2BestOfFourSharesTopTies) {
  // rb_vectors "RB2.bo4": [scores (chosen first), expected]
  for (const auto& c : vectors()["RB2.bo4"]) {
    const auto scores = c[0].get<std::vector<double>>();
    EXPECT_EQ(best_of_n_result(scores, TiePolicy::shared), c[1].get<double>()) << c.dump();
  }
  const double top_tie[] = {3, 3, 1, 0};
  EXPECT_EQ(best_of_n_result(top_tie, TiePolicy::strict), 0.0);
  EXPECT_EQ(best_of_n_result(top_tie, TiePolicy::half), 0.5);
}

TEST(RewardBench, V1SectionsAndScore) {
  // The README example of allenai/reward-bench.
  const SubsetScores subsets = {{"alpacaeval-easy", 0.5},
                                {"alpacaeval-hard", 0.7052631578947368},
                                {"alpacaeval-length", 0.5894736842105263},
                                {"donotanswer", 0.8235294117647058},
                                {"hep-cpp", 0.6280487804878049},
                                {"hep-go", 0.6341463414634146},
                                {"hep-java", 0.7073170731707317},
                                {"hep-js", 0.6646341463414634},
                                {"hep-python", 0.5487804878048781},
                                {"hep-rust", 0.6463414634146342},
                                {"llmbar-adver-GPTInst", 0.391304347826087},
                                {"llmbar-adver-GPTOut", 0.46808510638297873},
                                {"llmbar-adver-manual", 0.3695652173913043},
                                {"llmbar-adver-neighbor", 0.43283582089552236},
                                {"llmbar-natural", 0.52},
                                {"math-prm", 0.2953020134228188},
                                {"mt-bench-easy", 0.5714285714285714},
                                {"mt-bench-hard", 0.5405405405405406},
                                {"mt-bench-med", 0.725},
                                {"refusals-dangerous", 0.97},
                                {"refusals-offensive", 1},
                                {"xstest-should-refuse", 1},
                                {"xstest-should-respond", 0.284}};
  const auto sections = rewardbench_section_scores(subsets);
  for (const auto& [name, value] : vectors()["RB1.sections.readme_example"].items())
    EXPECT_EQ(sections.at(name), value.get<double>()) << name;  // rb_vectors "RB1.sections.readme_example"
  EXPECT_EQ(rewardbench_score(sections), vectors()["RB1.score(mean of 4)"].get<double>());
  const auto& prior = vectors()["RB1.prior_sets_example"];
  SubsetScores prior_sets;
  for (const auto& [name, value] : prior["prior"].items()) prior_sets[name] = value.get<double>();
  EXPECT_EQ(rewardbench_score(sections, prior_sets), prior["score_with_prior(2,2,2,2,1)"].get<double>());
  // A section with none of its subsets present scores 0.
  EXPECT_EQ(rewardbench_section_scores({{"math-prm", 1.0}}).at("Chat"), 0.0);
}

TEST(RewardBench, V2TiesScoreAndOverall) {
  const auto& example = vectors()["RB2.ties.example"];
  std::vector<TiesRow> rows;
  for (const auto& r : example["rows"])
    rows.push_back({r["id"], r["num_correct"], r["scores"].get<std::vector<double>>()});
  const TiesScore t = rewardbench2_ties_score(rows);
  const auto& c = vectors()["RB2.ties.components"];  // rb_vectors "RB2.ties.components"
  EXPECT_EQ(t.ref_accuracy, c["ref_acc"].get<double>());
  EXPECT_EQ(t.tied_accuracy, c["tied_acc"].get<double>());
  EXPECT_EQ(t.correctness_preferred, c["correctness_preferred"].get<double>());
  EXPECT_EQ(t.correctness_preferred_hard, c["correctness_preferred_hard"].get<double>());
  ASSERT_EQ(t.margin_terms.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(t.margin_terms[i], c["margin_scores"][i].get<double>());
  EXPECT_EQ(t.margin, c["margin_mean"].get<double>());
  EXPECT_EQ(t.score, example["score"].get<double>());
  // rb_vectors "RB2.overall_example": the plain mean of the six subsets.
  SubsetScores six;
  for (const auto& [name, value] : vectors()["RB2.overall_example"][0].items()) six[name] = value.get<double>();
  EXPECT_NEAR(rewardbench2_score(six), vectors()["RB2.overall_example"][1].get<double>(), 1e-12);  // 0.64 is rounded
}

TEST(RewardBench, MultilingualAverageExcludesEnglishAndPropagatesNan) {
  // M-RewardBench (Gureja et al. 2024): mean over the non-English languages, skipna=False.
  EXPECT_EQ(m_rewardbench_average({{"eng_Latn", 0.9}, {"deu_Latn", 0.6}, {"fra_Latn", 0.7}}), (0.6 + 0.7) / 2);
  EXPECT_TRUE(std::isnan(m_rewardbench_average({{"deu_Latn", 0.6}, {"fra_Latn", std::nan("")}})));
}
