#pragma once
// `cite` results as JSON ("kind": "cite", the counts, matrix, shares, trends, overlaps, bridges, every
// paper's label, and "figures" in the result-figures shape the HTML report draws: tables, a heatmap of
// observed / expected, lines of the per-year trends) and as a Document (the same tables; with
// list_papers, one row per paper with its group and why).
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/cite_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json cite_json(const runs::CiteResult& result);
Document cite_document(const runs::CiteResult& result, bool list_papers = false);

}  // namespace trenchcoat::render
