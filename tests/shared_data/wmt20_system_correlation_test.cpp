// Conformance on real data: WMT20 Metrics task, en-de, system-level Pearson of BLEU, chrF and TER with
// the official DA z-scores, 11 MT systems (outliers and human translations left out), as published
// in the WMT20 findings and hard-coded in mt-metrics-eval's data_test.py (shared/data/README.md 6A):
// BLEU 0.8247, chrF 0.8615, TER 0.8478 (4 decimals). Inputs: the official files in
// shared/data/wmt20-metrics (final-metric-scores/baselines/*.sys.score.gz, manual-evaluation/DA).
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "shared_data.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"

using namespace trenchcoat;

namespace {

constexpr const char* kRoot = "wmt20-metrics";

// SYS -> Z.SCR from ad-sys-scores-en-de.csv ("RAW.SCR Z.SCR N SYS N.ALL", space separated, header).
std::map<std::string, double> da_z_scores() {
  const auto lines = io::read_text_lines(trenchcoat::testing::shared_data_path(std::string(kRoot) + "/manual-evaluation/DA/ad-sys-scores-en-de.csv"));
  std::map<std::string, double> out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream fields{std::string(lines[i])};
    std::string raw, z, n, sys;
    fields >> raw >> z >> n >> sys;
    if (!sys.empty()) out[sys] = std::stod(z);
  }
  return out;
}

// SYS -> score of a baseline metric for en-de against newstest2020 (metric lp testset refset system score).
std::map<std::string, double> metric_scores(const std::string& metric) {
  const auto lines = io::read_text_lines(
      trenchcoat::testing::shared_data_path(std::string(kRoot) + "/final-metric-scores/baselines/" + metric + ".sys.score.gz"));
  std::map<std::string, double> out;
  for (const auto line : lines.lines()) {
    std::istringstream fields{std::string(line)};
    std::string name, lp, testset, refset, sys, score;
    std::getline(fields, name, '\t');
    std::getline(fields, lp, '\t');
    std::getline(fields, testset, '\t');
    std::getline(fields, refset, '\t');
    std::getline(fields, sys, '\t');
    std::getline(fields, score, '\t');
    if (lp == "en-de" && refset == "newstest2020") out[sys] = std::stod(score);
  }
  return out;
}

}  // namespace

TEST(Wmt20SystemCorrelation, EnDePearsonWithoutOutliersMatchesTheFindings) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  const auto gold = da_z_scores();
  const std::vector<std::string> outliers = {"zlabs-nlp.179", "WMTBiomedBaseline.388", "Online-G.1556"};  // meta_info.py
  const std::map<std::string, double> official = {{"BLEU", 0.8247}, {"chrF", 0.8615}, {"TER", 0.8478}};
  for (const auto& [metric, expected] : official) {
    const auto scores = metric_scores(metric);
    std::vector<std::string> systems;
    for (const auto& [sys, value] : scores)
      if (gold.count(sys) && sys.rfind("HUMAN", 0) != 0 &&
          std::find(outliers.begin(), outliers.end(), sys) == outliers.end())
        systems.push_back(sys);
    ASSERT_EQ(systems.size(), 11u) << metric;
    meta::ScoreTable gold_table(systems, 1), metric_table(systems, 1);
    for (std::size_t s = 0; s < systems.size(); ++s) {
      gold_table.set(s, 0, gold.at(systems[s]));
      metric_table.set(s, 0, scores.at(systems[s]));  // TER is stored negated, so higher is better
    }
    const auto r = meta::average_correlation(gold_table, metric_table, meta::Grouping::none, meta::Statistic::pearson);
    EXPECT_NEAR(r.value, expected, 5e-5) << metric << " (published to 4 decimals)";
  }
}
