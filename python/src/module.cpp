// The extension module _trenchcoat: the C++ library as the Python package `trenchcoat` uses it.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "trenchcoat/version.hpp"

PYBIND11_MODULE(_trenchcoat, m) {
  m.doc() =
      "The C++ core of the trenchcoat package: scorers, meta-evaluation statistics and probes. Use the "
      "package `trenchcoat`, which wraps these functions in its public API.";
  m.attr("__version__") = trenchcoat::kVersion;
  trenchcoat::python::bind_error(m);
  trenchcoat::python::bind_scorer(m);
  trenchcoat::python::bind_meta(m);
  trenchcoat::python::bind_probes(m);
}
