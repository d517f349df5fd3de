#pragma once
// `meta calib` results as JSON (input, reading, ties, folds, binning, one study per scorer) and as a
// Document (the reading, then per scorer its counts, the method table, notes, subsets and, with
// `reliability`, each method's reliability diagram).
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/calib_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json calib_json(const runs::CalibResult& result);
Document calib_document(const runs::CalibResult& result, bool reliability);

}  // namespace trenchcoat::render
