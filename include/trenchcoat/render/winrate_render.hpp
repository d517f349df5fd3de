#pragma once
// `meta winrate` results as JSON (data, sides, win_rate, length_controlled, notes) and as a Document
// (lines only: the win rate, the LC win rate with theta, the notes).
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/winrate_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json winrate_json(const runs::WinrateResult& result);
Document winrate_document(const runs::WinrateResult& result);

}  // namespace trenchcoat::render
