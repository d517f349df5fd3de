// Cross-fitted calibration studies (cross_fitted_calibration.hpp) and the samples they read
// (calibration_data.hpp). The metric values themselves are pinned by calibration_test.cpp against
// the spec's vectors; here: that a study measures exactly those metrics on the right probabilities
// (out of sample, symmetrised pairs), that folds keep groups together and are deterministic, and
// that bad input gives a reported result or one clear error, never NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/calibration.hpp"
#include "trenchcoat/meta/calibration_data.hpp"
#include "trenchcoat/meta/cross_fitted_calibration.hpp"
#include "trenchcoat/meta/recalibration.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

namespace {

CalibrationData pointwise(std::vector<double> scores, std::vector<double> labels,
                          std::vector<std::size_t> groups = {}) {
  CalibrationData d;
  d.reading = CalibrationReading::pointwise;
  d.scores = std::move(scores);
  d.labels = std::move(labels);
  if (groups.empty())
    for (std::size_t i = 0; i < d.scores.size(); ++i) groups.push_back(i);
  d.groups = std::move(groups);
  d.subsets.assign(d.scores.size(), "");
  return d;
}

const MethodCalibration& method(const CalibrationStudy& s, RecalibrationMethod m) {
  for (const auto& r : s.methods)
    if (r.method == m) return r;
  throw std::runtime_error("method missing");
}

void expect_finite(const CalibrationMetrics& m) {
  for (double v : {m.ece, m.mce, m.rmsce, m.ece_equal_mass, m.brier, m.log_loss}) EXPECT_TRUE(std::isfinite(v));
}

TEST(CalibrationStudy, RawPointwiseMeasuresTheVectorsExactly) {
  // calib_vectors.json CAL.boundary (spec CAL-3): p read as the scores themselves, B = 10.
  const auto vectors = trenchcoat::testing::load_json_fixture("calib_vectors.json");
  const auto p = vectors.at("CAL.boundary.p").get<std::vector<double>>();
  const auto y = vectors.at("CAL.boundary.y").get<std::vector<double>>();
  CalibrationStudyOptions options;
  options.methods = {RecalibrationMethod::raw};
  const auto study = study_calibration(pointwise(p, y), options);
  const auto& raw = method(study, RecalibrationMethod::raw);
  ASSERT_TRUE(raw.measured);
  const auto& want = vectors.at("CAL.boundary.B10.right_closed");
  EXPECT_EQ(raw.overall.ece, want.at("ece").get<double>());      // 0.15000000000000002
  EXPECT_EQ(raw.overall.mce, want.at("mce").get<double>());      // 0.30000000000000004
  EXPECT_EQ(raw.overall.rmsce, want.at("rmsce").get<double>());  // 0.19418633662885074
  // Equal mass with tied probabilities kept together: the array_split chunks of the sorted p, whose
  // boundaries inside the runs {0.1, 0.1} and {0.5, 0.5} move past them, give the bins {0}, {0.1, 0.1},
  // {}, {0.25}, {0.5, 0.5}, {}, {0.7}, {0.9}, {0.95}, {1}: the same occupied bins as equal width, so the
  // same ECE (numpy hand computation: 0.15000000000000002; array_split alone gives 0.27).
  EXPECT_NEAR(raw.overall.ece_equal_mass, 0.15000000000000002, 1e-15);
  EXPECT_EQ(raw.overall.brier, vectors.at("CAL.boundary.brier").get<double>());                // 0.1485
  EXPECT_EQ(raw.overall.log_loss, vectors.at("CAL.boundary.logloss_eps_auto").get<double>());  // eps = DBL_EPSILON
  EXPECT_EQ(raw.overall.samples, 10u);
  EXPECT_EQ(study.positives, 6u);
  EXPECT_EQ(study.negatives, 4u);
}

TEST(CalibrationStudy, PairsAreSymmetrisedAndRawIsSigmoidOfTheDifference) {
  // Three pairs with differences d and labels y; the raw reading is sigma(d) on (d, y) and (-d, 1 - y).
  CalibrationData d;
  d.reading = CalibrationReading::pairwise;
  d.scores = {1.0, -0.5, 2.0};
  d.labels = {1.0, 1.0, 0.5};
  d.groups = {0, 1, 2};
  d.subsets = {"", "", ""};
  CalibrationStudyOptions options;
  options.methods = {RecalibrationMethod::raw};
  options.bins = 5;
  const auto study = study_calibration(d, options);
  std::vector<double> p = {sigmoid(1.0), sigmoid(-0.5), sigmoid(2.0), sigmoid(-1.0), sigmoid(0.5), sigmoid(-2.0)};
  std::vector<double> y = {1.0, 1.0, 0.5, 0.0, 0.0, 0.5};
  const auto want = measure_calibration(p, y, 5);
  const auto& raw = method(study, RecalibrationMethod::raw);
  EXPECT_EQ(study.units, 3u);
  EXPECT_EQ(raw.overall.samples, 6u);
  EXPECT_EQ(raw.overall.ece, want.ece);
  EXPECT_EQ(raw.overall.brier, want.brier);
  EXPECT_EQ(raw.overall.log_loss, want.log_loss);
  EXPECT_EQ(study.ties, 1u);
  EXPECT_FALSE(raw.overall.top_label.has_value());  // a tie: no top-label reading
}

TEST(CalibrationStudy, PairsWithoutTiesAlsoGetTheTopLabelReading) {
  // The pairs of calib_vectors.json CAL.toplabel (spec CAL-4) as score differences: the study's raw
  // top-label and symmetrised readings are calibration_error over top_label / symmetrize of sigma(d)
  // (the metrics themselves are pinned to the vectors in calibration_test.cpp).
  const auto vectors = trenchcoat::testing::load_json_fixture("calib_vectors.json");
  const auto p0 = vectors.at("CAL.toplabel.input")[0].get<std::vector<double>>();
  const auto y = vectors.at("CAL.toplabel.input")[1].get<std::vector<double>>();
  CalibrationData d;
  d.reading = CalibrationReading::pairwise;
  std::vector<double> p;
  for (std::size_t i = 0; i < p0.size(); ++i) {
    d.scores.push_back(std::log(p0[i]) - std::log1p(-p0[i]));
    d.groups.push_back(i);
    p.push_back(sigmoid(d.scores.back()));
  }
  d.labels = y;
  d.subsets.assign(p.size(), "");
  CalibrationStudyOptions options;
  options.methods = {RecalibrationMethod::raw};
  options.bins = 5;
  const auto study = study_calibration(d, options);
  const auto& raw = method(study, RecalibrationMethod::raw);
  ASSERT_TRUE(raw.overall.top_label.has_value());
  const TopLabel tl = top_label(p, y);
  EXPECT_EQ(raw.overall.top_label->ece, calibration_error(tl.confidence, tl.correct, 5).ece);
  EXPECT_EQ(raw.overall.top_label->mce, calibration_error(tl.confidence, tl.correct, 5).mce);
  std::vector<double> mirrored_p = p, mirrored_y = y;
  for (std::size_t i = 0; i < p.size(); ++i) {
    mirrored_p.push_back(sigmoid(-d.scores[i]));
    mirrored_y.push_back(1.0 - y[i]);
  }
  EXPECT_EQ(raw.overall.ece, calibration_error(mirrored_p, mirrored_y, 5).ece);
}

TEST(CalibrationStudy, EveryFoldIsPredictedByAMapFittedWithoutIt) {
  // Two groups and two folds: each group's probabilities come from the temperature fitted on the other
  // group alone (recomputed here with fit_temperature, so the comparison is exact).
  const std::vector<double> x = {2.0, -1.0, 0.5, 1.5, -0.3, 3.0, 1.0, -2.0};
  const std::vector<double> y = {1, 0, 0, 1, 1, 1, 0, 0};
  const std::vector<std::size_t> g = {0, 0, 0, 0, 1, 1, 1, 1};
  CalibrationStudyOptions options;
  options.folds = 2;
  options.methods = {RecalibrationMethod::temperature};
  const auto study = study_calibration(pointwise(x, y, g), options);
  const auto& t = method(study, RecalibrationMethod::temperature);
  ASSERT_TRUE(t.measured) << t.reason;
  ASSERT_EQ(t.fold_fits.size(), 2u);
  EXPECT_EQ(study.folds, 2u);
  const std::vector<double> x0(x.begin(), x.begin() + 4), y0(y.begin(), y.begin() + 4);
  const std::vector<double> x1(x.begin() + 4, x.end()), y1(y.begin() + 4, y.end());
  const auto fit0 = fit_temperature(x0, y0), fit1 = fit_temperature(x1, y1);
  auto p0 = apply_temperature(fit1, x0), p1 = apply_temperature(fit0, x1);  // each group by the other's fit
  std::vector<double> p = p0;
  p.insert(p.end(), p1.begin(), p1.end());
  const auto want = measure_calibration(p, y, 10);
  EXPECT_EQ(t.overall.ece, want.ece);
  EXPECT_EQ(t.overall.brier, want.brier);
  EXPECT_EQ(t.overall.log_loss, want.log_loss);
  // The map fitted on all samples is reported beside the folds'.
  ASSERT_TRUE(t.fit_on_all.has_value());
  EXPECT_EQ(t.fit_on_all->temperature, fit_temperature(x, y).temperature);
}

TEST(CalibrationStudy, PointwiseProbabilitiesAreTemperatureScaledOnTheirLogit) {
  // Scores in [0, 1] are probabilities: the map fitted on all of them is the temperature of logit(p).
  const std::vector<double> p = {0.9, 0.2, 0.7, 0.6, 0.35, 0.95, 0.1, 0.4};
  const std::vector<double> y = {1, 0, 0, 1, 1, 1, 0, 0};
  CalibrationStudyOptions options;
  options.folds = 2;
  options.methods = {RecalibrationMethod::temperature};
  const auto study = study_calibration(pointwise(p, y), options);
  const auto& t = method(study, RecalibrationMethod::temperature);
  std::vector<double> logits;
  for (double v : p) logits.push_back(std::log(v) - std::log1p(-v));
  ASSERT_TRUE(t.fit_on_all.has_value()) << t.reason;
  EXPECT_EQ(t.fit_on_all->temperature, fit_temperature(logits, y).temperature);
  EXPECT_NE(t.note.find("logit(p)"), std::string::npos);
}

TEST(CalibrationStudy, FoldsAreDeterministicUnderASeedAndDifferAcrossSeeds) {
  std::vector<double> x, y;
  for (int i = 0; i < 200; ++i) {
    x.push_back(std::sin(i * 1.7) * 3);
    y.push_back(x.back() + 2.0 * std::cos(i * 2.3) > 0 ? 1.0 : 0.0);  // related to x, with noise
  }
  CalibrationStudyOptions a;
  a.seed = 11;
  const auto s1 = study_calibration(pointwise(x, y), a), s2 = study_calibration(pointwise(x, y), a);
  CalibrationStudyOptions b = a;
  b.seed = 12;
  const auto s3 = study_calibration(pointwise(x, y), b);
  for (auto m : {RecalibrationMethod::temperature, RecalibrationMethod::platt, RecalibrationMethod::isotonic}) {
    ASSERT_TRUE(method(s1, m).measured) << method(s1, m).reason;
    EXPECT_EQ(method(s1, m).overall.ece, method(s2, m).overall.ece);
    EXPECT_EQ(method(s1, m).overall.log_loss, method(s2, m).overall.log_loss);
    expect_finite(method(s1, m).overall);
  }
  EXPECT_NE(method(s1, RecalibrationMethod::isotonic).overall.log_loss,
            method(s3, RecalibrationMethod::isotonic).overall.log_loss);
  // Scores in [-3, 3] are not probabilities: raw is reported as not measured, with the reason.
  EXPECT_FALSE(method(s1, RecalibrationMethod::raw).measured);
  EXPECT_NE(method(s1, RecalibrationMethod::raw).reason.find("not probabilities"), std::string::npos);
}

TEST(CalibrationStudy, SubsetsAreMeasuredOnTheirOwnSamples) {
  CalibrationData d = pointwise({0.9, 0.8, 0.2, 0.1, 0.6, 0.3}, {1, 1, 0, 1, 0, 0});
  d.subsets = {"a", "a", "a", "b", "b", "b"};
  CalibrationStudyOptions options;
  options.methods = {RecalibrationMethod::raw};
  const auto study = study_calibration(d, options);
  const auto& raw = method(study, RecalibrationMethod::raw);
  ASSERT_EQ(raw.subsets.size(), 2u);
  const auto want_a = measure_calibration({0.9, 0.8, 0.2}, {1, 1, 0}, 10);
  EXPECT_EQ(raw.subsets.at("a").ece, want_a.ece);
  EXPECT_EQ(raw.subsets.at("b").samples, 3u);
}

TEST(CalibrationStudy, DegenerateInputIsReportedNotNaN) {
  // Constant scores: raw is 1/2 everywhere (measured); temperature has no valid T (reported).
  CalibrationData constant;
  constant.reading = CalibrationReading::pairwise;
  constant.scores = {0, 0, 0, 0};
  constant.labels = {1, 0, 1, 1};
  constant.groups = {0, 1, 2, 3};
  constant.subsets.assign(4, "");
  CalibrationStudyOptions options;
  options.folds = 2;
  const auto s = study_calibration(constant, options);
  EXPECT_TRUE(method(s, RecalibrationMethod::raw).measured);
  EXPECT_EQ(method(s, RecalibrationMethod::raw).overall.brier, 0.25);  // (1/2 - y)^2 = 1/4 for every point
  EXPECT_FALSE(method(s, RecalibrationMethod::temperature).measured);
  EXPECT_NE(method(s, RecalibrationMethod::temperature).reason.find("fold"), std::string::npos);
  for (const auto& m : s.methods)
    if (m.measured) expect_finite(m.overall);
  // A single class (pointwise, every label 1, positive scores): temperature is separable (reported);
  // Platt with prior smoothing and isotonic stay finite.
  const auto single = study_calibration(pointwise({0.5, 1.0, 2.0, 3.0}, {1, 1, 1, 1}), options);
  EXPECT_FALSE(method(single, RecalibrationMethod::temperature).measured);
  EXPECT_TRUE(method(single, RecalibrationMethod::platt).measured);
  EXPECT_TRUE(method(single, RecalibrationMethod::isotonic).measured);
  expect_finite(method(single, RecalibrationMethod::platt).overall);
  // One group: nothing can be cross-fitted, raw is still measured.
  const auto one = study_calibration(pointwise({0.2, 0.7}, {0, 1}, {4, 4}), options);
  EXPECT_TRUE(method(one, RecalibrationMethod::raw).measured);
  EXPECT_FALSE(method(one, RecalibrationMethod::platt).measured);
  EXPECT_NE(method(one, RecalibrationMethod::platt).reason.find("at least 2 groups"), std::string::npos);
  // Errors: no samples, NaN score, a label outside [0, 1], folds < 2.
  EXPECT_EQ(error_of([] { study_calibration(pointwise({}, {})); }), "calibration: no samples");
  EXPECT_NE(error_of([] { study_calibration(pointwise({std::nan("")}, {1})); }).find("not a finite number"),
            std::string::npos);
  EXPECT_NE(error_of([] { study_calibration(pointwise({0.5}, {2})); }).find("outside [0, 1]"), std::string::npos);
  CalibrationStudyOptions one_fold;
  one_fold.folds = 1;
  EXPECT_NE(error_of([&] { study_calibration(pointwise({0.5}, {1}), one_fold); }).find("at least 2 folds"),
            std::string::npos);
  EXPECT_EQ(error_of([] { parse_recalibration_method("beta"); }),
            "unknown calibration method 'beta' (known: raw, temperature, platt, isotonic)");
}

TEST(CalibrationPairs, FromTablesPairsSystemsPerItemWithTiesAndMissingGold) {
  // Three systems, two items. Human: item 0 = {-1, 0, 0}, item 1 = {None, -2, -5}.
  ScoreTable human({"a", "b", "c"}, 2), metric({"a", "b", "c"}, 2);
  const double h[3][2] = {{-1, kMissing}, {0, -2}, {0, -5}};
  const double m[3][2] = {{10, 1}, {20, 2}, {15, 3}};
  for (std::size_t s = 0; s < 3; ++s)
    for (std::size_t i = 0; i < 2; ++i) {
      human.set(s, i, h[s][i]);
      metric.set(s, i, m[s][i]);
    }
  const auto d = calibration_pairs_from_tables(metric, human, TieHandling::half, {"x", "y"});
  // item 0: (a,b) d = -10, y = 0; (a,c) d = -5, y = 0; (b,c) d = 5, tie. item 1: (a,*) missing; (b,c) d = -1, y = 1.
  EXPECT_EQ(d.scores, (std::vector<double>{-10, -5, 5, -1}));
  EXPECT_EQ(d.labels, (std::vector<double>{0, 0, 0.5, 1}));
  EXPECT_EQ(d.groups, (std::vector<std::size_t>{0, 0, 0, 1}));
  EXPECT_EQ(d.subsets, (std::vector<std::string>{"x", "x", "x", "y"}));
  EXPECT_EQ(d.ties, 1u);
  EXPECT_EQ(d.missing, 2u);
  const auto dropped = calibration_pairs_from_tables(metric, human, TieHandling::drop);
  EXPECT_EQ(dropped.scores, (std::vector<double>{-10, -5, -1}));
  EXPECT_EQ(dropped.dropped_ties, 1u);
  ScoreTable other({"a", "c", "b"}, 2);
  EXPECT_NE(error_of([&] { calibration_pairs_from_tables(other, human, TieHandling::half); }).find("different systems"),
            std::string::npos);
}

TEST(CalibrationPairs, FromPreferencesNegatesLowerIsBetterAndRefusesLists) {
  std::vector<PreferenceExample> rows(2);
  rows[0].scores = {0.3, 0.5};
  rows[0].subset = "s";
  rows[1].scores = {2, 1};
  rows[1].gold_tie = true;
  const auto d = calibration_pairs_from_preferences(rows, TieHandling::half, true);
  EXPECT_EQ(d.scores, (std::vector<double>{-(0.3 - 0.5), -(2.0 - 1.0)}));  // negated: lower is better
  EXPECT_EQ(d.labels, (std::vector<double>{1, 0.5}));
  EXPECT_EQ(d.subsets[0], "s");
  rows[0].scores = {1, 2, 3};
  rows[0].line = 7;
  EXPECT_EQ(error_of([&] { calibration_pairs_from_preferences(rows, TieHandling::half, false); }),
            "line 7: 3 scores; calibration reads pairs (a chosen and a rejected score)");
}

}  // namespace
