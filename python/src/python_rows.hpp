#pragma once
// Python rows (dicts) as the JSON rows a dataset file gives `trenchcoat score`, so that the Python module
// reads fields exactly as the command line does (scoring/dataset_layout.hpp).
#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <nlohmann/json.hpp>

#include "trenchcoat/io/dataset_rows.hpp"

namespace trenchcoat::python {

// One value: None and float NaN (pandas' missing value) -> null; bool; int (and numpy integers);
// float (and numpy floats); str; a mapping -> object; a list, tuple or numpy array -> array. Anything else
// is a trenchcoat::Error naming the data, the row (1-based) and the field.
nlohmann::ordered_json value_to_json(pybind11::handle value, const std::string& data_name, std::size_t row,
                                     const std::string& field);

// A sequence of mappings as a dataset named `data_name`, row i on "line" i + 1. A row that is not a
// mapping is a trenchcoat::Error naming its position.
io::Dataset rows_to_dataset(pybind11::handle rows, const std::string& data_name);

}  // namespace trenchcoat::python
