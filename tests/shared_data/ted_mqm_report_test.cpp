// The report on real data: WMT21 TED talks en-de MQM imported (`mtme import-mqm`) and scored (`mtme
// score`), segment-level `meta corr --points` for BLEU, chrF and -TER, drawn by `trenchcoat report`. Each
// scatter draws every (system, segment) entry with a gold score, and the Pearson r its least-squares line
// reports equals the `meta corr` value of the same entries (grouping none) to the 4 decimals both show.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "html_structure.hpp"
#include "shared_data.hpp"
#include "test_support.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace {

using trenchcoat::testing::occurrences;
using trenchcoat::testing::shared_data_path;

class TedMqmReport : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(TedMqmReport, ScattersOfEveryEntryWithTheirPearson) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv");
  auto run_ok = [&](const std::vector<std::string>& args) {
    const auto r = trenchcoat(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return r.stdout_text;
  };
  run_ok({"mtme", "import-mqm", "--tsv", shared_data_path("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv"),
          "--root", "ted", "--lp", "en-de", "--reference", "ref=refA", "--domain", "ted"});
  run_ok({"mtme", "score", "--root", "ted", "--lp", "en-de", "--ref", "refA"});
  const std::string m = "ted/metric-scores/en-de/";
  const std::string corr = run_ok({"meta", "corr", "--gold", "ted/human-scores/en-de.mqm.seg.score", "--metric",
                                   "BLEU=" + m + "BLEU-refA.seg.score", "--metric", "chrF=" + m + "chrF-refA.seg.score",
                                   "--metric", "TER=" + m + "TER-refA.seg.score", "--exclude", "refA", "--points"});
  write("corr.json", corr);
  const auto j = nlohmann::json::parse(corr);
  // 13 MT systems x 529 segments (refA left out), every entry rated.
  const std::size_t entries = j["points"]["entries"].get<std::size_t>();
  EXPECT_EQ(j["systems"], 13);
  EXPECT_EQ(j["items"], 529);
  EXPECT_EQ(entries, 13u * 529u);
  ASSERT_EQ(trenchcoat({"report", "--in", "corr.json", "--out", "report.html"}).exit_code, 0);
  const std::string html = trenchcoat::testing::read_file((dir_ / "report.html").string());
  EXPECT_EQ(trenchcoat::testing::inspect_html(html).error, "");
  EXPECT_EQ(occurrences(html, "class=\"fit\""), 3u);
  EXPECT_EQ(occurrences(html, "h4v4h-4z"), 3 * entries);  // one square per entry and metric
  for (const auto& row : j["metrics"]) {
    const std::string r = "Pearson r = " + trenchcoat::text::format_fixed(row["value"].get<double>(), 4);
    EXPECT_NE(html.find(row["metric"].get<std::string>() + " against the gold scores"), std::string::npos);
    EXPECT_NE(html.find(r), std::string::npos) << row["metric"] << ": " << r;
  }
}

}  // namespace
