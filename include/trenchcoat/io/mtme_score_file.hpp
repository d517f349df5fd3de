#pragma once
// mt-metrics-eval score files: one `SYSTEM SCORE` line per item (whitespace separated), the items of
// a system in order, systems one block after another (seg, doc and sys levels). Human scores may say
// `None` for a missing value; metric scores may not.
#include <string>

#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::io {

enum class MissingScores { allowed, refused };

// Reads a score file into a table whose systems are in order of first appearance. Errors name the
// file and line: a line that is not two fields, a score that is not a finite number (or `None` where
// allowed), a system whose scores are split into separate blocks, and systems with different numbers
// of scores (a ragged file).
meta::ScoreTable read_mtme_score_file(const std::string& path, MissingScores missing);

// Writes a table as a score file (tab separated, as mt-metrics-eval writes them; scores as Python's
// repr, missing values as `None`), atomically.
void write_mtme_score_file(const std::string& path, const meta::ScoreTable& table);

}  // namespace trenchcoat::io
