// The HTML report's pieces: text escaping and number formatting, axes, the least-squares line, the
// charts, the page's structure (well formed, one <svg> per chart, titles, nothing from elsewhere),
// determinism, the kind of each result told by its shape, and errors naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "html_structure.hpp"
#include "report_inputs.hpp"
#include "test_support.hpp"
#include "trenchcoat/render/charts.hpp"
#include "trenchcoat/render/html_report.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/render/plot_frame.hpp"
#include "trenchcoat/render/report_builder.hpp"
#include "trenchcoat/render/result_kind.hpp"

namespace {

using trenchcoat::testing::error_of;
using trenchcoat::testing::fixture_path;
using trenchcoat::testing::inspect_html;
using trenchcoat::testing::occurrences;
namespace render = trenchcoat::render;

TEST(ReportMarkup, EscapesTheFiveCharacters) {
  EXPECT_EQ(render::escape_markup("<a href=\"x\">&'</a> ü"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; ü");
}

TEST(ReportMarkup, NumbersAreDeterministic) {
  // Hand-checked against Python's f"{x:.1f}" (round half to even on the binary value).
  EXPECT_EQ(render::svg_number(12.34), "12.3");
  EXPECT_EQ(render::svg_number(7.0), "7");
  EXPECT_EQ(render::svg_number(-0.04), "0");     // "-0.0" -> "0"
  EXPECT_EQ(render::svg_number(-1.25), "-1.2");  // -1.25 is exact: half to even
  EXPECT_EQ(render::svg_number(NAN), "0");
  EXPECT_EQ(render::shown_number(-0.0001, 2), "0.00");
  EXPECT_EQ(render::shown_number(0.5, 4), "0.5000");
  EXPECT_EQ(render::shown_number(NAN, 4), "n/a");
  EXPECT_EQ(render::shown_number(-INFINITY, 4), "-inf");
}

TEST(ReportAxes, NiceTicks) {
  // Hand computation: range 0.74 / 5 ticks = 0.148 -> step 0.2; bounds floor(0.13 / 0.2) * 0.2 = 0 and
  // ceil(0.87 / 0.2) * 0.2 = 1.
  const auto a = render::nice_axis(0.13, 0.87);
  EXPECT_EQ(a.lo, 0.0);
  EXPECT_EQ(a.hi, 1.0);
  ASSERT_EQ(a.ticks.size(), 6u);
  EXPECT_EQ(a.decimals, 1);
  // -25 .. 0 (MQM): 25 / 5 = 5 -> step 5, six ticks, no decimals.
  const auto m = render::nice_axis(-25, 0);
  EXPECT_EQ(m.lo, -25.0);
  EXPECT_EQ(m.hi, 0.0);
  EXPECT_EQ(m.ticks.size(), 6u);
  EXPECT_EQ(m.decimals, 0);
  // A single value is widened by 10% either side: 3 -> 2.7 .. 3.3; 0.6 / 5 = 0.12 -> step 0.2, bounds
  // 2.6 .. 3.4.
  const auto w = render::nice_axis(3, 3);
  EXPECT_LT(w.lo, 3.0);
  EXPECT_GT(w.hi, 3.0);
  EXPECT_EQ(w.decimals, 1);
}

TEST(ReportCharts, LeastSquaresLine) {
  // y = 1 + 2x exactly: slope 2, intercept 1, r = 1 (hand computation).
  const auto fit = render::least_squares_fit({0, 1, 2}, {1, 3, 5});
  ASSERT_TRUE(fit);
  EXPECT_EQ(fit->slope, 2.0);
  EXPECT_EQ(fit->intercept, 1.0);
  EXPECT_EQ(fit->pearson, 1.0);
  EXPECT_EQ(fit->points, 3u);
  // NaN pairs are left out; constant x has no line.
  EXPECT_EQ(render::least_squares_fit({0, 1, NAN, 2}, {1, 3, 4, 5})->points, 3u);
  EXPECT_FALSE(render::least_squares_fit({1, 1, 1}, {1, 2, 3}));
}

TEST(ReportCharts, EachChartIsOneWellFormedSvgWithItsPlotArea) {
  render::ScatterChart scatter{"s <&>", "gold", "metric", {0, 1, 2, 3}, {1, 3, 2, 5}, true};
  render::LineChart lines{"l", "x", "y", {{"a", {1, 2, 3}, {1, 4, 2}}}, render::MarkedPoint{2, 4, "peak"}};
  render::BarChart bars{"b",
                        "rate",
                        {"one", "two"},
                        {{"s", {0.2, std::nullopt}, {0.1, std::nullopt}, {0.3, std::nullopt}}},
                        0.5,
                        "chance",
                        std::pair<double, double>{0, 1}};
  render::ReliabilityChart reliability{"r", {{0, 0.5, 3, 0.3, 0.33}, {0.5, 1, 0, std::nullopt, std::nullopt}}};
  render::HeatmapChart heat{"h", {"r1", "r2"}, {"c1"}, {{0.1}, {std::nullopt}}, {}};
  for (const std::string& svg : {render::scatter_svg(scatter), render::line_svg(lines), render::bar_svg(bars),
                                 render::reliability_svg(reliability), render::heatmap_svg(heat)}) {
    const auto s = inspect_html(svg);
    EXPECT_EQ(s.error, "") << svg;
    EXPECT_EQ(s.elements.at("svg"), 1u);
    EXPECT_EQ(s.svg_titles.size(), 1u);
    EXPECT_GE(occurrences(svg, "class=\"plot-area\""), 1u);
    EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
  }
  EXPECT_NE(render::scatter_svg(scatter).find("<title>s &lt;&amp;&gt;</title>"), std::string::npos);
  // The reliability diagram labels its bins with their counts and skips the empty one.
  EXPECT_NE(render::reliability_svg(reliability).find(">3</text>"), std::string::npos);
}

// The report of every kind of result: the commands' JSON written by running them, and the figures
// fixtures.
class ReportBuild : public trenchcoat::testing::TempDirectoryTest {
 protected:
  render::ReportResult build(const std::vector<std::string>& files) const {
    render::ReportRequest request;
    for (const auto& f : files) request.inputs.push_back((dir_ / f).string());
    return render::build_report(request);
  }
};

TEST_F(ReportBuild, EveryKindIsDrawnAsAWellFormedSelfContainedPage) {
  const auto files = trenchcoat::testing::make_report_inputs(dir_);
  const auto result = build(files);
  ASSERT_EQ(result.inputs.size(), 8u);
  const std::vector<std::string> kinds = {
      "meta corr", "meta calib", "meta bon", "probe", "meta pairs", "reproduce translation", "reproduce attribution",
      "cite"};
  for (std::size_t i = 0; i < kinds.size(); ++i) EXPECT_EQ(result.inputs[i].kind, kinds[i]);
  const std::string& html = result.html;
  const auto s = inspect_html(html);
  ASSERT_EQ(s.error, "");
  // One <svg> per chart figure, each with a caption and a non-empty title.
  EXPECT_EQ(s.elements.at("svg"), occurrences(html, "<figure class=\"chart\">"));
  EXPECT_EQ(s.svg_titles.size(), s.elements.at("svg"));
  for (const auto& t : s.svg_titles) EXPECT_FALSE(t.empty());
  EXPECT_EQ(s.captions.size(), s.elements.at("figure"));  // every chart and table has a caption
  // The charts of each kind (hand count from the inputs): meta corr 2 scatters + bars; meta calib one
  // reliability diagram per measured method (raw, temperature, platt, isotonic); meta bon gold and proxy
  // curves; probe bars; meta pairs bars; reproduce translation bars + heatmap; attribution bars; cite
  // heatmap + lines.
  EXPECT_EQ(occurrences(html, "class=\"fit\""), 2u);
  EXPECT_EQ(occurrences(html, "class=\"diagonal\""), 4u);
  EXPECT_EQ(occurrences(html, "class=\"mark\""), 1u);
  EXPECT_EQ(s.elements.at("svg"), 3u + 4u + 2u + 1u + 1u + 2u + 1u + 2u);
  // One section per input, headed by its kind and file name.
  ASSERT_EQ(s.h2.size(), 8u);
  EXPECT_NE(s.h2[0].find("1. meta corr"), std::string::npos);
  EXPECT_NE(s.h2[0].find("corr.json"), std::string::npos);
  EXPECT_NE(s.h2[7].find("8. cite"), std::string::npos);
  // Self-contained: nothing is loaded from elsewhere, nothing runs.
  for (const char* banned : {"http", "src=", "<script", "<link", "<img", "url(", "@import", "<iframe"})
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  // Text from the inputs is escaped (a fixture cell holds < & and ").
  EXPECT_NE(html.find("length &lt;baseline&gt; &amp; &quot;quotes&quot;"), std::string::npos);
  // A number in a figures table is shown rounded to 4 decimals without trailing zeros (the fixture's 0.56
  // and 0.5), a string as it is ("0.81").
  EXPECT_NE(html.find("<td class=\"num\">0.56</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">0.5</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">0.81</td>"), std::string::npos);
  // The significance clusters of meta corr are a table.
  EXPECT_NE(html.find("Significance clusters (PERM-BOTH"), std::string::npos);
  // Byte for byte the same on a second build.
  EXPECT_EQ(build(files).html, html);
}

TEST_F(ReportBuild, MissingPiecesAreSaidNotFailed) {
  // meta corr without --points: a note instead of scatters; meta calib without reliability bins: a note
  // instead of the diagram.
  write("corr.json", R"({"statistic": "pearson", "level": "sys", "group": "none", "gold": "g", "systems": 3,
      "items": 1, "metrics": [{"metric": "BLEU", "value": 0.5, "groups": 1}]})");
  write("calib.json", R"({"reading": "pointwise", "folds": 2, "seed": 0, "bins": 10, "scorers": [{"name": "m",
      "samples": 4, "methods": [{"method": "raw", "measured": true, "overall": {"ece": 0.1, "ece_equal_mass": 0.1,
      "mce": 0.2, "brier": 0.2, "brier_decomposition": {"reliability": 0.01, "resolution": 0.02,
      "uncertainty": 0.25}, "auc": null, "log_loss": 0.6}}]}]})");
  const auto html = build({"corr.json", "calib.json"}).html;
  EXPECT_EQ(inspect_html(html).error, "");
  EXPECT_NE(html.find("run `trenchcoat meta corr` with --points"), std::string::npos);
  EXPECT_NE(html.find("m, raw: this result has no reliability bins"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
}

TEST_F(ReportBuild, ErrorsNameTheFile) {
  write("unknown.json", R"({"signature": "BLEU|nrefs:1", "score": 20.1})");
  write("broken.json", "{\n  \"kind\": \"cite\",\n  oops\n}\n");
  write("short.json", R"({"kind": "reproduce translation", "figures": [{"type": "bars", "title": "t",
      "categories": ["a", "b"], "series": [{"name": "s", "values": [1]}]}]})");
  write("shape.json", R"({"kind": "cite", "figures": [{"type": "pie", "title": "t"}]})");
  write("corr.json",
        R"({"statistic": "pearson", "gold": "g", "systems": 3, "items": 1, "metrics": [{"metric": "B"}]})");
  const auto path = [&](const char* f) { return (dir_ / f).string(); };
  EXPECT_EQ(error_of([&] { build({"unknown.json"}); }),
            path("unknown.json") + ": not a trenchcoat result JSON (no known shape; the report draws " +
                render::known_result_shapes() + ")");
  EXPECT_EQ(error_of([&] { build({"broken.json"}); }).rfind(path("broken.json") + ":3: not JSON (", 0), 0u);
  EXPECT_EQ(error_of([&] { build({"short.json"}); }),
            path("short.json") +
                ": reproduce translation result: figures[0].series[0].values: has 1 entries for 2 categories");
  EXPECT_EQ(error_of([&] { build({"shape.json"}); }),
            path("shape.json") +
                ": cite result: figures[0].type: unknown figure type 'pie' (table, bars, lines or "
                "heatmap)");
  EXPECT_EQ(error_of([&] { build({"corr.json"}); }),
            path("corr.json") + ": meta corr result: metrics[0].value: missing");
  EXPECT_EQ(error_of([&] { build({"absent.json"}); }).rfind(path("absent.json") + ": cannot open", 0), 0u);
  EXPECT_EQ(error_of([&] { build({}); }), "no input: give at least one result file");
}

TEST(ReportKind, ShapesOfTheCommands) {
  using K = render::ResultKind;
  EXPECT_EQ(render::detect_result_kind(nlohmann::ordered_json::parse(R"({"kind": "cite", "figures": []})")),
            K::figures);
  EXPECT_EQ(render::detect_result_kind(nlohmann::ordered_json::parse(R"({"scorers": [{"scheme": "plain"}]})")),
            K::meta_pairs);
  // A figures array without a kind, or a kind that is not a string, is no known shape.
  EXPECT_FALSE(render::detect_result_kind(nlohmann::ordered_json::parse(R"({"figures": []})")));
  EXPECT_FALSE(render::detect_result_kind(nlohmann::ordered_json::parse(R"({"kind": 1, "figures": []})")));
  EXPECT_FALSE(render::detect_result_kind(nlohmann::ordered_json::parse(R"([1, 2])")));
  EXPECT_FALSE(render::detect_result_kind(nlohmann::ordered_json::parse(R"({"scorers": []})")));
}

}  // namespace
