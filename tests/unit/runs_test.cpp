// The runs layer called as a library: typed requests in, result structs out, with the checks a command
// line would make; the significance clusters of `meta corr` and `mtme eval` come from one function.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "trenchcoat/meta/agreement_statistic.hpp"
#include "trenchcoat/runs/meta_corr_run.hpp"
#include "trenchcoat/runs/metric_significance.hpp"
#include "trenchcoat/runs/mtme_eval_run.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace {

using trenchcoat::meta::ScoreTable;
namespace runs = trenchcoat::runs;

ScoreTable table(const std::vector<std::vector<double>>& rows) {
  std::vector<std::string> systems;
  for (std::size_t s = 0; s < rows.size(); ++s) systems.push_back("S" + std::to_string(s));
  ScoreTable t(systems, rows.front().size());
  for (std::size_t s = 0; s < rows.size(); ++s)
    for (std::size_t i = 0; i < rows[s].size(); ++i) t.set(s, i, rows[s][i]);
  return t;
}

// Records the stages and the last count reported.
class RecordingProgress : public runs::Progress {
 public:
  void start(const std::string& name, std::size_t total, const std::string& unit) override {
    stages.push_back(name + " " + std::to_string(total) + " " + unit);
  }
  void set(std::size_t done) override { last = done; }
  void finish() override { ++finished; }
  std::vector<std::string> stages;
  std::size_t last = 0, finished = 0;
};

// Four systems x three items: gold, a metric equal to gold (A), its reverse (B), and a noisy copy (C).
const ScoreTable kGold = table({{1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}});
const ScoreTable kA = table({{1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}});
const ScoreTable kB = table({{6, 5, 4}, {5, 4, 3}, {4, 3, 2}, {3, 2, 1}});
const ScoreTable kC = table({{1, 3, 2}, {2, 2, 4}, {3, 5, 4}, {4, 4, 6}});

TEST(Runs, MetricSignificanceIsCompareMetricsWithProgress) {
  const auto setup = trenchcoat::meta::significance_setup(trenchcoat::meta::AgreementStatistic::pearson, {});
  ASSERT_TRUE(setup);
  runs::SignificanceSettings settings{50, 10, 0.02, 0.5, 0.05, 7};
  RecordingProgress progress;
  const auto c = runs::compare_metric_tables(kGold, {"A", "B", "C"}, {&kA, &kB, &kC}, *setup, settings, progress);
  trenchcoat::meta::PermutationOptions p;
  p.resamples = 50;
  p.block_size = 10;
  p.seed = 7;
  const auto expected = trenchcoat::meta::compare_metrics(kGold.values(), {kA.values(), kB.values(), kC.values()},
                                                          {"A", "B", "C"}, 4, 3, setup->measure, setup->test, p, 0.05);
  EXPECT_EQ(c.names, expected.names);
  EXPECT_EQ(c.p_values, expected.p_values);
  EXPECT_EQ(c.ranks, expected.ranks);
  // Three pairs x 50 resamples, in one stage.
  ASSERT_EQ(progress.stages.size(), 1u);
  EXPECT_EQ(progress.stages[0], "permutations 150 resamples");
  EXPECT_EQ(progress.finished, 1u);
}

TEST(Runs, MetaCorrOrdersRowsByTheComparisonAndChecksItsSettings) {
  runs::MetaCorrRequest request;
  request.gold = kGold;
  request.metrics = {{"B", kB}, {"A", kA}};
  request.settings.significance.resamples = 20;
  const auto result = runs::run_meta_corr(request);
  ASSERT_EQ(result.rows.size(), 2u);
  // Pooled Pearson over the 12 entries: A equals gold (1), B is its mirror image (-1).
  EXPECT_EQ(result.rows[0].metric, "A");
  EXPECT_NEAR(result.rows[0].value.value, 1.0, 1e-15);
  EXPECT_NEAR(result.rows[1].value.value, -1.0, 1e-15);
  EXPECT_EQ(result.rows[0].rank, 1);
  ASSERT_TRUE(result.comparison);
  EXPECT_EQ(result.systems, 4u);
  EXPECT_EQ(result.items, 3u);

  runs::MetaCorrSettings epsilon;
  epsilon.options.metric_epsilon = 0.5;  // pearson has no epsilon
  EXPECT_THROW(runs::check_meta_corr_settings(epsilon), runs::RequestError);
  request.settings.significance.alpha = 1.5;
  EXPECT_THROW(runs::run_meta_corr(request), runs::RequestError);
}

TEST(Runs, MtmeEvalRefusesAnUnknownTaskSetBeforeReading) {
  runs::MtmeEvalRequest request;
  request.root = "no-such-directory";
  request.lp = "en-de";
  request.task_sets = {"wmt99"};
  EXPECT_THROW(runs::run_mtme_eval(request), runs::RequestError);
}

}  // namespace
