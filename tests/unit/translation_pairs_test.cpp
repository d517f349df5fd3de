// The translation pair builder (meta/translation_pairs.hpp): M-RewardBench's EASY and HARD rule on
// small segments whose pairs are worked out by hand in each test, ties, thresholds and the seeded sampling.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"
#include "trenchcoat/meta/translation_pairs.hpp"

namespace {

using trenchcoat::meta::build_translation_pairs;
using trenchcoat::meta::PairDifficulty;
using trenchcoat::meta::RatedSegment;
using trenchcoat::meta::TranslationPairOptions;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

RatedSegment segment(const std::string& id, std::vector<std::pair<std::string, double>> outputs) {
  RatedSegment s;
  s.id = id;
  s.source = "source " + id;
  s.reference = "reference " + id;
  for (const auto& [system, score] : outputs) s.outputs.push_back({system, "text of " + system + " " + id, score});
  return s;
}

TEST(TranslationPairs, EasyIsBestAgainstWorstAndHardTheClosestOfTheRest) {
  // Best B (0), worst C (-5): EASY (B, C), gap 5. The rest A -1, D -2.5, E -3: gaps A-D 1.5, A-E 2,
  // D-E 0.5; the smallest at least 0.5 is D-E: HARD (D, E), gap 0.5 (hand computation).
  const std::vector<RatedSegment> s{segment("1", {{"A", -1}, {"B", 0}, {"C", -5}, {"D", -2.5}, {"E", -3}})};
  const auto set = build_translation_pairs(s, "en-de", {});
  ASSERT_EQ(set.easy.size(), 1u);
  ASSERT_EQ(set.hard.size(), 1u);
  EXPECT_EQ(s[0].outputs[set.easy[0].chosen].system, "B");
  EXPECT_EQ(s[0].outputs[set.easy[0].rejected].system, "C");
  EXPECT_EQ(set.easy[0].gap, 5.0);
  EXPECT_EQ(s[0].outputs[set.hard[0].chosen].system, "D");
  EXPECT_EQ(s[0].outputs[set.hard[0].rejected].system, "E");
  EXPECT_EQ(set.hard[0].gap, 0.5);
  EXPECT_EQ(set.hard[0].difficulty, PairDifficulty::hard);
  // HARD threshold 0.6: D-E (0.5) is too close; the next smallest is A-D (1.5).
  TranslationPairOptions o;
  o.hard_min_gap = 0.6;
  const auto wider = build_translation_pairs(s, "en-de", o);
  ASSERT_EQ(wider.hard.size(), 1u);
  EXPECT_EQ(s[0].outputs[wider.hard[0].chosen].system, "A");
  EXPECT_EQ(s[0].outputs[wider.hard[0].rejected].system, "D");
  // HARD threshold 3: no pair of the rest is that far apart; EASY stays.
  o.hard_min_gap = 3;
  const auto none = build_translation_pairs(s, "en-de", o);
  EXPECT_EQ(none.easy.size(), 1u);
  EXPECT_EQ(none.hard.size(), 0u);
  EXPECT_EQ(none.hard_eligible, 0u);
}

TEST(TranslationPairs, TiesThresholdsIdenticalTextsAndUnratedOutputs) {
  // Equal scores: no pair, whatever the thresholds (0 included).
  TranslationPairOptions zero;
  zero.easy_min_gap = 0;
  zero.hard_min_gap = 0;
  const std::vector<RatedSegment> tied{segment("1", {{"A", 2}, {"B", 2}, {"C", 2}, {"D", 2}})};
  const auto t = build_translation_pairs(tied, "de-en", zero);
  EXPECT_EQ(t.easy.size() + t.hard.size(), 0u);
  // Gap 0.1 < 0.25: no EASY pair (MAPLE-like scores 3.0 and 3.1).
  const std::vector<RatedSegment> close{segment("1", {{"A", 3.0}, {"B", 3.1}})};
  EXPECT_EQ(build_translation_pairs(close, "de-en", {}).easy.size(), 0u);
  // HARD among the rest: the two middle outputs tie (2, 2): never a pair; only 4 rated outputs, so no HARD.
  const std::vector<RatedSegment> middle_tie{segment("1", {{"A", 5}, {"B", 2}, {"C", 2}, {"D", 1}})};
  const auto m = build_translation_pairs(middle_tie, "de-en", zero);
  EXPECT_EQ(m.easy.size(), 1u);
  EXPECT_EQ(m.hard.size(), 0u);
  // Best and worst with the same text: no EASY pair.
  RatedSegment same = segment("1", {{"A", 0}, {"B", -4}});
  same.outputs[1].text = same.outputs[0].text;
  EXPECT_EQ(build_translation_pairs(std::vector<RatedSegment>{same}, "de-en", {}).easy.size(), 0u);
  // Unrated outputs (NaN) are left out: A 0 and C -1 remain, EASY (A, C); one rated output is too few.
  const std::vector<RatedSegment> unrated{segment("1", {{"A", 0}, {"B", kNaN}, {"C", -1}}),
                                          segment("2", {{"A", kNaN}, {"B", -3}})};
  const auto u = build_translation_pairs(unrated, "de-en", {});
  ASSERT_EQ(u.easy.size(), 1u);
  EXPECT_EQ(unrated[0].outputs[u.easy[0].rejected].system, "C");
  EXPECT_EQ(u.too_few_outputs, 1u);
  // A negative threshold is refused.
  TranslationPairOptions bad;
  bad.easy_min_gap = -1;
  EXPECT_NE(trenchcoat::testing::error_of([&] { build_translation_pairs(close, "de-en", bad); }), "");
}

TEST(TranslationPairs, TiedBestIsDrawnAndSamplingIsSeededInSegmentOrder) {
  // A and B tie for best: the chosen is one of them, the same one for the same seed.
  const std::vector<RatedSegment> tie{segment("1", {{"A", 0}, {"B", 0}, {"C", -5}})};
  const auto first = build_translation_pairs(tie, "zh-en", {});
  ASSERT_EQ(first.easy.size(), 1u);
  EXPECT_LT(first.easy[0].chosen, 2u);
  EXPECT_EQ(first.easy[0].rejected, 2u);
  EXPECT_EQ(build_translation_pairs(tie, "zh-en", {}).easy[0].chosen, first.easy[0].chosen);
  // Over many seeds both tied outputs are drawn.
  bool drew_a = false, drew_b = false;
  for (std::uint64_t seed = 0; seed < 64; ++seed) {
    TranslationPairOptions o;
    o.seed = seed;
    const auto c = build_translation_pairs(tie, "zh-en", o).easy[0].chosen;
    drew_a = drew_a || c == 0;
    drew_b = drew_b || c == 1;
  }
  EXPECT_TRUE(drew_a && drew_b);
  // Ten segments with an EASY pair each: 3 drawn, in segment order, the same for the same seed, others
  // for other seeds; per_subset 0 keeps all ten.
  std::vector<RatedSegment> ten;
  for (int i = 0; i < 10; ++i) ten.push_back(segment(std::to_string(i), {{"A", 0}, {"B", -1}}));
  TranslationPairOptions o;
  o.per_subset = 3;
  const auto a = build_translation_pairs(ten, "en-zh", o);
  ASSERT_EQ(a.easy.size(), 3u);
  EXPECT_EQ(a.easy_eligible, 10u);
  EXPECT_LT(a.easy[0].segment, a.easy[1].segment);
  EXPECT_LT(a.easy[1].segment, a.easy[2].segment);
  const auto again = build_translation_pairs(ten, "en-zh", o);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(again.easy[i].segment, a.easy[i].segment);
  bool differs = false;
  for (std::uint64_t seed = 1; seed < 20 && !differs; ++seed) {
    o.seed = seed;
    const auto other = build_translation_pairs(ten, "en-zh", o);
    for (std::size_t i = 0; i < 3; ++i) differs = differs || other.easy[i].segment != a.easy[i].segment;
  }
  EXPECT_TRUE(differs);
  o.per_subset = 0;
  EXPECT_EQ(build_translation_pairs(ten, "en-zh", o).easy.size(), 10u);
}

}  // namespace
