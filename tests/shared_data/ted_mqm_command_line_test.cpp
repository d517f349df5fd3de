// The whole command-line pipeline on real data: the WMT21 TED talks MQM files are imported into an
// mt-metrics-eval directory (`mtme import-mqm`), every system is scored (`mtme score`), and the
// metrics are correlated with MQM (`mtme eval`). Expected values: computed with
// sacreBLEU 2.6.0 under the WMT21 metrics-task protocol (not published figures), 3 decimals: system Pearson of corpus
// BLEU, corpus chrF and -TER; segment Kendall tau-b (no grouping) of sentBLEU, sentence chrF and -TER.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "shared_data.hpp"
#include "test_support.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace {

using trenchcoat::testing::shared_data_path;

class TedMqmCommandLine : public trenchcoat::testing::TempDirectoryTest {
 protected:
  void run_ok(const std::vector<std::string>& args) {
    const auto r = trenchcoat(args);
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  }
  // metric -> value of one `mtme eval --stat` task, rounded to 3 decimals.
  std::map<std::string, std::string> task(const std::string& lp, const std::string& ref, const std::string& level,
                                          const std::string& stat) {
    const auto r =
        trenchcoat({"mtme", "eval", "--root", "ted", "--lp", lp, "--ref", ref, "--level", level, "--stat", stat});
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    std::map<std::string, std::string> out;
    if (r.exit_code != 0) return out;
    const auto j = nlohmann::json::parse(r.stdout_text);  // kept alive for the loop below
    for (const auto& row : j["tasks"][0]["metrics"])
      out[row["metric"].get<std::string>()] = trenchcoat::text::format_fixed(row["value"].get<double>(), 3);
    return out;
  }
  void import_and_score(const std::string& tsv, const std::string& lp, const std::vector<std::string>& references,
                        const std::string& ref) {
    std::vector<std::string> args = {"mtme", "import-mqm", "--tsv", shared_data_path(tsv), "--root", "ted", "--lp",
                                     lp,     "--domain",   "ted"};
    for (const auto& r : references) {
      args.push_back("--reference");
      args.push_back(r);
    }
    run_ok(args);
    run_ok({"mtme", "score", "--root", "ted", "--lp", lp, "--ref", ref, "--metric", "bleu", "--metric", "chrf",
            "--metric", "ter", "--metric", "sentbleu"});
  }
};

TEST_F(TedMqmCommandLine, EnDe) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv");
  import_and_score("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv", "en-de", {"ref=refA"}, "refA");
  // 6D "TED en-de": system Pearson BLEU 0.620, chrF (corpus) 0.562, -TER 0.609.
  const auto sys = task("en-de", "refA", "sys", "pearson");
  EXPECT_EQ(sys.at("BLEU-refA"), "0.620");
  EXPECT_EQ(sys.at("chrF-refA"), "0.562");
  EXPECT_EQ(sys.at("TER-refA"), "0.609");
  // 6D "TED en-de": segment tau-b sentBLEU 0.114, chrF 0.147, -TER 0.131.
  const auto seg = task("en-de", "refA", "seg", "kendall-b");
  EXPECT_EQ(seg.at("sentBLEU-refA"), "0.114");
  EXPECT_EQ(seg.at("chrF-refA"), "0.147");
  EXPECT_EQ(seg.at("TER-refA"), "0.131");
}

TEST_F(TedMqmCommandLine, ZhEnWithTheSecondReferenceLeftOutAsAHumanSystem) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("wmt-mqm-human-evaluation/ted/zhen/mqm_ted_zhen.tsv");
  // The file's `ref` is reference A and `refB` WMT21's standard reference; refA is then a human
  // system, left out by default, so the 13 MT systems remain.
  import_and_score("wmt-mqm-human-evaluation/ted/zhen/mqm_ted_zhen.tsv", "zh-en", {"ref=refA", "refB"}, "refB");
  // 6D "TED zh-en": system Pearson BLEU 0.332, chrF (corpus) 0.340, -TER 0.428.
  const auto sys = task("zh-en", "refB", "sys", "pearson");
  EXPECT_EQ(sys.at("BLEU-refB"), "0.332");
  EXPECT_EQ(sys.at("chrF-refB"), "0.340");
  EXPECT_EQ(sys.at("TER-refB"), "0.428");
  // 6D "TED zh-en": segment tau-b sentBLEU 0.092, chrF 0.125, -TER 0.136.
  const auto seg = task("zh-en", "refB", "seg", "kendall-b");
  EXPECT_EQ(seg.at("sentBLEU-refB"), "0.092");
  EXPECT_EQ(seg.at("chrF-refB"), "0.125");
  EXPECT_EQ(seg.at("TER-refB"), "0.136");
  // The whole WMT table runs on it too, with both task-set averages for the metrics that have both levels.
  const auto r =
      trenchcoat({"mtme", "eval", "--root", "ted", "--lp", "zh-en", "--ref", "refB", "--perm", "200", "--seed", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["tasks"][0]["systems"].size(), 13u);
  EXPECT_EQ(j["task_sets"][0]["task_set"], "wmt23");
  EXPECT_EQ(j["task_sets"][0]["metrics"].size(), 4u);  // BLEU, chrF, TER, sentBLEU (sys: mean of sentences)
  EXPECT_EQ(j["task_sets"][1]["task_set"], "wmt24");
}

}  // namespace
