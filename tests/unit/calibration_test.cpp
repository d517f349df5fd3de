// Calibration metrics (calibration.hpp) and recalibration maps (recalibration.hpp) against
// tests/fixtures/calib_vectors.json (computed with the numpy, sklearn and scipy
// reference functions).
//
// Exact (EXPECT_EQ on doubles) for everything closed-form: ECE / MCE / RMSCE, bin counts, per-bin
// accuracy and confidence, Brier, log loss, top-label and symmetrised data, isotonic fits and
// predictions, Bradley-Terry. Iterative fits are compared with a stated tolerance (see each test).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/calibration.hpp"
#include "trenchcoat/meta/recalibration.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

namespace {

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("calib_vectors.json");
  return parsed;
}
const nlohmann::json& key(const std::string& k) { return vectors().at(k); }
std::vector<double> doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

// Compares a CalibrationError with a vector entry {ece, mce, rmsce, bins [[index, count]], acc, conf}.
void expect_matches(const CalibrationError& got, const nlohmann::json& want, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(got.ece, want.at("ece").get<double>());
  EXPECT_EQ(got.mce, want.at("mce").get<double>());
  EXPECT_EQ(got.rmsce, want.at("rmsce").get<double>());
  const auto& bins = want.at("bins");
  ASSERT_EQ(got.diagram.bins.size(), bins.size());
  std::size_t total = 0;
  for (std::size_t k = 0; k < bins.size(); ++k) {
    EXPECT_EQ(got.diagram.bins[k].index, bins[k][0].get<std::size_t>());
    EXPECT_EQ(got.diagram.bins[k].count, bins[k][1].get<std::size_t>());
    EXPECT_EQ(got.diagram.bins[k].accuracy, want.at("acc")[k].get<double>());
    EXPECT_EQ(got.diagram.bins[k].confidence, want.at("conf")[k].get<double>());
    EXPECT_EQ(got.diagram.counts[got.diagram.bins[k].index], got.diagram.bins[k].count);
    total += got.diagram.bins[k].count;
  }
  std::size_t counted = 0;
  for (std::size_t c : got.diagram.counts) counted += c;
  EXPECT_EQ(counted, total);
}

}  // namespace

TEST(CalibrationMetrics, TorchmetricsExample) {
  // CAL.tm_example: p and y of the torchmetrics docstring example, B = 2. No boundary values, so the torchmetrics entry
  // equals the right-closed one.
  const std::vector<double> p = {0.25, 0.25, 0.55, 0.75, 0.75}, y = {0, 0, 1, 1, 1};
  const auto& v = key("CAL.tm_example");
  expect_matches(calibration_error(p, y, 2), v.at("right_closed"), "CAL.tm_example.right_closed");
  expect_matches(calibration_error(p, y, 2), v.at("torchmetrics"), "CAL.tm_example.torchmetrics");
  expect_matches(calibration_error(p, y, 2, BinningScheme::equal_width_left_closed), v.at("torchmetrics"),
                 "CAL.tm_example.torchmetrics (left-closed)");
  expect_matches(calibration_error(p, y, 2, BinningScheme::equal_mass), v.at("equal_mass"),
                 "CAL.tm_example.equal_mass");
}

TEST(CalibrationMetrics, SklearnExample) {
  // CAL.sk_example.ece and CAL.sk_curve_example (the sklearn docstring example), B = 3.
  const std::vector<double> y = {0, 0, 0, 0, 1, 1, 1, 1, 1}, p = {0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0};
  const auto& v = key("CAL.sk_example.ece");
  const auto rc = calibration_error(p, y, 3);
  expect_matches(rc, v.at("right_closed"), "CAL.sk_example.ece.right_closed");
  expect_matches(calibration_error(p, y, 3, BinningScheme::equal_width_left_closed), v.at("left_closed_last_closed"),
                 "CAL.sk_example.ece.left_closed_last_closed");
  expect_matches(calibration_error(p, y, 3, BinningScheme::equal_mass), v.at("equal_mass"),
                 "CAL.sk_example.ece.equal_mass");
  // CAL.sk_curve_example: calibration_curve's (prob_true, prob_pred) = per-bin accuracy, confidence.
  const auto& curve = key("CAL.sk_curve_example");
  ASSERT_EQ(rc.diagram.bins.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(rc.diagram.bins[k].accuracy, curve[0][k].get<double>());
    EXPECT_EQ(rc.diagram.bins[k].confidence, curve[1][k].get<double>());
  }
  EXPECT_EQ(rc.diagram.edges, (std::vector<double>{0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0}));
}

TEST(CalibrationMetrics, BoundaryStress) {
  // CAL.boundary.p / .y (boundary stress case); keys CAL.boundary.B10.* and CAL.boundary.B3.*.
  const auto p = doubles(key("CAL.boundary.p")), y = doubles(key("CAL.boundary.y"));
  expect_matches(calibration_error(p, y, 10), key("CAL.boundary.B10.right_closed"), "CAL.boundary.B10.right_closed");
  expect_matches(calibration_error(p, y, 10, BinningScheme::equal_width_left_closed),
                 key("CAL.boundary.B10.left_closed_last_closed"), "CAL.boundary.B10.left_closed_last_closed");
  expect_matches(calibration_error(p, y, 10, BinningScheme::equal_mass), key("CAL.boundary.B10.equal_mass"),
                 "CAL.boundary.B10.equal_mass");
  expect_matches(calibration_error(p, y, 3), key("CAL.boundary.B3.right_closed"), "CAL.boundary.B3.right_closed");
  expect_matches(calibration_error(p, y, 3, BinningScheme::equal_mass), key("CAL.boundary.B3.equal_mass"),
                 "CAL.boundary.B3.equal_mass");
  // The bin assignment itself at the boundaries: p = 0 in bin 0, p = 1 in the last bin, p = 0.1
  // right-closed in bin 0 and left-closed in bin 1.
  const auto rc = assign_calibration_bins(p, 10, BinningScheme::equal_width_right_closed);
  const auto lc = assign_calibration_bins(p, 10, BinningScheme::equal_width_left_closed);
  EXPECT_EQ(rc, (std::vector<std::size_t>{0, 0, 0, 2, 4, 4, 6, 8, 9, 9}));
  EXPECT_EQ(lc, (std::vector<std::size_t>{0, 1, 1, 2, 5, 5, 7, 9, 9, 9}));
  // Empty bins are counted as 0 and not listed.
  const auto d = calibration_error(p, y, 10).diagram;
  EXPECT_EQ(d.counts, (std::vector<std::size_t>{3, 0, 1, 0, 2, 0, 1, 0, 1, 2}));
  ASSERT_EQ(d.edges.size(), 11u);
  EXPECT_EQ(d.edges[3], 0.3);  // 3 / 10, one division
}

TEST(CalibrationMetrics, BrierAndLogLoss) {
  const auto p = doubles(key("CAL.boundary.p")), y = doubles(key("CAL.boundary.y"));
  EXPECT_EQ(brier_score(p, y), key("CAL.boundary.brier").get<double>());          // CAL.boundary.brier
  EXPECT_EQ(log_loss(p, y), key("CAL.boundary.logloss_eps_auto").get<double>());  // CAL.boundary.logloss_eps_auto
  EXPECT_EQ(log_loss(p, y, 1e-15),
            key("CAL.boundary.logloss_eps_1e-15").get<double>());  // CAL.boundary.logloss_eps_1e-15
  const auto& in = key("CAL.toplabel.input");
  const auto p6 = doubles(in[0]), y6 = doubles(in[1]);
  EXPECT_EQ(brier_score(p6, y6), key("CAL.brier").get<double>());  // CAL.brier
  EXPECT_EQ(log_loss(p6, y6), key("CAL.logloss").get<double>());   // CAL.logloss
  // eps = 0 with a confidently wrong prediction is +infinity, not NaN.
  EXPECT_EQ(log_loss(std::vector<double>{0.0}, std::vector<double>{1.0}, 0.0), std::numeric_limits<double>::infinity());
  // Soft labels.
  EXPECT_EQ(brier_score(std::vector<double>{0.5}, std::vector<double>{0.25}), 0.0625);
}

TEST(CalibrationMetrics, TopLabelAndSymmetrised) {
  const auto& in = key("CAL.toplabel.input");
  const auto p = doubles(in[0]), y = doubles(in[1]);
  const TopLabel tl = top_label(p, y);
  EXPECT_EQ(tl.confidence, doubles(key("CAL.toplabel.conf_correct")[0]));  // CAL.toplabel.conf_correct
  EXPECT_EQ(tl.correct, doubles(key("CAL.toplabel.conf_correct")[1]));
  expect_matches(calibration_error(tl.confidence, tl.correct, 5), key("CAL.toplabel.B5.right_closed"),
                 "CAL.toplabel.B5.right_closed");
  const SymmetrizedData s = symmetrize(p, y);
  ASSERT_EQ(s.p.size(), 14u);
  expect_matches(calibration_error(s.p, s.y, 5), key("CAL.symmetrized.B5.right_closed"),
                 "CAL.symmetrized.B5.right_closed");
}

TEST(CalibrationMetrics, EdgeCases) {
  const std::vector<double> empty;
  EXPECT_EQ(error_of([&] { calibration_error(empty, empty, 10); }), "calibration error: empty input");
  EXPECT_EQ(error_of([&] { brier_score(empty, empty); }), "Brier score: empty input");
  EXPECT_EQ(error_of([&] { log_loss(empty, empty); }), "log loss: empty input");
  const std::vector<double> p = {0.2, 0.8}, y = {0, 1};
  EXPECT_EQ(error_of([&] { calibration_error(p, y, 0); }), "calibration error: the number of bins must be at least 1");
  EXPECT_EQ(error_of([&] { calibration_error(p, std::vector<double>{0}, 2); }),
            "calibration error: p and y differ in length (2 vs 1)");
  EXPECT_NE(error_of([&] {
              calibration_error(std::vector<double>{0.2, std::nan("")}, y, 2);
            }).find("not in [0, 1]"),
            std::string::npos);
  EXPECT_NE(error_of([&] { calibration_error(std::vector<double>{0.2, 1.5}, y, 2); }).find("p[1]"), std::string::npos);
  EXPECT_NE(error_of([&] {
              calibration_error(p, std::vector<double>{0, 1.5}, 2);
            }).find("is not in [0, 1]"),
            std::string::npos);
  // A soft label (a human tie, 1/2) is a valid label: the bin's accuracy is its mean label.
  // p = {0.2, 0.8} in 2 bins: bin 0 holds (0.2, 0), bin 1 holds (0.8, 0.5): ECE = (0.2 + 0.3) / 2.
  // (Hand arithmetic; compared to 1e-15, as the summation order differs from this expression.)
  EXPECT_NEAR(calibration_error(p, std::vector<double>{0, 0.5}, 2).ece, 0.25, 1e-15);
  // Single class and constant p: defined. All p = 0.7, y = 1: one bin, gap 0.3 (as 1 - 0.7).
  const std::vector<double> c = {0.7, 0.7, 0.7}, ones = {1, 1, 1};
  const auto e = calibration_error(c, ones, 10);
  const double gap = 1.0 - (0.7 + 0.7 + 0.7) / 3.0;  // the bin's confidence is a numpy mean
  EXPECT_EQ(e.ece, gap);
  EXPECT_EQ(e.mce, gap);
  ASSERT_EQ(e.diagram.bins.size(), 1u);
  EXPECT_EQ(e.diagram.bins[0].index, 6u);
  // Equal mass with fewer points than bins: the last chunks are empty.
  const auto m = calibration_error(c, ones, 5, BinningScheme::equal_mass);
  EXPECT_EQ(m.diagram.counts, (std::vector<std::size_t>{1, 1, 1, 0, 0}));
  const double third = 1.0 / 3.0, g1 = 1.0 - 0.7;
  EXPECT_EQ(m.ece, third * g1 + third * g1 + third * g1);
}

TEST(Recalibration, BradleyTerry) {
  // BT.p and BT.nll(-log p): exact.
  for (const auto& [k, v] : key("BT.p").items()) {
    SCOPED_TRACE("BT.p " + k);
    EXPECT_EQ(sigmoid(std::stod(k)), v.get<double>());
    EXPECT_EQ(bradley_terry_probability(std::stod(k), 0.0), v.get<double>());
  }
  for (const auto& [k, v] : key("BT.nll(-log p)").items()) {
    SCOPED_TRACE("BT.nll " + k);
    EXPECT_EQ(neg_log_sigmoid(std::stod(k)), v.get<double>());
  }
  // BT.beta_scaled: beta = 0.1, delta r = 5.
  const auto& s = key("BT.beta_scaled");
  EXPECT_EQ(bradley_terry_probability(s.at("dr").get<double>(), 0.0, s.at("beta").get<double>()),
            s.at("p").get<double>());
  EXPECT_EQ(error_of([] { bradley_terry_probability(std::nan(""), 0.0); }),
            "Bradley-Terry probability: a score is NaN");
}

TEST(Recalibration, Temperature) {
  const auto& in = key("TEMP.input");
  const auto z = doubles(in[0]), y = doubles(in[1]);
  // TEMP.nll_at_T1: closed form, exact.
  EXPECT_EQ(temperature_nll(z, y, 1.0), key("TEMP.nll_at_T1").get<double>());
  const TemperatureFit fit = fit_temperature(z, y);
  // TEMP.beta_opt(=1/T), TEMP.T_opt: an iterative optimum; Newton stops within 4 ulp of beta, and the
  // root of the derivative is only determined to a few ulp by rounding in g, so allow 1e-14 relative.
  EXPECT_NEAR(fit.beta, key("TEMP.beta_opt(=1/T)").get<double>(), 1e-14);
  EXPECT_NEAR(fit.temperature, key("TEMP.T_opt").get<double>(), 1e-13);
  // TEMP.nll_at_opt: the NLL is flat at the optimum, so it agrees to rounding (1e-15).
  EXPECT_NEAR(fit.nll, key("TEMP.nll_at_opt").get<double>(), 1e-15);
  // TEMP.nll_at_opt exactly, at the reference beta.
  EXPECT_EQ(temperature_nll(z, y, key("TEMP.beta_opt(=1/T)").get<double>()), key("TEMP.nll_at_opt").get<double>());
  // TEMP.ece_B5_right_closed_before / after: ECE of sigma(z) and sigma(z / T*). Before is exact;
  // after depends on T* through the bin means, tolerance 1e-13.
  const auto before = apply_temperature(TemperatureFit{}, z);
  EXPECT_EQ(calibration_error(before, y, 5).ece, key("TEMP.ece_B5_right_closed_before").get<double>());
  const auto after = apply_temperature(fit, z);
  EXPECT_NEAR(calibration_error(after, y, 5).ece, key("TEMP.ece_B5_right_closed_after").get<double>(), 1e-13);
  // Fit on one span, apply to another.
  const auto other = apply_temperature(fit, std::vector<double>{0.0, 10.0});
  EXPECT_EQ(other[0], 0.5);
  EXPECT_EQ(other[1], sigmoid(fit.beta * 10.0));
}

TEST(Recalibration, TemperatureEdgeCases) {
  const std::vector<double> empty;
  EXPECT_EQ(error_of([&] { fit_temperature(empty, empty); }), "temperature scaling: empty input");
  // Anti-related logits: beta* < 0.
  EXPECT_NE(error_of([] {
              fit_temperature(std::vector<double>{1, -1, 2}, std::vector<double>{0, 1, 0});
            }).find("no valid temperature"),
            std::string::npos);
  // Constant (zero) logits: g = 0 everywhere, reported as no valid temperature.
  EXPECT_NE(error_of([] {
              fit_temperature(std::vector<double>{0, 0}, std::vector<double>{0, 1});
            }).find("no valid temperature"),
            std::string::npos);
  // Separable by sign (and single class with positive logits): no finite optimum.
  EXPECT_NE(error_of([] {
              fit_temperature(std::vector<double>{1, -1, 2}, std::vector<double>{1, 0, 1});
            }).find("no finite optimum"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              fit_temperature(std::vector<double>{1, 2}, std::vector<double>{1, 1});
            }).find("no finite optimum"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              fit_temperature(std::vector<double>{1, INFINITY}, std::vector<double>{1, 0});
            }).find("not a finite number"),
            std::string::npos);
}

TEST(Recalibration, Platt) {
  const auto& in = key("PLATT.input");
  const auto f = doubles(in[0]), y = doubles(in[1]);
  const PlattFit fit = fit_platt(f, y);
  // PLATT.targets: (N+ + 1)/(N+ + 2) and 1/(N- + 2), exact.
  EXPECT_EQ(fit.target_positive, key("PLATT.targets")[0].get<double>());
  EXPECT_EQ(fit.target_negative, key("PLATT.targets")[1].get<double>());
  // Optimality of our fit: the gradient of the smoothed-target NLL, sum (t - q) f and sum (t - q),
  // is at rounding level.
  auto gradient_max = [&](const PlattFit& p, bool smoothed) {
    double ga = 0.0, gb = 0.0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      const double t = smoothed ? (y[i] == 1.0 ? p.target_positive : p.target_negative) : y[i];
      const double r = t - platt_predict(p, f[i]);
      ga += r * f[i];
      gb += r;
    }
    return std::max(std::fabs(ga), std::fabs(gb));
  };
  EXPECT_LT(gradient_max(fit, true), 1e-14);
  // PLATT.newton(a,b): called the exact optimum, but its gradient is ~6e-9 (the reference optimiser
  // stopped early), so it is ~2e-9 from ours: tolerance 1e-8.
  EXPECT_NEAR(fit.a, key("PLATT.newton(a,b)")[0].get<double>(), 1e-8);
  EXPECT_NEAR(fit.b, key("PLATT.newton(a,b)")[1].get<double>(), 1e-8);
  // PLATT.sklearn(a,b): sklearn's BFGS fit, agreement 1e-5.
  EXPECT_NEAR(fit.a, key("PLATT.sklearn(a,b) [q=1/(1+exp(a f+b))]")[0].get<double>(), 1e-5);
  EXPECT_NEAR(fit.b, key("PLATT.sklearn(a,b) [q=1/(1+exp(a f+b))]")[1].get<double>(), 1e-5);
  EXPECT_LT(fit.a, 0.0);
  // PLATT.pred_at[-1,0,1,2]: q with our (a, b), tolerance 1e-8 (inherits the fit's).
  const auto q = platt_predict(fit, std::vector<double>{-1, 0, 1, 2});
  const auto want = doubles(key("PLATT.pred_at[-1,0,1,2]"));
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(q[i], want[i], 1e-8) << i;
  // ... and exactly, when predicting with the reference's (a, b).
  PlattFit ref;
  ref.a = key("PLATT.newton(a,b)")[0].get<double>();
  ref.b = key("PLATT.newton(a,b)")[1].get<double>();
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_NEAR(platt_predict(ref, std::vector<double>{-1, 0, 1, 2})[i], want[i], 1e-15) << i;
  // PLATT.no_smoothing(a,b): plain logistic MLE; the reference's gradient there is ~4e-8, ours at
  // rounding level: tolerance 1e-7.
  const PlattFit plain = fit_platt(f, y, PlattOptions{.prior_smoothing = false});
  EXPECT_LT(gradient_max(plain, false), 1e-14);
  EXPECT_NEAR(plain.a, key("PLATT.no_smoothing(a,b)")[0].get<double>(), 1e-7);
  EXPECT_NEAR(plain.b, key("PLATT.no_smoothing(a,b)")[1].get<double>(), 1e-7);
  // Fit on one span, apply to another: the model is q = 1 / (1 + exp(a f + b)).
  EXPECT_EQ(platt_predict(fit, 0.0), sigmoid(-fit.b));
}

TEST(Recalibration, PlattEdgeCases) {
  const std::vector<double> empty;
  EXPECT_EQ(error_of([&] { fit_platt(empty, empty); }), "Platt scaling: empty input");
  // Single class with smoothing: finite (targets 2/3 for 1 positive... here 3 positives: 4/5).
  const std::vector<double> f = {-1, 0, 2}, ones = {1, 1, 1};
  const PlattFit s = fit_platt(f, ones);
  EXPECT_TRUE(std::isfinite(s.a) && std::isfinite(s.b));
  EXPECT_EQ(s.target_positive, 0.8);
  // ... and without smoothing: no finite optimum.
  EXPECT_NE(error_of([&] { fit_platt(f, ones, PlattOptions{.prior_smoothing = false}); }).find("no finite optimum"),
            std::string::npos);
  // Separable without smoothing.
  EXPECT_NE(error_of([] {
              fit_platt(std::vector<double>{-2, -1, 1, 2}, std::vector<double>{0, 0, 1, 1},
                        PlattOptions{.prior_smoothing = false});
            }).find("no finite optimum"),
            std::string::npos);
  // Constant scores: a = 0, b = log(sum(1 - t) / sum(t)).
  const PlattFit c = fit_platt(std::vector<double>{3, 3, 3, 3}, std::vector<double>{1, 0, 0, 1});
  EXPECT_EQ(c.a, 0.0);
  EXPECT_EQ(c.b, std::log((2 * (1 - 3.0 / 4.0) + 2 * (1 - 1.0 / 4.0)) / (2 * (3.0 / 4.0) + 2 * (1.0 / 4.0))));
  EXPECT_NE(error_of([] {
              fit_platt(std::vector<double>{3, 3}, std::vector<double>{1, 1}, {.prior_smoothing = false});
            }).find("infinite"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              fit_platt(std::vector<double>{0, 1}, std::vector<double>{0, 0.5});
            }).find("must be 0 or 1"),
            std::string::npos);
}

TEST(Recalibration, Isotonic) {
  const auto& in = key("ISO.input");
  const auto x = doubles(in[0]), y = doubles(in[1]);
  const IsotonicFit fit = fit_isotonic(x, y, {}, IsotonicOptions{.y_min = 0.0, .y_max = 1.0});
  EXPECT_EQ(fit.fitted, doubles(key("ISO.fitted_at_x")));  // ISO.fitted_at_x
  EXPECT_EQ(fit.x, doubles(key("ISO.thresholds")[0]));     // ISO.thresholds (X)
  EXPECT_EQ(fit.y, doubles(key("ISO.thresholds")[1]));     // ISO.thresholds (Y)
  // ISO.predict_at[0.0,0.15,0.35,0.55,0.65,1.0]: exact (interp1d rule, clipped ends).
  EXPECT_EQ(isotonic_predict(fit, std::vector<double>{0.0, 0.15, 0.35, 0.55, 0.65, 1.0}),
            doubles(key("ISO.predict_at[0.0,0.15,0.35,0.55,0.65,1.0]")));
  // Predicting at the training x reproduces the fitted values here.
  EXPECT_EQ(isotonic_predict(fit, x), doubles(key("ISO.fitted_at_x")));
  // ISO.weighted: x = 0..4, y, w -> fitted, exact.
  const auto& wv = key("ISO.weighted");
  const std::vector<double> xs = {0, 1, 2, 3, 4};
  const IsotonicFit wf = fit_isotonic(xs, doubles(wv[0]), doubles(wv[1]));
  EXPECT_EQ(wf.fitted, doubles(wv[2]));
}

TEST(Recalibration, IsotonicEdgeCases) {
  const std::vector<double> empty;
  EXPECT_EQ(error_of([&] { fit_isotonic(empty, empty); }), "isotonic regression: empty input");
  // One unique x: one knot, constant prediction (the mean).
  const IsotonicFit one = fit_isotonic(std::vector<double>{2, 2}, std::vector<double>{0, 1});
  EXPECT_EQ(one.x, (std::vector<double>{2}));
  EXPECT_EQ(one.y, (std::vector<double>{0.5}));
  EXPECT_EQ(isotonic_predict(one, -5.0), 0.5);
  // Decreasing data pools to one block; bounds clip.
  const IsotonicFit dec = fit_isotonic(std::vector<double>{0, 1, 2}, std::vector<double>{3, 2, 1}, {},
                                       IsotonicOptions{.y_min = 0.0, .y_max = 1.0});
  EXPECT_EQ(dec.fitted, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(dec.x, (std::vector<double>{0, 2}));
  EXPECT_NE(error_of([] {
              fit_isotonic(std::vector<double>{0, 1}, std::vector<double>{0, 1}, std::vector<double>{1, 0});
            }).find("weight[1]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              fit_isotonic(std::vector<double>{0, NAN}, std::vector<double>{0, 1});
            }).find("x[1]"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { isotonic_predict(one, std::nan("")); }), "isotonic prediction: x is NaN");
}
