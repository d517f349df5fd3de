// trenchcoat.Error: trenchcoat::Error raised in Python as a ValueError subclass with the file and line.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <exception>

#include "bindings.hpp"
#include "trenchcoat/error.hpp"

namespace py = pybind11;

namespace trenchcoat::python {

void bind_error(py::module_& m) {
  // Created once and never destroyed: the type must outlive every exception translation, including
  // those during interpreter shutdown.
  static py::handle error_type = py::exception<Error>(m, "Error", PyExc_ValueError).release();
  error_type.attr("__doc__") =
      "Bad input or misuse reported by trenchcoat (a ValueError).\n\n"
      "str(error) is the whole message, e.g. '<data>:3: ...'. Attributes: file (the file or data the error "
      "is about, or None), line (1-based line or row, or None when the error is about no particular line), "
      "message (the message without file and line).";
  error_type.attr("file") = py::none();
  error_type.attr("line") = py::none();
  error_type.attr("message") = "";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      py::object instance = py::reinterpret_borrow<py::object>(error_type)(e.what());
      instance.attr("file") = e.file().empty() ? py::object(py::none()) : py::object(py::str(e.file()));
      instance.attr("line") = e.line() == 0 ? py::object(py::none()) : py::object(py::int_(e.line()));
      instance.attr("message") = py::str(e.message());
      PyErr_SetObject(error_type.ptr(), instance.ptr());
    }
  });
}

}  // namespace trenchcoat::python
