// Length bias of a preference scorer (meta/length_bias.hpp): every expected value is hand computed in
// the comments from the four pairs of kPairs (or the small cases of each test).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/length_bias.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

namespace {

// {chosen score, rejected score, chosen length, rejected length}
const std::vector<LengthPair> kPairs = {
    {2, 1, 10, 5},  // chosen longer;  scorer right (2 > 1); baseline right (10 > 5)
    {1, 3, 4, 8},   // chosen shorter; scorer wrong (1 < 3); baseline wrong (4 < 8)
    {5, 5, 6, 6},   // equal length;   scorer tie;           baseline tie
    {4, 0, 3, 9},   // chosen shorter; scorer right (4 > 0); baseline wrong (3 < 9)
};

TEST(LengthBias, StrictPolicyAccuraciesByGroup) {
  const auto b = length_bias(kPairs, TiePolicy::strict);
  EXPECT_EQ(b.examples, 4u);
  EXPECT_EQ(*b.scorer.accuracy, 0.5);            // (1 + 0 + 0 + 1) / 4, the tie is wrong
  EXPECT_EQ(*b.length_baseline.accuracy, 0.25);  // (1 + 0 + 0 + 0) / 4
  EXPECT_EQ(b.chosen_shorter.examples, 2u);      // pairs 2 and 4
  EXPECT_EQ(*b.chosen_shorter.accuracy, 0.5);    // (0 + 1) / 2
  EXPECT_EQ(b.chosen_longer.examples, 1u);       // pair 1
  EXPECT_EQ(*b.chosen_longer.accuracy, 1.0);
  EXPECT_EQ(b.equal_length.examples, 1u);    // pair 3
  EXPECT_EQ(*b.equal_length.accuracy, 0.0);  // a tie is wrong under strict
  EXPECT_EQ(*b.mean_chosen_length, 5.75);    // (10 + 4 + 6 + 3) / 4 = 23 / 4
  EXPECT_EQ(*b.mean_rejected_length, 7.0);   // (5 + 8 + 6 + 9) / 4 = 28 / 4
}

TEST(LengthBias, HalfPolicyCarriesOverToTheBaselineOnEqualLengths) {
  const auto b = length_bias(kPairs, TiePolicy::half);
  EXPECT_EQ(*b.scorer.accuracy, 0.625);           // (1 + 0 + 1/2 + 1) / 4
  EXPECT_EQ(*b.length_baseline.accuracy, 0.375);  // (1 + 0 + 1/2 + 0) / 4: equal lengths earn 1/2 too
  EXPECT_EQ(*b.equal_length.accuracy, 0.5);
  // shared on a pair is 1/k = 1/2 for the two tied completions: the same as half.
  EXPECT_EQ(*length_bias(kPairs, TiePolicy::shared).length_baseline.accuracy, 0.375);
  EXPECT_EQ(*length_baseline_accuracy(kPairs, TiePolicy::strict).accuracy, 0.25);  // as in the strict test
}

TEST(LengthBias, CorrelationWithLengthPooledOverBothCompletions) {
  // scores  x = [2, 1, 1, 3, 5, 5, 4, 0], lengths y = [10, 5, 4, 8, 6, 6, 3, 9] (chosen, rejected per pair).
  // Pearson: mean x = 21/8 = 2.625, mean y = 51/8 = 6.375; Sxy = -8.875, Sxx = 25.875, Syy = 41.875;
  // r = -8.875 / sqrt(25.875 * 41.875) = -0.26961917313478...
  // Kendall tau-b over the 28 pairs of completions: 11 concordant, 15 discordant, 2 tied in x (1,1 and 5,5),
  // 1 tied in y (6,6, also tied in x): tau_b = (11 - 15) / sqrt((28 - 2) * (28 - 1)) = -4 / sqrt(702).
  const auto b = length_bias(kPairs, TiePolicy::strict);
  EXPECT_EQ(b.completions, 8u);
  ASSERT_TRUE(b.pearson.statistic);
  EXPECT_NEAR(*b.pearson.statistic, -8.875 / std::sqrt(25.875 * 41.875), 1e-12);
  ASSERT_TRUE(b.pearson.p_value);
  EXPECT_TRUE(b.pearson.undefined_reason.empty());
  ASSERT_TRUE(b.kendall_tau_b.statistic);
  EXPECT_NEAR(*b.kendall_tau_b.statistic, -4.0 / std::sqrt(702.0), 1e-12);
}

TEST(LengthBias, ConstantScoresOrLengthsGiveAnUndefinedCorrelationWithItsReason) {
  // Constant scores: every pair is a tie (strict: 0), the correlation is undefined, never NaN.
  const std::vector<LengthPair> flat = {{1, 1, 3, 4}, {1, 1, 5, 2}};
  const auto b = length_bias(flat, TiePolicy::strict);
  EXPECT_FALSE(b.pearson.statistic);
  EXPECT_FALSE(b.pearson.p_value);
  EXPECT_EQ(b.pearson.undefined_reason, "the scores are constant");
  EXPECT_EQ(b.kendall_tau_b.undefined_reason, "the scores are constant");
  EXPECT_EQ(*b.scorer.accuracy, 0.0);           // two ties, strict
  EXPECT_EQ(*b.length_baseline.accuracy, 0.5);  // 3 < 4 wrong, 5 > 2 right: 1 / 2
  const std::vector<LengthPair> same_length = {{1, 2, 7, 7}, {3, 0, 7, 7}};
  const auto c = length_bias(same_length, TiePolicy::strict);
  EXPECT_EQ(c.pearson.undefined_reason, "the lengths are constant");
  EXPECT_EQ(c.chosen_shorter.examples, 0u);  // an empty group: 0 examples, no accuracy
  EXPECT_FALSE(c.chosen_shorter.accuracy);
  EXPECT_EQ(c.equal_length.examples, 2u);
  EXPECT_EQ(*c.equal_length.accuracy, 0.5);  // 1 < 2 wrong, 3 > 0 right
}

TEST(LengthBias, EmptyInputHasNoAccuraciesAndNoMeans) {
  const auto b = length_bias({}, TiePolicy::strict);
  EXPECT_EQ(b.examples, 0u);
  EXPECT_FALSE(b.scorer.accuracy);
  EXPECT_FALSE(b.length_baseline.accuracy);
  EXPECT_FALSE(b.mean_chosen_length);
  EXPECT_EQ(b.pearson.undefined_reason, "fewer than two completions");
}

TEST(LengthBias, CalibratedPolicyUsesEachMarginAndTheGoldTie) {
  // Pair 1 is a gold tie with lengths 10 and 12: right for the baseline only when the length margin is >= 2.
  // Its scores differ by 0.5: right for the scorer when the score margin is >= 0.5.
  // Pair 2 is not a gold tie: chosen longer by 3 and scored higher by 1.
  const std::vector<LengthPair> pairs = {{1.0, 1.5, 10, 12, true}, {2.0, 1.0, 8, 5, false}};
  const auto tight = length_bias(pairs, TiePolicy::calibrated, 0.0, 0.0);
  EXPECT_EQ(*tight.scorer.accuracy, 0.5);           // (0 + 1) / 2
  EXPECT_EQ(*tight.length_baseline.accuracy, 0.5);  // (0 + 1) / 2
  const auto wide = length_bias(pairs, TiePolicy::calibrated, 0.5, 2.0);
  EXPECT_EQ(*wide.scorer.accuracy, 1.0);           // |1 - 1.5| <= 0.5; 2 - 1 > 0.5
  EXPECT_EQ(*wide.length_baseline.accuracy, 1.0);  // |10 - 12| <= 2; 8 - 5 > 2
}

TEST(LengthBias, NonFiniteInputIsAnErrorNamingThePair) {
  const std::vector<LengthPair> pairs = {{1, 0, 1, 2}, {1, 0, std::numeric_limits<double>::quiet_NaN(), 2}};
  EXPECT_NE(error_of([&] { length_bias(pairs, TiePolicy::strict); }).find("pair 2 has a length"), std::string::npos);
}

}  // namespace
