#pragma once
// The report's section of each kind of result (result_kind.hpp): what it draws from the JSON a command
// wrote. Each throws trenchcoat::Error "PATH: what is wrong" for a field it needs that is missing or
// of the wrong type.
#include <string>

#include "result_json.hpp"
#include "trenchcoat/render/html_report.hpp"

namespace trenchcoat::render {

// Scatter of every metric against the gold scores with the least-squares line (from "points", written
// by `meta corr --points`; without them a note says how to get them), the metrics table, the values
// as bars with their bootstrap intervals, and the significance clusters with their p-values.
ReportSection meta_corr_section(const ResultJson& result);
// Per scorer: the methods table (raw and each recalibration: ECE, MCE, Brier and its parts, AUC, log
// loss) and a reliability diagram with bin counts per measured method (a note where a result has no
// bins).
ReportSection meta_calib_section(const ResultJson& result);
// The gold and proxy curves against KL_bon with the gold peak marked (one chart for z-scored results,
// one each otherwise), and the fits.
ReportSection meta_bon_section(const ResultJson& result);
// Failure rates per probe and scorer as bars with their intervals; the mean shifts and skip counts as
// a table.
ReportSection probe_section(const ResultJson& result);
// Accuracy per subset and scorer with intervals, beside the length baseline; the summary table.
ReportSection meta_pairs_section(const ResultJson& result);
// The result's figures in order (table, bars, lines, heatmap), headed by its "kind".
ReportSection figures_section(const ResultJson& result);

// A number as a table shows it: integers without decimals, others with `decimals`.
std::string table_number(double value, int decimals = 4);
// The last path component of a file name ("a/b/c.json" -> "c.json").
std::string base_name(const std::string& path);

}  // namespace trenchcoat::render
