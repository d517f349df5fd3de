#pragma once
// The pieces of the extension module _trenchcoat, one per file, each adding its functions and classes to
// the module. The bindings only convert arguments and results and release the GIL around library calls;
// the pure-Python package (python/trenchcoat) builds the public API on top of them.
#include <pybind11/pybind11.h>

namespace trenchcoat::python {

void bind_error(pybind11::module_& m);   // error_binding.cpp: trenchcoat.Error
void bind_scorer(pybind11::module_& m);  // scorer_binding.cpp: Scorer, scorer_names
void bind_meta(pybind11::module_& m);    // meta_binding.cpp: correlations, accuracy, calibration, best-of-n
void bind_probes(pybind11::module_& m);  // probe_binding.cpp: probe_names, probe_info, apply_probe

}  // namespace trenchcoat::python
