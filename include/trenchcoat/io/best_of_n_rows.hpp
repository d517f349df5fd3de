#pragma once
// A best-of-n study's scored rows read into prompts (meta::BestOfNPrompts, meta/best_of_n_study.hpp).
//
// Reading (read_best_of_n_prompts), the layout chosen from the first row:
//   * one row per prompt: the proxy field holds a list of numbers, one per candidate, and the gold
//     field a list of the same length;
//   * one row per candidate: proxy and gold are numbers; rows are grouped into prompts by the group
//     field (default "prompt_id" when the first row has it, else "prompt"). Prompts are kept in order
//     of first appearance and candidates in row order (the order that breaks proxy ties).
//   Numbers may be JSON numbers or strings (TSV/CSV values are strings), read strictly: the whole
//   string is one decimal number (an optional sign, no spaces, no hex). In TSV/CSV a list is its JSON
//   text ("[0.3, 1.2]", as `trenchcoat score` writes lists there).
//   Direction "lower" negates a score (TER, MQM penalties), so the curve maximises the proxy and
//   reports every score as higher-is-better.
//   Prompts with fewer than min_candidates candidates are left out and counted (0: keep all).
// Errors (trenchcoat::Error naming the file and the row's line): a missing field, null, a value that
// is not a number (or not a list of numbers in the per-prompt layout), NaN or infinite, lists of
// different lengths, an empty list (a prompt with no candidates), a row whose layout differs from the
// first row's, no rows, or no prompt left after min_candidates.
#include <string>

#include "trenchcoat/meta/best_of_n_study.hpp"

namespace trenchcoat::io {

meta::BestOfNPrompts read_best_of_n_prompts(const std::string& path, const meta::BestOfNFields& fields);

}  // namespace trenchcoat::io
