// Conformance on real data, end to end: the WMT21 TED talks MQM study (google/wmt-mqm-human-evaluation,
// ted/{ende,zhen}/mqm_ted_*.tsv). Every MT system's output and every segment's MQM score are rebuilt
// from the error-level TSV; the 13 MT systems are scored with trenchcoat's BLEU, chrF and TER against
// the standard reference; and the metric scores are correlated with MQM under the WMT21 metrics-task
// protocol:
//   - systems: the 13 MT systems (8 WMT21 systems + metricsystem1-5), no human references;
//   - segments: the MQM-rated ones, i.e. all 529 of the TSV;
//   - system level: Pearson of MQM system score (mean negative MQM) with corpus BLEU, chrF (mean of
//     sentence chrF2, and corpus chrF2) and -corpus TER;
//   - segment level: Kendall tau-b over all (system, segment) pairs pooled, no grouping, with
//     sentBLEU (exp smoothing, effective_order=False), sentence chrF2 and -sentence TER.
// Expected values: the 6D tables (computed with sacreBLEU 2.6.0), compared as strings after rounding
// to the printed number of decimals (MQM 3, metric scores 2, correlations 3). The README's
// section 1 system MQM values and the avg_seg_scores files are checked as well.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "shared_data.hpp"
#include "trenchcoat/io/mqm_ratings.hpp"
#include "trenchcoat/meta/grouped_correlation.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/metrics/ter.hpp"
#include "trenchcoat/text/number_format.hpp"

using namespace trenchcoat;

namespace {

constexpr const char* kRoot = "wmt-mqm-human-evaluation";

// One row of a 6D per-system table: MQM, BLEU, chrF (seg-avg), chrF (corpus), -TER, as printed.
struct SystemRow {
  const char* system;
  std::array<const char*, 5> values;
};

// The two table rows of a 6D correlation table, as printed.
struct ExpectedCorrelations {
  std::array<const char*, 4> system_pearson;  // BLEU, chrF (seg-avg), chrF (corpus), -TER
  std::array<const char*, 3> segment_tau_b;   // sentBLEU, chrF, -TER
};

struct TedCase {
  const char* pair;       // "ende" / "zhen"
  const char* reference;  // the standard reference's system name in the TSV
  std::vector<SystemRow> systems;
  ExpectedCorrelations correlations;
};

// WMT21 MQM TED en-de, computed with sacreBLEU 2.6.0 under the WMT21 protocol (13 MT systems, reference `ref` (A), 529
// segments).
TedCase ted_ende() {
  return {"ende",
          "ref",
          {
              {"Facebook-AI", {"-1.056", "30.15", "59.12", "60.42", "-58.97"}},
              {"HuaweiTSC", {"-1.498", "30.42", "60.81", "60.64", "-57.81"}},
              {"Nemo", {"-2.141", "28.16", "57.59", "59.01", "-60.18"}},
              {"Online-W", {"-1.122", "30.21", "60.07", "60.94", "-58.30"}},
              {"UEdin", {"-1.772", "27.49", "57.43", "58.66", "-61.04"}},
              {"VolcTrans-AT", {"-1.241", "30.08", "59.19", "60.48", "-58.30"}},
              {"VolcTrans-GLAT", {"-1.494", "30.20", "58.45", "59.57", "-58.23"}},
              {"eTranslation", {"-1.969", "28.26", "57.75", "59.06", "-60.17"}},
              {"metricsystem1", {"-1.629", "29.85", "59.72", "59.57", "-59.45"}},
              {"metricsystem2", {"-1.694", "27.59", "57.82", "58.08", "-60.23"}},
              {"metricsystem3", {"-1.436", "27.46", "57.16", "57.81", "-60.25"}},
              {"metricsystem4", {"-1.776", "28.97", "58.56", "59.44", "-62.06"}},
              {"metricsystem5", {"-1.716", "28.69", "59.93", "59.75", "-59.39"}},
          },
          {{"0.620", "0.471", "0.562", "0.609"}, {"0.114", "0.147", "0.131"}}};
}

// WMT21 MQM TED zh-en, computed with sacreBLEU 2.6.0 under the WMT21 protocol (13 MT systems, reference `refB`, WMT21's
// standard reference).
TedCase ted_zhen() {
  return {"zhen",
          "refB",
          {
              {"Borderline", {"-2.405", "35.24", "60.64", "60.18", "-49.54"}},
              {"DIDI-NLP", {"-1.651", "42.79", "66.55", "66.45", "-42.31"}},
              {"Facebook-AI", {"-2.636", "40.23", "64.40", "63.85", "-45.03"}},
              {"IIE-MT", {"-1.981", "43.75", "66.77", "66.63", "-42.18"}},
              {"MiSS", {"-1.971", "42.52", "66.30", "66.05", "-42.48"}},
              {"NiuTrans", {"-2.487", "38.70", "63.26", "62.84", "-46.92"}},
              {"Online-W", {"-2.925", "37.01", "62.96", "62.16", "-48.95"}},
              {"SMU", {"-2.202", "38.71", "62.95", "62.62", "-46.04"}},
              {"metricsystem1", {"-1.902", "38.13", "63.64", "62.64", "-45.75"}},
              {"metricsystem2", {"-1.760", "43.73", "66.92", "66.66", "-41.79"}},
              {"metricsystem3", {"-2.989", "41.76", "64.55", "64.94", "-43.82"}},
              {"metricsystem4", {"-2.049", "37.78", "62.90", "61.94", "-46.38"}},
              {"metricsystem5", {"-2.151", "34.54", "59.52", "59.49", "-50.92"}},
          },
          {{"0.332", "0.371", "0.340", "0.428"}, {"0.092", "0.125", "0.136"}}};
}

std::string tsv_path(const std::string& pair) {
  return std::string(kRoot) + "/ted/" + pair + "/mqm_ted_" + pair + ".tsv";
}

// Sentence scores (one row per system) and corpus scores of a metric for the given systems.
struct MetricRun {
  meta::ScoreTable sentence;  // systems x segments
  std::vector<double> corpus;
};

MetricRun run_metric(const metrics::StringMetric& metric, const io::MqmRatings& ratings,
                     const std::vector<std::string>& systems, const metrics::SegmentReferences& refs) {
  std::vector<std::vector<std::string_view>> outputs;
  for (const auto& s : systems) outputs.push_back(ratings.outputs(s));
  std::vector<std::span<const std::string_view>> spans(outputs.begin(), outputs.end());
  const auto stats = metrics::segment_stats(metric, spans, refs);
  const std::size_t width = metric.stats_size();
  MetricRun run{meta::ScoreTable(systems, refs.size()), {}};
  for (std::size_t s = 0; s < systems.size(); ++s) {
    for (std::size_t i = 0; i < refs.size(); ++i)
      run.sentence.set(s, i,
                       metric.score_from_stats(std::span<const double>(stats[s]).subspan(i * width, width)).score);
    run.corpus.push_back(metric.score_from_stats(metrics::sum_stats(stats[s], width)).score);
  }
  return run;
}

meta::ScoreTable negated(meta::ScoreTable t) {
  for (std::size_t s = 0; s < t.num_systems(); ++s)
    for (std::size_t i = 0; i < t.num_items(); ++i) t.set(s, i, -t.value(s, i));
  return t;
}

meta::ScoreTable system_column(const std::vector<std::string>& systems, const std::vector<double>& values) {
  meta::ScoreTable t(systems, 1);
  for (std::size_t s = 0; s < systems.size(); ++s) t.set(s, 0, values[s]);
  return t;
}

void check_ted_case(const TedCase& expected) {
  SCOPED_TRACE(std::string("TED ") + expected.pair);
  const io::MqmRatings ratings = io::read_mqm_ratings(trenchcoat::testing::shared_data_path(tsv_path(expected.pair)));
  ASSERT_EQ(ratings.segment_ids.size(), 529u);  // README section 1: 529 segments, complete for every system

  std::vector<std::string> systems;
  for (const auto& row : expected.systems) systems.push_back(row.system);
  std::vector<std::string> mt_systems;  // every system of the TSV but the human references
  for (const auto& s : ratings.systems())
    if (s != "ref" && s != "refB") mt_systems.push_back(s);
  ASSERT_EQ(mt_systems, systems);  // the 13 MT systems, sorted as in the 6D table

  const meta::ScoreTable gold = ratings.scores.select(systems);
  for (double v : gold.values()) ASSERT_FALSE(meta::is_missing(v));  // all 529 segments rated for every system
  const meta::ScoreTable gold_sys = io::mqm_system_scores(gold);

  const auto ref_outputs = ratings.outputs(expected.reference);
  const metrics::SegmentReferences refs = metrics::references_by_segment({ref_outputs});

  const MetricRun bleu = run_metric(metrics::Bleu(), ratings, systems, refs);  // exp smoothing, effective_order=False
  const MetricRun chrf = run_metric(metrics::Chrf(), ratings, systems, refs);
  const MetricRun ter = run_metric(metrics::Ter(), ratings, systems, refs);

  std::vector<double> chrf_seg_avg, neg_ter;
  for (std::size_t s = 0; s < systems.size(); ++s) {
    double sum = 0.0;
    for (std::size_t i = 0; i < refs.size(); ++i) sum += chrf.sentence.value(s, i);
    chrf_seg_avg.push_back(sum / static_cast<double>(refs.size()));
    neg_ter.push_back(-ter.corpus[s]);
  }

  // Per-system values (6D per-system table).
  const std::array<const char*, 5> columns = {"MQM", "BLEU", "chrF (seg-avg)", "chrF (corpus)", "-TER"};
  for (std::size_t s = 0; s < systems.size(); ++s) {
    const std::array<double, 5> got = {gold_sys.value(s, 0), bleu.corpus[s], chrf_seg_avg[s], chrf.corpus[s],
                                       neg_ter[s]};
    for (std::size_t c = 0; c < columns.size(); ++c)
      EXPECT_EQ(text::format_fixed(got[c], c == 0 ? 3 : 2), expected.systems[s].values[c])
          << systems[s] << " " << columns[c] << " = " << got[c];
  }

  // System-level Pearson (6D correlation table, first row).
  const std::array<std::vector<double>, 4> sys_metrics = {bleu.corpus, chrf_seg_avg, chrf.corpus, neg_ter};
  const std::array<const char*, 4> sys_names = {"BLEU", "chrF (seg-avg)", "chrF (corpus)", "-TER"};
  for (std::size_t m = 0; m < sys_metrics.size(); ++m) {
    const auto r = meta::average_correlation(gold_sys, system_column(systems, sys_metrics[m]), meta::Grouping::none,
                                             meta::Statistic::pearson);
    EXPECT_EQ(text::format_fixed(r.value, 3), expected.correlations.system_pearson[m])
        << "system Pearson of " << sys_names[m] << " = " << r.value;
  }

  // Segment-level tau-b, all (system, segment) pairs pooled (6D correlation table, second row).
  const std::array<meta::ScoreTable, 3> seg_metrics = {bleu.sentence, chrf.sentence, negated(ter.sentence)};
  const std::array<const char*, 3> seg_names = {"sentBLEU", "chrF", "-TER"};
  for (std::size_t m = 0; m < seg_metrics.size(); ++m) {
    const auto r = meta::average_correlation(gold, seg_metrics[m], meta::Grouping::none, meta::Statistic::kendall_b);
    EXPECT_EQ(r.total_weight, 1.0);
    EXPECT_EQ(text::format_fixed(r.value, 3), expected.correlations.segment_tau_b[m])
        << "segment tau-b of " << seg_names[m] << " = " << r.value;
  }
}

}  // namespace

TEST(TedMqmConformance, EnDeSystemsMetricsAndCorrelationsMatchSection6D) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(tsv_path("ende"));
  check_ted_case(ted_ende());
}

TEST(TedMqmConformance, ZhEnSystemsMetricsAndCorrelationsMatchSection6D) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(tsv_path("zhen"));
  check_ted_case(ted_zhen());
}

// The rebuilt segment scores equal the published avg_seg_scores files (6 decimals) on every rated
// segment, the files rate exactly the TSV's segments, and the system scores are those of the README
// (section 1: TED en-de ref-A 0.912, Facebook-AI 1.056, Nemo 2.141; TED zh-en ref-B 0.415, ref-A 5.515).
TEST(TedMqmConformance, RebuiltScoresMatchAvgSegScoresAndReadme) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(tsv_path("ende"));
  TRENCHCOAT_REQUIRE_SHARED_DATA(tsv_path("zhen"));
  struct Expected {
    const char* pair;
    std::size_t num_systems;
    std::vector<std::pair<const char*, const char*>> readme;  // avg_seg_scores system name, MQM (positive)
  };
  const std::vector<Expected> cases = {
      {"ende", 14, {{"ref-A", "0.912"}, {"Facebook-AI", "1.056"}, {"Nemo", "2.141"}}},
      {"zhen", 15, {{"ref-B", "0.415"}, {"ref-A", "5.515"}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pair);
    const std::string pair = c.pair;
    const auto ratings = io::read_mqm_ratings(trenchcoat::testing::shared_data_path(tsv_path(pair)));
    const auto file = io::read_mqm_avg_seg_scores(trenchcoat::testing::shared_data_path(
        std::string(kRoot) + "/ted/" + pair + "/mqm_ted_" + pair + ".avg_seg_scores.tsv"));
    ASSERT_EQ(file.scores.num_systems(), c.num_systems);
    ASSERT_EQ(ratings.systems().size(), c.num_systems);
    for (std::size_t s = 0; s < file.scores.num_systems(); ++s) {
      std::string name = file.scores.systems()[s];  // the TSV calls the references ref / refB
      if (name == "ref-A") name = "ref";
      if (name == "ref-B") name = "refB";
      const auto t = ratings.scores.system_index(name);
      ASSERT_TRUE(t.has_value()) << name;
      std::size_t rated = 0, j = 0;
      for (std::size_t i = 0; i < file.segment_ids.size(); ++i) {
        const double v = file.scores.value(s, i);
        if (meta::is_missing(v)) continue;
        ++rated;
        while (j < ratings.segment_ids.size() && ratings.segment_ids[j] < file.segment_ids[i]) ++j;
        ASSERT_LT(j, ratings.segment_ids.size());
        ASSERT_EQ(ratings.segment_ids[j], file.segment_ids[i]) << name << " rated segment missing from the TSV";
        EXPECT_NEAR(ratings.scores.value(*t, j), v, 5e-7) << name << " segment " << file.segment_ids[i];
      }
      EXPECT_EQ(rated, 529u) << name;
    }
    const auto sys = io::mqm_system_scores(file.scores);
    for (const auto& [name, mqm] : c.readme)
      EXPECT_EQ(text::format_fixed(-sys.value(*sys.system_index(name), 0), 3), mqm) << name;
  }
}
