#pragma once
// `meta pairs` results as JSON (one scorer's result as an object; several as {"scorers": [...]}) and
// as a Document: with several scorers a comparison table first, then each scorer's headline, notes,
// section / language / subset tables, both-orders statistics and length-bias analysis.
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/pairs_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json pairs_json(const runs::PairsResult& result);
Document pairs_document(const runs::PairsResult& result);

}  // namespace trenchcoat::render
