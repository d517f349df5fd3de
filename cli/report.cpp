// trenchcoat report: draw the JSON results of trenchcoat commands as one self-contained HTML page.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "subcommands.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/render/report_builder.hpp"
#include "trenchcoat/render/result_kind.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat report: draw the JSON results of trenchcoat commands (-f json, the default) as one HTML page.\n"
    "\n"
    "The page is self-contained (inline SVG and CSS; no scripts, fonts, images or style sheets from elsewhere)\n"
    "and the same bytes for the same inputs: it shows the inputs' names as given and no date unless --date gives\n"
    "one. One section per --in file, in the order given; the kind of each result is told by its shape:\n"
    "  meta corr     the metrics table and values with intervals, the significance clusters with p-values, and\n"
    "                (with `meta corr --points`) a scatter of each metric against the gold scores with the\n"
    "                least-squares line\n"
    "  meta calib    per scorer the methods table (before and after recalibration) and a reliability diagram\n"
    "                with bin counts per method\n"
    "  meta bon      gold and proxy score of the best of k against KL_bon, the gold peak marked; the fits\n"
    "  meta pairs    accuracy per subset and scorer with bootstrap intervals, beside the length baseline\n"
    "  probe         failure rate per probe and scorer with intervals; mean shifts and skips\n"
    "  kind+figures  results of reproduce translation, reproduce attribution and cite: each figure (table,\n"
    "                bars, lines, heatmap) in order\n"
    "A file of any other shape is an error naming it. The page is written to a temporary file and renamed into\n"
    "place, so an error leaves no partial page; an existing --out is replaced only with --overwrite.\n"
    "\n"
    "Example:\n"
    "  trenchcoat meta corr --gold en-de.mqm.seg.score --metric BLEU=BLEU.seg.score --points > corr.json\n"
    "  trenchcoat probe --data refs.tsv --scorer chrf --scorer length --language de > probe.json\n"
    "  trenchcoat report --in corr.json --in probe.json --out report.html\n";

}  // namespace

int run_report(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat report"};
  std::vector<std::string> inputs;
  std::string out, title = "trenchcoat report", date;
  bool overwrite = false;
  app.add_option("--in", inputs, "Result JSON files, repeatable; drawn in the order given")
      ->required()
      ->expected(1, -1);
  app.add_option("--out", out, "The HTML page to write (- for standard output)")->required();
  app.add_option("--title", title, "The page's title")->capture_default_str();
  app.add_option("--date", date, "A date (or any line) shown under the title; none by default");
  app.add_flag("--overwrite", overwrite, "Replace an existing --out file");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat report")) return 0;

  std::vector<io::NamedInput> named;
  for (const auto& in : inputs) named.push_back({"--in", in});
  io::check_output_files({out}, named, overwrite);  // before any work
  render::ReportRequest request;
  request.inputs = inputs;
  request.title = title;
  request.date = date;
  const render::ReportResult result = render::build_report(request);
  if (out == "-") {
    std::fputs(result.html.c_str(), stdout);
    return 0;
  }
  io::write_file_atomically(out, result.html);
  std::string kinds;
  for (const auto& in : result.inputs) kinds += (kinds.empty() ? "" : ", ") + in.kind;
  std::printf("%s: %zu result%s (%s), %zu bytes\n", out.c_str(), result.inputs.size(),
              result.inputs.size() == 1 ? "" : "s", kinds.c_str(), result.html.size());
  return 0;
}

}  // namespace trenchcoat::cli
