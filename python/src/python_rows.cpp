#include "python_rows.hpp"

#include <Python.h>

#include <cmath>

#include "trenchcoat/error.hpp"

namespace py = pybind11;

namespace trenchcoat::python {
namespace {

// Calls f(key, value) for every entry of a dict (fast path) or other mapping, in its order.
template <class F>
void for_each_entry(py::handle mapping, F&& f) {
  if (PyDict_Check(mapping.ptr())) {
    for (auto entry : py::reinterpret_borrow<py::dict>(mapping)) f(entry.first, entry.second);
    return;
  }
  for (auto entry : mapping.attr("items")()) {
    auto pair = entry.cast<py::tuple>();
    f(pair[0], pair[1]);
  }
}

bool is_mapping(py::handle value) {
  return PyDict_Check(value.ptr()) || (PyMapping_Check(value.ptr()) && py::hasattr(value, "items"));
}

}  // namespace

nlohmann::ordered_json value_to_json(py::handle value, const std::string& data_name, std::size_t row,
                                     const std::string& field) {
  if (value.is_none()) return nullptr;
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True;
  if (PyUnicode_Check(value.ptr())) return value.cast<std::string>();
  if (PyLong_Check(value.ptr())) return value.cast<long long>();
  if (PyFloat_Check(value.ptr())) {
    const double v = value.cast<double>();
    if (std::isnan(v)) return nullptr;
    return v;
  }
  if (is_mapping(value)) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for_each_entry(value, [&](py::handle key, py::handle v) {
      object[py::str(key).cast<std::string>()] = value_to_json(v, data_name, row, field);
    });
    return object;
  }
  if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr()) || py::hasattr(value, "__array__")) {
    // numpy scalars have __array__ too: read them as the number they are.
    if (py::hasattr(value, "ndim") && value.attr("ndim").cast<int>() == 0) {
      if (PyIndex_Check(value.ptr())) return value.attr("__index__")().cast<long long>();
      const double v = value.attr("__float__")().cast<double>();
      if (std::isnan(v)) return nullptr;
      return v;
    }
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (auto element : value) array.push_back(value_to_json(element, data_name, row, field));
    return array;
  }
  if (PyIndex_Check(value.ptr())) return value.attr("__index__")().cast<long long>();
  if (PyNumber_Check(value.ptr()) && py::hasattr(value, "__float__")) {
    const double v = value.attr("__float__")().cast<double>();
    if (std::isnan(v)) return nullptr;
    return v;
  }
  // pandas' missing values other than NaN (pd.NA, pd.NaT) are missing fields too.
  const std::string type_name = py::str(value.get_type().attr("__name__"));
  if (type_name == "NAType" || type_name == "NaTType") return nullptr;
  throw Error(data_name, row,
              "field '" + field + "': a value of type " +
                  py::str(value.get_type().attr("__name__")).cast<std::string>() +
                  ", which is not text, a number, a list or a dict");
}

io::Dataset rows_to_dataset(py::handle rows, const std::string& data_name) {
  io::Dataset dataset;
  dataset.name = data_name;
  dataset.format = io::DatasetFormat::jsonl;
  std::size_t line = 0;
  for (auto row : rows) {
    ++line;
    if (!is_mapping(row))
      throw Error(
          data_name, line,
          "a row of type " + py::str(row.get_type().attr("__name__")).cast<std::string>() + ", not a dict of fields");
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for_each_entry(row, [&](py::handle key, py::handle value) {
      const std::string name = py::str(key).cast<std::string>();
      object[name] = value_to_json(value, data_name, line, name);
    });
    dataset.rows.push_back({line, std::move(object)});
  }
  return dataset;
}

}  // namespace trenchcoat::python
