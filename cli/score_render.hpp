#pragma once
// The report of `trenchcoat score` and `trenchcoat merge` on standard error: notes on replaced columns,
// the first issue messages of each scorer, the summary lines (runs::score_summary_lines) and the layout
// line, each starting with `command` ("trenchcoat score"); nothing when quiet. Throws ExitError(3) after
// the report when a scorer left more items without a score than --allow-failures allows.
#include <string>

#include "trenchcoat/runs/score_dataset.hpp"

namespace trenchcoat::cli {

void render_score_result(const runs::ScoreDatasetResult& result, const std::string& command, bool quiet);

}  // namespace trenchcoat::cli
