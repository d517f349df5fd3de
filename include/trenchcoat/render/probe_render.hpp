#pragma once
// `probe` results as JSON (data, layout, scorers, probes with their results) and as a Document (a
// heading, one row per probe and scorer, the skip counts). The run writes the variants file itself.
#include <nlohmann/json.hpp>
#include <string>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/probe_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json probe_json(const runs::ProbeResult& result);
Document probe_document(const runs::ProbeResult& result);

}  // namespace trenchcoat::render
