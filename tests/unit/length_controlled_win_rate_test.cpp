// AlpacaEval 2 raw / discrete win rate, extreme-change warning and the unpenalised length-controlled
// win rate (spec metaeval.md section 5) against tests/fixtures/lc_bon_vectors.json (AE.* keys).
//
// Exact (EXPECT_EQ) for the win-rate vector, sd(delta) and the raw win rate (same numpy-order sums).
// Fitted values: theta, LC and lc_standard_error within 1e-12 (the spec allows 1e-6 on theta). Newton
// reaches the optimum to rounding (observed: theta within 9e-16, LC bit-exact, its standard error 1 ulp
// off), but the last bits depend on the solver's operation order, so they are not compared with ==.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/length_controlled_win_rate.hpp"
#include "trenchcoat/meta/recalibration.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kFitTol = 1e-12;

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("lc_bon_vectors.json");
  return parsed;
}
std::vector<double> doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

struct LcData {
  std::vector<double> lb, lm, y, d;
  LengthControlledInput input() const { return {lb, lm, y, d}; }
};
LcData lc_data() {
  const auto& in = vectors().at("AE.LC.input");
  return {doubles(in.at("len_output_1_baseline")), doubles(in.at("len_output_2_model")), doubles(in.at("y(pref-1)")),
          doubles(in.at("instruction_difficulty"))};
}

}  // namespace

TEST(LengthControlledWinRate, WinRateMatchesVector) {
  const auto& v = vectors().at("AE.win_rate");
  const WinRate r = alpaca_win_rate(doubles(v.at("pref")));
  EXPECT_EQ(r.win_rate, v.at("win_rate").get<double>());                               // AE.win_rate.win_rate
  EXPECT_EQ(r.standard_error, v.at("standard_error").get<double>());                   // AE.win_rate.standard_error
  EXPECT_EQ(r.n_wins, v.at("n_wins").get<std::size_t>());                              // AE.win_rate.n_wins
  EXPECT_EQ(r.n_wins_base, v.at("n_wins_base").get<std::size_t>());                    // AE.win_rate.n_wins_base
  EXPECT_EQ(r.n_draws, v.at("n_draws").get<std::size_t>());                            // AE.win_rate.n_draws
  EXPECT_EQ(r.n_total, v.at("n_total").get<std::size_t>());                            // AE.win_rate.n_total
  EXPECT_EQ(r.discrete_win_rate, vectors().at("AE.discrete_win_rate").get<double>());  // AE.discrete_win_rate
}

TEST(LengthControlledWinRate, IsExtremeMatchesVector) {
  // AE.is_extreme: [prev, new, warn]
  for (const auto& c : vectors().at("AE.is_extreme"))
    EXPECT_EQ(is_extreme_change(c[0].get<double>(), c[1].get<double>()), c[2].get<bool>()) << c.dump();
}

TEST(LengthControlledWinRate, LcMatchesVector) {
  const LcData data = lc_data();
  const LengthControlledResult r = length_controlled_win_rate(data.input());
  EXPECT_EQ(r.sd_delta, vectors().at("AE.LC.std_delta_len(ddof=1)").get<double>());  // AE.LC.std_delta_len(ddof=1)
  EXPECT_FALSE(r.length_term_dropped);
  const auto theta = doubles(vectors().at("AE.LC.theta[len,difficulty,model]"));  // AE.LC.theta[len,difficulty,model]
  for (std::size_t j = 0; j < 3; ++j) EXPECT_NEAR(r.theta[j], theta[j], kFitTol) << j;
  // AE.LC.sklearn_theta: sklearn's lbfgs agrees to about 1e-5.
  const auto sk = doubles(vectors().at("AE.LC.sklearn_theta"));
  for (std::size_t j = 0; j < 3; ++j) EXPECT_NEAR(r.theta[j], sk[j], 1e-4) << j;
  EXPECT_EQ(r.raw_win_rate, vectors().at("AE.LC.raw_win_rate").get<double>());           // AE.LC.raw_win_rate
  EXPECT_NEAR(r.lc_win_rate, vectors().at("AE.LC.lc_win_rate").get<double>(), kFitTol);  // AE.LC.lc_win_rate
  EXPECT_NEAR(r.lc_standard_error, vectors().at("AE.LC.lc_standard_error").get<double>(),
              kFitTol);  // AE.LC.lc_standard_error
  EXPECT_EQ(r.n_rows, 12u);
  EXPECT_EQ(r.n_train, 12u);
}

TEST(LengthControlledWinRate, NanPreferenceRowsStayInTheLcMean) {
  LcData data = lc_data();
  const LengthControlledResult full = length_controlled_win_rate(data.input());
  data.y[4] = kNaN;
  const LengthControlledResult r = length_controlled_win_rate(data.input());
  EXPECT_EQ(r.n_rows, 12u);
  EXPECT_EQ(r.n_train, 11u);
  EXPECT_EQ(r.sd_delta, full.sd_delta);  // sd over all rows
  EXPECT_NE(r.theta[2], full.theta[2]);
  EXPECT_TRUE(std::isfinite(r.lc_win_rate));
}

TEST(LengthControlledWinRate, PredictedWinRate) {
  const LcData data = lc_data();
  const LengthControlledResult r = length_controlled_win_rate(data.input());
  // Against a zero baseline the prediction equals the LC win rate; against itself it is 50.
  EXPECT_NEAR(predicted_win_rate(r.theta, {0.0, 0.0, 0.0}, data.d), r.lc_win_rate, 1e-12);
  EXPECT_EQ(predicted_win_rate(r.theta, r.theta, data.d), 50.0);
}

TEST(LengthControlledWinRate, EdgeCases) {
  LcData data = lc_data();
  // All-equal lengths: the length term is dropped, theta_len = 0.
  LcData eq = data;
  eq.lb.assign(12, 700.0);
  eq.lm.assign(12, 700.0);
  const LengthControlledResult r = length_controlled_win_rate(eq.input());
  EXPECT_TRUE(r.length_term_dropped);
  EXPECT_EQ(r.theta[0], 0.0);
  EXPECT_EQ(r.sd_delta, 0.0);
  EXPECT_TRUE(std::isfinite(r.lc_win_rate));
  // No difficulty (custom instruction sets, AlpacaEval issue #316): the term is dropped. At the
  // maximum-likelihood optimum the intercept's score equation sum_i (y_i - sigma(z_i)) = 0 holds, i.e.
  // the fitted probabilities average to the raw win rate over the labelled rows (to rounding).
  LcData nodiff = data;
  nodiff.d.clear();
  const LengthControlledResult nd = length_controlled_win_rate(nodiff.input());
  EXPECT_TRUE(nd.difficulty_term_dropped);
  EXPECT_FALSE(nd.length_term_dropped);
  EXPECT_EQ(nd.theta[1], 0.0);
  {
    double fitted = 0.0, observed = 0.0;
    for (std::size_t i = 0; i < data.y.size(); ++i) {
      const double delta = data.lb[i] - data.lm[i];
      fitted += sigmoid(nd.theta[0] * std::tanh(delta / nd.sd_delta) + nd.theta[2]);
      observed += data.y[i];
    }
    EXPECT_NEAR(fitted, observed, 1e-10);
  }
  EXPECT_NEAR(nd.lc_win_rate, 100.0 * sigmoid(nd.theta[2]), 1e-12);  // every row has the same probability
  // Constant difficulty: collinear with the model term.
  LcData col = data;
  col.d.assign(12, 0.25);
  EXPECT_EQ(error_of([&] { length_controlled_win_rate(col.input()); }),
            "length_controlled_win_rate: the covariates are collinear (e.g. constant instruction_difficulty)");
  // Perfectly separable: the model wins everything.
  LcData sep = data;
  sep.y.assign(12, 1.0);
  EXPECT_EQ(error_of([&] { length_controlled_win_rate(sep.input()); }),
            "length_controlled_win_rate: the GLM does not converge: the preferences are perfectly separable by the "
            "covariates, so the unpenalised maximum-likelihood estimate does not exist");
  // n < 2 rows.
  const std::vector<double> one = {1.0};
  EXPECT_EQ(error_of([&] {
              length_controlled_win_rate({one, one, one, one});
            }),
            "length_controlled_win_rate: needs at least 2 rows (sd of the length difference)");
  // NaN length.
  LcData nanlen = data;
  nanlen.lb[3] = kNaN;
  EXPECT_EQ(error_of([&] { length_controlled_win_rate(nanlen.input()); }),
            "length_controlled_win_rate: NaN or infinite length or difficulty at row 3");
  LcData bad = data;
  bad.y[0] = 1.5;
  EXPECT_EQ(error_of([&] { length_controlled_win_rate(bad.input()); }),
            "length_controlled_win_rate: y = pref - 1 at row 0 is outside [0, 1]");
  // Win rate: NaN skipped, bad values and empty input rejected, one value gives NaN standard error.
  const WinRate w = alpaca_win_rate(std::vector<double>{2.0, kNaN, 1.0});
  EXPECT_EQ(w.n_total, 2u);
  EXPECT_EQ(w.win_rate, 50.0);
  EXPECT_TRUE(std::isnan(alpaca_win_rate(std::vector<double>{2.0}).standard_error));
  EXPECT_EQ(error_of([] { alpaca_win_rate(std::vector<double>{kNaN}); }), "alpaca_win_rate: no (non-NaN) preferences");
  EXPECT_EQ(error_of([] { alpaca_win_rate(std::vector<double>{0.5}); }),
            "alpaca_win_rate: preference at index 0 is 0.500000; expected 0 or a value in [1, 2]");
}
