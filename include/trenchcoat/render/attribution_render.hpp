#pragma once
// `reproduce attribution` results as JSON ("kind": "reproduce attribution", the data and its counts, the
// options, one entry per scorer with its statistics and intervals, the published reference rows, and
// "figures": the comparison table and a bars figure of ROC AUC with intervals and a reference line at
// 0.5, as the HTML report draws them) and as a Document (the data line, the comparison table, the
// paired AUC differences, QAGS's Pearson with the human score, notes). Both are drawn from the same rows
// (attribution_table).
#include <nlohmann/json.hpp>

#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/attribution_run.hpp"

namespace trenchcoat::render {

// The comparison table: scorer, family, ROC AUC [lo, hi], Pearson [lo, hi], balanced accuracy [lo, hi],
// threshold, n, positives; computed rows first, then the published ones.
io::TextTable attribution_table(const runs::AttributionResult& result);

// How a scorer's fitted threshold reads, with four significant digits: "score >= 0.1234", "score <= 12"
// (lower is better), "every summary attributable" (-inf), "no summary attributable" (+inf); empty for the
// majority baseline.
std::string attribution_threshold_rule(const runs::AttributionScorer& scorer);

nlohmann::ordered_json attribution_json(const runs::AttributionResult& result);
Document attribution_document(const runs::AttributionResult& result);

}  // namespace trenchcoat::render
