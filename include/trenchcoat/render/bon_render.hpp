#pragma once
// `meta bon` results as JSON (inputs, normalisation, estimator, curve, gold peak, fits, notes) and as
// a Document (a heading, the curve table, the peak, the fits and the notes).
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/bon_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json bon_json(const runs::BonResult& result);
Document bon_document(const runs::BonResult& result);

}  // namespace trenchcoat::render
