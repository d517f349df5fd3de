// Best-of-n over-optimisation (spec metaeval.md section 6) against tests/fixtures/lc_bon_vectors.json
// (BON.* keys).
//
// Exact (EXPECT_EQ on doubles) for KL, d, the weights, E_gold and the forms. E_proxy: the vector's
// column was produced by enumerating all subsets (mean of the subset maxima, numpy order), while E_gold
// was produced by the weighted sum; no single summation order reproduces both columns bit for bit
// (checked: ascending / descending / exact-rational / integer-weighted sums). So E_proxy is compared
// within 1e-15 (a few ulps of values <= 2) and additionally exactly against an in-test enumeration
// oracle that sums the subset maxima in itertools.combinations order, which gives the vector's digits.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/best_of_n.hpp"

using namespace trenchcoat::meta;
using trenchcoat::testing::error_of;

namespace {

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("lc_bon_vectors.json");
  return parsed;
}
std::vector<double> doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

// Mean over all k-subsets (lexicographic order, like itertools.combinations) of the proxy/gold value of
// the subset's proxy-argmax (ties: the larger index wins), summed like numpy (simple loop below 8 terms,
// else 8 partial sums; only small cases are enumerated here).
double enumerate_mean(const std::vector<double>& proxy, const std::vector<double>& value, std::size_t k) {
  const std::size_t n = proxy.size();
  std::vector<std::size_t> idx(k);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::vector<double> vals;
  while (true) {
    std::size_t best = idx[0];
    for (std::size_t i : idx)
      if (proxy[i] >= proxy[best]) best = i;
    vals.push_back(value[best]);
    std::size_t pos = k;
    while (pos > 0 && idx[pos - 1] == n - k + pos - 1) --pos;
    if (pos == 0) break;
    ++idx[pos - 1];
    for (std::size_t j = pos; j < k; ++j) idx[j] = idx[j - 1] + 1;
  }
  double sum;
  if (vals.size() < 8) {
    sum = 0.0;
    for (double v : vals) sum += v;
  } else {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = vals[j];
    std::size_t i = 8;
    for (; i < vals.size() - vals.size() % 8; i += 8)
      for (int j = 0; j < 8; ++j) r[j] += vals[i + j];
    sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < vals.size(); ++i) sum += vals[i];
  }
  return sum / static_cast<double>(vals.size());
}

}  // namespace

TEST(BestOfN, KlMatchesVector) {
  // BON.KL
  for (const auto& [n, kl] : vectors().at("BON.KL").items())
    EXPECT_EQ(best_of_n_kl(std::stoul(n)), kl.get<double>()) << "n = " << n;
}

TEST(BestOfN, DistanceMatchesVector) {
  // BON.d=sqrt(KL)
  for (const auto& [n, d] : vectors().at("BON.d=sqrt(KL)").items())
    EXPECT_EQ(best_of_n_distance(std::stoul(n)), d.get<double>()) << "n = " << n;
}

TEST(BestOfN, UnbiasedEstimatorMatchesVector) {
  const auto& in = vectors().at("BON.unbiased.input");
  const std::vector<double> proxy = doubles(in.at("proxy")), gold = doubles(in.at("gold"));
  const auto curve = best_of_n_curve(proxy, gold);
  ASSERT_EQ(curve.size(), 6u);
  for (const auto& [n, e] : vectors().at("BON.unbiased").items()) {
    const std::size_t k = std::stoul(n);
    const BestOfNPoint& p = curve[k - 1];
    EXPECT_EQ(p.n, k);
    // BON.unbiased.<k>.weights
    EXPECT_EQ(best_of_n_weights(6, k), doubles(e.at("weights"))) << "k = " << k;
    // BON.unbiased.<k>.E_gold
    EXPECT_EQ(p.gold, e.at("E_gold").get<double>()) << "k = " << k;
    // BON.unbiased.<k>.E_proxy: within 1e-15 (see the file comment), exactly via enumeration.
    EXPECT_NEAR(p.proxy, e.at("E_proxy").get<double>(), 1e-15) << "k = " << k;
    EXPECT_EQ(enumerate_mean(proxy, proxy, k), e.at("E_proxy").get<double>()) << "k = " << k;
    EXPECT_NEAR(enumerate_mean(proxy, gold, k), p.gold, 1e-15) << "k = " << k;
    EXPECT_EQ(p.kl, best_of_n_kl(k));
    EXPECT_EQ(p.gap, p.proxy - p.gold);
  }
  // The gold curve peaks at k = 3 (the miniature over-optimisation curve of the spec).
  EXPECT_GT(curve[2].gold, curve[1].gold);
  EXPECT_GT(curve[2].gold, curve[3].gold);
}

TEST(BestOfN, FormsMatchVector) {
  const double alpha = 1.0, beta_bon = 0.2, beta_rl = 0.3;  // spec section 6
  for (const auto& [key, e] : vectors().at("BON.forms").items()) {
    const double d = std::stod(key.substr(2));
    // BON.forms.<d>.R_bon / R_rl
    EXPECT_EQ(bon_form(d, alpha, beta_bon), e.at("R_bon=d(a-b d)").get<double>()) << key;
    EXPECT_EQ(rl_form(d, alpha, beta_rl), e.at("R_rl=d(a-b ln d)").get<double>()) << key;
  }
  // BON.forms.argmax
  const auto& am = vectors().at("BON.forms.argmax");
  EXPECT_EQ(bon_form_argmax(alpha, beta_bon), am.at("bon: d*=a/(2b)").get<double>());
  EXPECT_EQ(rl_form_argmax(alpha, beta_rl), am.at("rl: d*=exp(a/b - 1)").get<double>());
  EXPECT_EQ(rl_form(0.0, alpha, beta_rl), 0.0);
}

TEST(BestOfN, TiesBrokenByOriginalIndex) {
  // Candidates 0 and 1 tie on proxy; the larger index ranks higher, matching the enumeration oracle.
  const std::vector<double> proxy = {1.0, 1.0, 0.0}, gold = {5.0, 7.0, 1.0};
  const auto curve = best_of_n_curve(proxy, gold);
  for (std::size_t k = 1; k <= 3; ++k) EXPECT_NEAR(curve[k - 1].gold, enumerate_mean(proxy, gold, k), 1e-14);
  EXPECT_EQ(curve[2].gold, 7.0);
}

TEST(BestOfN, RandomCasesMatchEnumeration) {
  std::vector<double> proxy, gold;
  unsigned s = 12345;
  auto next = [&] {
    s = s * 1103515245u + 12345u;
    return static_cast<double>((s >> 16) % 7) - 3.0;
  };
  for (std::size_t n = 1; n <= 9; ++n) {
    proxy.clear();
    gold.clear();
    for (std::size_t i = 0; i < n; ++i) {
      proxy.push_back(next());
      gold.push_back(next() * 0.25);
    }
    const auto curve = best_of_n_curve(proxy, gold);
    ASSERT_EQ(curve.size(), n);
    for (std::size_t k = 1; k <= n; ++k) {
      EXPECT_NEAR(curve[k - 1].gold, enumerate_mean(proxy, gold, k), 1e-12) << n << " " << k;
      EXPECT_NEAR(curve[k - 1].proxy, enumerate_mean(proxy, proxy, k), 1e-12) << n << " " << k;
    }
  }
}

TEST(BestOfN, LargeNWeightsAreStable) {
  // C(2000, 1000) overflows every integer type: the recurrence path. The weights sum to 1.
  for (std::size_t k : {1u, 2u, 500u, 1000u, 1999u, 2000u}) {
    const auto w = best_of_n_weights(2000, k);
    double sum = 0.0;
    for (double v : w) {
      EXPECT_TRUE(std::isfinite(v));
      EXPECT_GE(v, 0.0);
      sum += v;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12) << k;
    EXPECT_EQ(w[1999], static_cast<double>(k) / 2000.0);
  }
}

TEST(BestOfN, AveragesOverPrompts) {
  const std::vector<std::vector<double>> proxy = {{0.3, 1.2, -0.5, 2.0, 0.9, 1.7}, {1.0, 2.0, 3.0}};
  const std::vector<std::vector<double>> gold = {{0.1, 0.8, -0.2, 0.5, 0.6, 1.0}, {3.0, 2.0, 1.0}};
  const auto curve = best_of_n_curve(proxy, gold);
  ASSERT_EQ(curve.size(), 3u);  // min N over prompts
  const auto a = best_of_n_curve(proxy[0], gold[0]);
  const auto b = best_of_n_curve(proxy[1], gold[1]);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(curve[k].gold, (a[k].gold + b[k].gold) / 2.0);
    EXPECT_EQ(curve[k].proxy, (a[k].proxy + b[k].proxy) / 2.0);
  }
}

TEST(BestOfN, EdgeCases) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_of([] { best_of_n_kl(0); }), "best_of_n_kl: n must be >= 1");
  EXPECT_EQ(error_of([] { best_of_n_curve(std::vector<double>{}, std::vector<double>{}); }),
            "best_of_n: no candidates");
  EXPECT_EQ(error_of([&] {
              best_of_n_curve(std::vector<double>{1.0, nan}, std::vector<double>{1.0, 2.0});
            }),
            "best_of_n: score at index 1 is NaN or infinite");
  EXPECT_EQ(error_of([] {
              best_of_n_curve(std::vector<double>{1.0}, std::vector<double>{1.0, 2.0});
            }),
            "best_of_n: proxy and gold have different lengths (1 vs 2)");
  EXPECT_EQ(error_of([] { best_of_n_curve(std::vector<std::vector<double>>{}, std::vector<std::vector<double>>{}); }),
            "best_of_n: no prompts");
  EXPECT_EQ(error_of([] { best_of_n_weights(3, 4); }), "best_of_n_weights: need 1 <= k <= N (k = 4, N = 3)");
  EXPECT_EQ(error_of([] { bon_form(-1.0, 1.0, 0.2); }), "bon_form: d must be finite and >= 0");
  EXPECT_EQ(error_of([] { rl_form_argmax(1.0, 0.0); }),
            "rl_form_argmax: needs finite alpha and beta > 0 (otherwise there is no peak)");
  // One candidate: a one-point curve.
  const auto one = best_of_n_curve(std::vector<double>{0.4}, std::vector<double>{0.7});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].gold, 0.7);
  EXPECT_EQ(one[0].proxy, 0.4);
  EXPECT_EQ(one[0].kl, 0.0);
}
