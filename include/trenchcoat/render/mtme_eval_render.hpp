#pragma once
// `mtme eval` results as JSON (the command's JSON shape) and as a Document: a heading, one row per
// metric with one column per task (value, epsilon, '!' and cluster rank) and per task-set average,
// then the warnings and the skipped metrics.
#include <nlohmann/json.hpp>

#include "trenchcoat/render/document.hpp"
#include "trenchcoat/runs/mtme_eval_run.hpp"

namespace trenchcoat::render {

nlohmann::ordered_json mtme_eval_json(const runs::MtmeEvalResult& result);
Document mtme_eval_document(const runs::MtmeEvalResult& result);

}  // namespace trenchcoat::render
