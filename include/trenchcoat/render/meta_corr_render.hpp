#pragma once
// `meta corr` results as JSON (the command's JSON shape) and as a Document (its text tables).
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/meta_corr_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json meta_corr_json(const runs::MetaCorrResult& result);

// A heading (systems x items, statistic, grouping; systems left out; entries dropped), one row per
// metric, the tie notes and warnings of tie-calibrated statistics, the permutation p-value matrix,
// the Williams matrix and the bootstrap note.
Document meta_corr_document(const runs::MetaCorrResult& result);

}  // namespace trenchcoat::render
