// COMET's layer-mix transforms (unbabel-comet 2.2.x LayerwiseAttention).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "trenchcoat/neural/layer_mix.hpp"

namespace trenchcoat::neural {
namespace {

TEST(LayerMixTest, SparsemaxKeepsASupportAndSumsToOne) {
  // Worked by hand from the sparsemax definition (entmax 1.x): z = [0, -0.5, -2]; cumsum - 1 = [-1, -1.5, -3.5];
  // support: 0 > -1, -1 > -1.5, -6 > -3.5 is false -> k = 2; tau = -1.5 / 2 = -0.75.
  const std::vector<float> w = {1.0f, 0.5f, -1.0f};
  const std::vector<float> p = sparsemax(w);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_FLOAT_EQ(p[0], 0.75f);
  EXPECT_FLOAT_EQ(p[1], 0.25f);
  EXPECT_EQ(p[2], 0.0f);
}

TEST(LayerMixTest, SparsemaxOfEqualScalarsIsUniform) {
  // COMET initialises the scalars to zeros: sparsemax and softmax both give 1/n (by their definitions).
  const std::vector<float> w(25, 0.0f);
  for (float p : sparsemax(w)) EXPECT_FLOAT_EQ(p, 1.0f / 25.0f);
  for (float p : softmax(w)) EXPECT_FLOAT_EQ(p, 1.0f / 25.0f);
}

TEST(LayerMixTest, SparsemaxPutsAllMassOnADominantLayer) {
  // z = [0, -2, -3]: only the first entry meets k * z_k > cumsum - 1, tau = -1, p = [1, 0, 0].
  const std::vector<float> p = sparsemax(std::vector<float>{3.0f, 1.0f, 0.0f});
  EXPECT_EQ(p, (std::vector<float>{1.0f, 0.0f, 0.0f}));
}

TEST(LayerMixTest, SoftmaxMatchesTheClosedForm) {
  // softmax([0, ln 3]) = [1/4, 3/4] (closed form).
  const std::vector<float> p = softmax(std::vector<float>{0.0f, std::log(3.0f)});
  EXPECT_FLOAT_EQ(p[0], 0.25f);
  EXPECT_FLOAT_EQ(p[1], 0.75f);
}

}  // namespace
}  // namespace trenchcoat::neural
