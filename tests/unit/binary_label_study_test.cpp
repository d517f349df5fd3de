// meta::study_binary_labels and its pieces: ROC AUC of real scores, balanced accuracy, the best
// threshold, stratified folds, cross-fitted balanced accuracy and the paired bootstrap intervals.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/meta/binary_label_study.hpp"

namespace {

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

// The example of these tests: positives score 0.35, 0.8, 0.4, 0.9; negatives 0.1, 0.4, 0.2, 0.6.
const std::vector<double> kScores = {0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.6};
const std::vector<double> kLabels = {0, 0, 1, 1, 1, 1, 0, 0};

TEST(BinaryLabelStudy, RocAucCountsPairsWithTiesHalf) {
  // By hand, negatives below each positive (+1/2 per tie): 0.35 -> 2, 0.8 -> 4, 0.4 -> 2 + 1/2, 0.9 -> 4;
  // 12.5 of 16 pairs.
  EXPECT_EQ(*scores_roc_auc(kScores, kLabels), 12.5 / 16);
  // Any order-preserving map of the scores gives the same AUC (here scores far outside [0, 1]).
  std::vector<double> scaled;
  for (double s : kScores) scaled.push_back(1000 * s - 300);
  EXPECT_EQ(*scores_roc_auc(scaled, kLabels), 12.5 / 16);
  // Reversed scores: 1 - AUC (3.5 of 16 pairs).
  std::vector<double> reversed;
  for (double s : kScores) reversed.push_back(-s);
  EXPECT_EQ(*scores_roc_auc(reversed, kLabels), 3.5 / 16);
  EXPECT_FALSE(scores_roc_auc(kScores, std::vector<double>(8, 1.0)));  // a single class
}

TEST(BinaryLabelStudy, BalancedAccuracyAndBestThreshold) {
  // TPR 1/2 (positives 1, 3 of 3, 1), TNR 1 (negatives 0, 0): (1/2 + 1) / 2.
  const std::vector<double> p = {1, 0, 0, 0}, y = {1, 1, 0, 0};
  EXPECT_EQ(*balanced_accuracy(p, y), 0.75);
  EXPECT_FALSE(balanced_accuracy(p, std::vector<double>(4, 0.0)));
  // By hand over the sorted scores 0.1 0.2 | 0.35+ 0.4 0.4+ 0.6 0.8+ 0.9+ (+ = positive): the threshold
  // between 0.2 and 0.35 gives TPR 1, TNR 1/2 = 0.75, as does the one between 0.6 and 0.8 (TPR 1/2,
  // TNR 1); the lower one wins.
  EXPECT_EQ(best_balanced_threshold(kScores, kLabels), 0.2 + (0.35 - 0.2) / 2.0);
  // Reversed scores: no threshold beats everything positive (0.5), so -inf.
  std::vector<double> reversed;
  for (double s : kScores) reversed.push_back(-s);
  EXPECT_EQ(best_balanced_threshold(reversed, kLabels), -std::numeric_limits<double>::infinity());
  // Separable scores: the midpoint between the largest negative and the smallest positive.
  EXPECT_EQ(best_balanced_threshold(std::vector<double>{1, 2, 3, 4}, std::vector<double>{0, 0, 1, 1}), 2.5);
}

TEST(BinaryLabelStudy, StratifiedFoldsDealEachLabelEvenly) {
  const std::vector<double> y = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
  const auto folds = stratified_folds(y, 3, 7);
  ASSERT_EQ(folds.size(), y.size());
  std::vector<int> positives(3), negatives(3);
  for (std::size_t i = 0; i < y.size(); ++i) (y[i] == 1 ? positives : negatives)[folds[i]]++;
  // 5 positives over 3 folds: 2, 2, 1 (round-robin after the shuffle); 7 negatives: 3, 2, 2.
  EXPECT_EQ(positives, (std::vector<int>{2, 2, 1}));
  EXPECT_EQ(negatives, (std::vector<int>{3, 2, 2}));
  EXPECT_EQ(stratified_folds(y, 3, 7), folds);  // seeded
}

TEST(BinaryLabelStudy, StudyOfPerfectReversedAndConstantScorers) {
  // 20 items, 10 positives; scorer 0 separates them, scorer 1 ranks them backwards, scorer 2 is constant.
  std::vector<double> y, perfect, reversed, constant(20, 3.0);
  for (int i = 0; i < 20; ++i) {
    y.push_back(i % 2);
    perfect.push_back(i % 2 ? 100.0 + i : i);
    reversed.push_back(-perfect.back());
  }
  BinaryLabelOptions options;
  options.resamples = 200;
  options.reference = 0;
  const auto study = study_binary_labels({perfect, reversed, constant}, y, options);
  EXPECT_EQ(study.items, 20u);
  EXPECT_EQ(study.positives, 10u);
  const auto& p = study.scorers[0];
  EXPECT_EQ(*p.auc.value, 1.0);
  EXPECT_EQ(p.auc.interval->lower, 1.0);  // every resample with both classes separates them too
  EXPECT_EQ(p.auc.interval->upper, 1.0);
  EXPECT_EQ(*p.balanced_accuracy.value, 1.0);  // every training fold's threshold separates the held-out fold
  EXPECT_GT(*p.pearson.value, 0.8);
  EXPECT_FALSE(p.auc_difference);  // the reference itself
  const auto& r = study.scorers[1];
  EXPECT_EQ(*r.auc.value, 0.0);
  EXPECT_EQ(*r.balanced_accuracy.value, 0.5);  // backwards scores: every fold predicts everything positive
  EXPECT_EQ(r.threshold, -std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(*r.pearson.value, -*p.pearson.value);
  ASSERT_TRUE(r.auc_difference);
  EXPECT_EQ(r.auc_difference->value, -1.0);
  EXPECT_EQ(r.auc_difference->p_value, 1.0);  // every resampled difference is -1
  const auto& c = study.scorers[2];
  EXPECT_EQ(*c.auc.value, 0.5);  // all pairs tied
  EXPECT_EQ(c.auc.interval->lower, 0.5);
  EXPECT_EQ(*c.balanced_accuracy.value, 0.5);
  EXPECT_FALSE(c.pearson.value);
  EXPECT_EQ(c.pearson.reason, "the scores are constant");
  // Seeded: the same options give the same intervals.
  const auto again = study_binary_labels({perfect, reversed, constant}, y, options);
  EXPECT_EQ(again.scorers[0].pearson.interval->lower, p.pearson.interval->lower);
}

TEST(BinaryLabelStudy, ExampleValuesAndIntervals) {
  BinaryLabelOptions options;
  options.resamples = 500;
  options.folds = 2;
  const auto study = study_binary_labels({kScores}, kLabels, options);
  const auto& a = study.scorers[0];
  EXPECT_EQ(*a.auc.value, 12.5 / 16);
  // numpy 1.24.2 (Python 3.11.2): np.corrcoef(x, y)[0, 1] = 0.5509080804800993 for the example; scipy's
  // pearsonr, which the library follows, may differ from numpy's arithmetic in the last bit.
  EXPECT_NEAR(*a.pearson.value, 0.5509080804800993, 1e-15);
  EXPECT_EQ(a.threshold, 0.2 + (0.35 - 0.2) / 2.0);
  EXPECT_EQ(a.fold_thresholds.size(), 2u);
  for (const auto* s : {&a.auc, &a.pearson, &a.balanced_accuracy}) {
    ASSERT_TRUE(s->interval);
    EXPECT_LE(s->interval->lower, *s->value);
    EXPECT_GE(s->interval->upper, *s->value);
  }
  // 8 items: some resamples hold a single class (2 * (1/2)^8 each); they are counted, not used.
  EXPECT_GT(a.auc.undefined_draws, 0u);
  EXPECT_EQ(a.auc.undefined_draws, a.balanced_accuracy.undefined_draws);
}

TEST(BinaryLabelStudy, Errors) {
  EXPECT_NE(error_of([] { study_binary_labels({}, kLabels); }).find("no scorer"), std::string::npos);
  EXPECT_NE(error_of([] {
              study_binary_labels({{1, 2}}, kLabels);
            }).find("has 2 scores for 8 labels"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              study_binary_labels({{1, 2}}, std::vector<double>{0, 0.5});
            }).find("other than 0 or 1"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              study_binary_labels({{1, std::nan("")}}, std::vector<double>{0, 1});
            }).find("non-finite"),
            std::string::npos);
  BinaryLabelOptions one_fold;
  one_fold.folds = 1;
  EXPECT_NE(error_of([&] { study_binary_labels({kScores}, kLabels, one_fold); }).find("folds"), std::string::npos);
}

}  // namespace
