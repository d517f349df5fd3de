// Conformance on real data: WMT20 Metrics task, system-level Pearson of the baseline metrics (BLEU,
// chrF, chrF++, TER, sentBLEU) with the official DA z-scores, as published in the WMT20 findings and
// hard-coded in mt-metrics-eval's data_test.py:
//   - en-de, 11 MT systems (outliers and human translations left out): BLEU 0.8247, chrF 0.8615,
//     TER 0.8478, sentBLEU 0.8234 (4 decimals);
//   - en-de, all 14 MT systems: sentBLEU 0.934 (data_test.py), BLEU 0.928;
//   - zh-en, 15 MT systems (outlier left out): BLEU 0.957, chrF++ 0.955, chrF 0.954, sentBLEU 0.950,
//     TER 0.911; all 16 MT systems: sentBLEU 0.948 (data_test.py).
// The outlier lists are mt-metrics-eval's meta_info.py (WMT20 'en-de': zlabs-nlp.179,
// WMTBiomedBaseline.388, Online-G.1556; 'zh-en': WMTBiomedBaseline.183). They agree with the official
// result files, whose N column says 11 (en-de) and 15 (zh-en), and those files' full-precision values
// are checked too. Inputs: the official files of the WMT20
// Metrics task (WMT-Metrics-task/wmt20-metrics)
// (final-metric-scores/baselines/*.sys.score.gz, manual-evaluation/DA,
// results/output/system-level/DA-<lp>-cor-excloutl.csv).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "shared_data.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/text/number_format.hpp"

using namespace trenchcoat;

namespace {

constexpr const char* kRoot = "wmt20-metrics";

std::string root_path(const std::string& relative) {
  return trenchcoat::testing::shared_data_path(std::string(kRoot) + "/" + relative);
}

// SYS -> Z.SCR from ad-sys-scores-<lp>.csv ("RAW.SCR Z.SCR N SYS N.ALL", space separated, header).
std::map<std::string, double> da_z_scores(const std::string& lp) {
  const auto lines = io::read_text_lines(root_path("manual-evaluation/DA/ad-sys-scores-" + lp + ".csv"));
  std::map<std::string, double> out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream fields{std::string(lines[i])};
    std::string raw, z, n, sys;
    fields >> raw >> z >> n >> sys;
    if (!sys.empty()) out[sys] = std::stod(z);
  }
  return out;
}

// SYS -> score of a baseline metric for lp against newstest2020 (metric lp testset refset system score).
std::map<std::string, double> metric_scores(const std::string& metric, const std::string& lp) {
  const auto lines = io::read_text_lines(root_path("final-metric-scores/baselines/" + metric + ".sys.score.gz"));
  std::map<std::string, double> out;
  for (const auto line : lines.lines()) {
    std::istringstream fields{std::string(line)};
    std::string name, pair, testset, refset, sys, score;
    std::getline(fields, name, '\t');
    std::getline(fields, pair, '\t');
    std::getline(fields, testset, '\t');
    std::getline(fields, refset, '\t');
    std::getline(fields, sys, '\t');
    std::getline(fields, score, '\t');
    if (pair == lp && refset == "newstest2020") out[sys] = std::stod(score);
  }
  return out;
}

// metric -> (Pearson, N) from the official results/output/system-level/DA-<lp>-cor-excloutl.csv
// (tab separated, header "\tPearson\tN\tWinner").
std::map<std::string, std::pair<double, std::size_t>> official_pearson(const std::string& compact_lp) {
  const auto lines =
      io::read_text_lines(root_path("results/output/system-level/DA-" + compact_lp + "-cor-excloutl.csv"));
  std::map<std::string, std::pair<double, std::size_t>> out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream fields{std::string(lines[i])};
    std::string name, value, n;
    std::getline(fields, name, '\t');
    std::getline(fields, value, '\t');
    std::getline(fields, n, '\t');
    if (!name.empty()) out[name] = {std::stod(value), std::stoul(n)};
  }
  return out;
}

struct SystemPearson {
  double value = 0.0;
  std::size_t num_systems = 0;
};

// Pearson between DA z-scores and a metric's system scores over the MT systems that have both (human
// translations, whose DA names start with HUMAN, left out) minus the outliers. TER is stored negated,
// so every metric is higher-is-better.
SystemPearson mt_pearson(const std::string& lp, const std::string& metric, const std::vector<std::string>& outliers) {
  const auto gold = da_z_scores(lp);
  const auto scores = metric_scores(metric, lp);
  std::vector<std::string> systems;
  for (const auto& [sys, value] : scores)
    if (gold.count(sys) && sys.rfind("HUMAN", 0) != 0 &&
        std::find(outliers.begin(), outliers.end(), sys) == outliers.end())
      systems.push_back(sys);
  meta::ScoreTable gold_table(systems, 1), metric_table(systems, 1);
  for (std::size_t s = 0; s < systems.size(); ++s) {
    gold_table.set(s, 0, gold.at(systems[s]));
    metric_table.set(s, 0, scores.at(systems[s]));
  }
  const auto r = meta::average_correlation(gold_table, metric_table, meta::Grouping::none, meta::Statistic::pearson);
  return {r.value, systems.size()};
}

// mt-metrics-eval meta_info.py, WMT20 outlier_systems.
const std::vector<std::string> kEnDeOutliers = {"zlabs-nlp.179", "WMTBiomedBaseline.388", "Online-G.1556"};
const std::vector<std::string> kZhEnOutliers = {"WMTBiomedBaseline.183"};

}  // namespace

TEST(Wmt20SystemCorrelation, EnDePearsonWithoutOutliersMatchesTheFindings) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  // en-de, WMT20 findings (Mathur et al. 2020; mt-metrics-eval's data_test.py for sentBLEU).
  const std::map<std::string, double> published = {
      {"BLEU", 0.8247}, {"chrF", 0.8615}, {"TER", 0.8478}, {"sentBLEU", 0.8234}};
  const auto official = official_pearson("ende");
  for (const auto& [metric, expected] : published) {
    const auto r = mt_pearson("en-de", metric, kEnDeOutliers);
    ASSERT_EQ(r.num_systems, 11u) << metric;
    EXPECT_NEAR(r.value, expected, 5e-5) << metric << " (published to 4 decimals)";
    EXPECT_EQ(text::format_fixed(r.value, 4), text::format_fixed(expected, 4)) << metric << " = " << r.value;
    // The official output file, DA-ende-cor-excloutl.csv, to the last bits.
    ASSERT_TRUE(official.count(metric)) << metric;
    EXPECT_EQ(official.at(metric).second, r.num_systems) << metric;
    EXPECT_NEAR(r.value, official.at(metric).first, 1e-12) << metric;
  }
}

TEST(Wmt20SystemCorrelation, EnDePearsonOverAllMtSystemsMatchesDataTest) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  // All 14 MT systems: sentBLEU 0.934 (mt-metrics-eval's data_test.py) and BLEU 0.928 (WMT20 official files).
  const std::map<std::string, std::string> published = {{"sentBLEU", "0.934"}, {"BLEU", "0.928"}};
  for (const auto& [metric, expected] : published) {
    const auto r = mt_pearson("en-de", metric, {});
    ASSERT_EQ(r.num_systems, 14u) << metric;
    EXPECT_EQ(text::format_fixed(r.value, 3), expected) << metric << " = " << r.value;
  }
}

TEST(Wmt20SystemCorrelation, ZhEnPearsonWithoutOutliersMatchesTheOfficialFile) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  // zh-en, WMT20 official DA-zhen-cor-excloutl.csv, 3 decimals.
  const std::map<std::string, std::string> published = {
      {"BLEU", "0.957"}, {"chrF++", "0.955"}, {"chrF", "0.954"}, {"sentBLEU", "0.950"}, {"TER", "0.911"}};
  const auto official = official_pearson("zhen");
  for (const auto& [metric, expected] : published) {
    const auto r = mt_pearson("zh-en", metric, kZhEnOutliers);
    ASSERT_EQ(r.num_systems, 15u) << metric;
    EXPECT_EQ(text::format_fixed(r.value, 3), expected) << metric << " = " << r.value;
    ASSERT_TRUE(official.count(metric)) << metric;
    EXPECT_EQ(official.at(metric).second, r.num_systems) << metric;
    EXPECT_NEAR(r.value, official.at(metric).first, 1e-12) << metric;
  }
}

TEST(Wmt20SystemCorrelation, ZhEnSentBleuOverAllMtSystemsMatchesDataTest) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  // sentBLEU over all MT systems and without outliers, zh-en: 0.948 and 0.950 (mt-metrics-eval's data_test.py).
  const auto r = mt_pearson("zh-en", "sentBLEU", {});
  ASSERT_EQ(r.num_systems, 16u);
  EXPECT_EQ(text::format_fixed(r.value, 3), "0.948") << r.value;
}
