#pragma once
// `reproduce translation`'s result as JSON ("kind": "reproduce translation", the result's fields and
// "figures": the tables and bars the HTML report draws) and as a Document: how the pairs were built per
// direction, the accuracy table (rows: scorers, the length baseline among them; columns: direction x
// EASY / HARD with percentile bootstrap intervals, the mean of the cells, all pairs, ties), the paired
// significance table, the calibration table, and M-RewardBench's published rows when the data is its own.
// Both are drawn from the same values (figures_of).
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/reproduce_translation.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json reproduce_translation_json(const runs::ReproduceTranslationResult& result);
Document reproduce_translation_document(const runs::ReproduceTranslationResult& result);

}  // namespace trenchcoat::render
