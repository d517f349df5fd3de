// `trenchcoat report` end to end: every kind of result drawn into one page, byte for byte the same on
// a second run, an existing page replaced only with --overwrite, bad input named with no page left
// behind; and `meta corr --points`, which adds the entries the scatter plots draw and nothing else.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "html_structure.hpp"
#include "report_inputs.hpp"
#include "test_support.hpp"

namespace {

using trenchcoat::testing::read_file;

class ReportCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult report(const std::vector<std::string>& files, const std::string& out,
                                            std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"report"};
    for (const auto& f : files) args.insert(args.end(), {"--in", f});
    args.insert(args.end(), {"--out", out});
    args.insert(args.end(), extra.begin(), extra.end());
    return trenchcoat(args);
  }
  std::size_t files_in_dir() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir_), {}));
  }
};

TEST_F(ReportCli, DrawsEveryKindDeterministically) {
  const auto files = trenchcoat::testing::make_report_inputs(dir_);
  const auto r = report(files, "report.html");
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::string html = read_file((dir_ / "report.html").string());
  EXPECT_EQ(r.stdout_text,
            "report.html: 8 results (meta corr, meta calib, meta bon, probe, meta pairs, reproduce "
            "translation, reproduce attribution, cite), " +
                std::to_string(html.size()) + " bytes\n");
  EXPECT_EQ(trenchcoat::testing::inspect_html(html).error, "");
  // The inputs are listed by their names as given; a second run, to another file, gives the same bytes.
  EXPECT_NE(html.find("<a href=\"#result-1\">corr.json</a>"), std::string::npos);
  ASSERT_EQ(report(files, "again.html").exit_code, 0);
  EXPECT_EQ(read_file((dir_ / "again.html").string()), html);
  // --title and --date are shown; no date otherwise.
  EXPECT_EQ(html.find("class=\"date\""), std::string::npos);
  ASSERT_EQ(report({"probe.json"}, "dated.html", {"--title", "Probes <1>", "--date", "2026-12-08"}).exit_code, 0);
  const std::string dated = read_file((dir_ / "dated.html").string());
  EXPECT_NE(dated.find("<h1>Probes &lt;1&gt;</h1>\n<p class=\"date\">2026-12-08</p>"), std::string::npos);
}

TEST_F(ReportCli, RefusesToOverwriteWithoutTheFlag) {
  write("cite.json", read_file(trenchcoat::testing::fixture_path("report/cite.json")));
  write("report.html", "old");
  const auto refused = report({"cite.json"}, "report.html");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.stderr_text, "trenchcoat report: error: report.html exists; pass --overwrite to replace it\n");
  EXPECT_EQ(read_file((dir_ / "report.html").string()), "old");
  ASSERT_EQ(report({"cite.json"}, "report.html", {"--overwrite"}).exit_code, 0);
  EXPECT_NE(read_file((dir_ / "report.html").string()).find("<h2>1. cite"), std::string::npos);
  // The page is never one of its inputs.
  const auto same = report({"cite.json"}, "cite.json", {"--overwrite"});
  EXPECT_NE(same.exit_code, 0);
  EXPECT_NE(same.stderr_text.find("cite.json is also an input (--in)"), std::string::npos) << same.stderr_text;
}

TEST_F(ReportCli, BadInputIsNamedAndLeavesNoPage) {
  write("cite.json", read_file(trenchcoat::testing::fixture_path("report/cite.json")));
  write("scores.json", R"({"name": "BLEU", "score": 20.1, "signature": "nrefs:1|case:mixed"})");
  const std::size_t before = files_in_dir();
  const auto r = report({"cite.json", "scores.json"}, "report.html");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.stderr_text.rfind("trenchcoat report: error: scores.json: not a trenchcoat result JSON (no known shape", 0), 0u)
      << r.stderr_text;
  EXPECT_EQ(files_in_dir(), before);  // no page, no temporary file
  const auto missing = report({"nope.json"}, "report.html");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.stderr_text.find("nope.json: cannot open"), std::string::npos) << missing.stderr_text;
  EXPECT_EQ(report({}, "report.html").exit_code, 2);  // --in is required
}

TEST_F(ReportCli, MetaCorrPointsAddOnlyTheEntries) {
  // Hand-made files: C's second segment has no gold score, so 5 of the 6 entries are drawn.
  write("gold.seg.score", "A 1\nA 2\nB 3\nB 4\nC 5\nC None\n");
  write("m.seg.score", "A 10\nA 20\nB 30\nB 45\nC 50\nC 60\n");
  write("n.seg.score", "A 2\nA 1\nB 4\nB 3\nC 6\nC 5\n");
  const std::vector<std::string> args = {"meta",     "corr",          "--gold",   "gold.seg.score",
                                         "--metric", "M=m.seg.score", "--metric", "N=n.seg.score"};
  const auto plain = trenchcoat(args);
  auto with_points_args = args;
  with_points_args.push_back("--points");
  const auto with_points = trenchcoat(with_points_args);
  ASSERT_EQ(plain.exit_code, 0) << plain.stderr_text;
  ASSERT_EQ(with_points.exit_code, 0) << with_points.stderr_text;
  auto j = nlohmann::ordered_json::parse(with_points.stdout_text);
  const auto points = j["points"];
  EXPECT_EQ(points["entries"], 5);
  EXPECT_EQ(points["systems"], nlohmann::json({"A", "B", "C"}));
  EXPECT_EQ(points["system"], nlohmann::json({0, 0, 1, 1, 2}));
  EXPECT_EQ(points["item"], nlohmann::json({0, 1, 0, 1, 0}));
  EXPECT_EQ(points["gold"], nlohmann::json({1.0, 2.0, 3.0, 4.0, 5.0}));
  EXPECT_EQ(points["metrics"], nlohmann::json({{10.0, 20.0, 30.0, 45.0, 50.0}, {2.0, 1.0, 4.0, 3.0, 6.0}}));
  // Without the key, the JSON is the one written without --points, byte for byte.
  j.erase("points");
  EXPECT_EQ(j.dump(2) + "\n", plain.stdout_text);
}

}  // namespace
