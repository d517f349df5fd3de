#pragma once
// Values of dataset rows (dataset_rows.hpp) read as numbers and texts, the same way by every command
// that reads scored rows (`meta calib`, `meta winrate`): JSON numbers as they are, and strings that
// are one decimal number in full (TSV and CSV values are strings), read strictly (no spaces, no hex).
#include <optional>
#include <string>

#include "trenchcoat/io/dataset_rows.hpp"

namespace trenchcoat::io {

struct RowNumberRules {
  // An absent or null field, or a string "", "None", "null", "NaN" or "nan", or a JSON NaN, is
  // missing (std::nullopt); otherwise it is an error.
  bool allow_missing = false;
  // true / false (JSON booleans, or the strings true, True, false, False) read as 1 / 0 (labels).
  bool allow_bool = false;
};

// The number in a row's field. Errors (trenchcoat::Error naming the file and the row's line): an
// absent or missing value where not allowed, a value that is not a number, an infinite number.
std::optional<double> row_number(const Dataset& dataset, const DatasetRow& row, const std::string& field,
                                 const RowNumberRules& rules = {});

// A row's field as text: a string as it is, null or absent as "", anything else as its JSON text
// (ids that are numbers).
std::string row_text(const DatasetRow& row, const std::string& field);

}  // namespace trenchcoat::io
