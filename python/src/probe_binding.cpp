// Probes: the deterministic damaged variants of a good output that `trenchcoat probe` scores.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>

#include "bindings.hpp"
#include "trenchcoat/probes/probe.hpp"

namespace py = pybind11;

namespace trenchcoat::python {

void bind_probes(py::module_& m) {
  m.def("probe_names", &probes::probe_names, "The names of every probe, in order.");
  m.def(
      "probe_info",
      [](const std::string& name) {
        const auto probe = probes::make_probe(name);
        const auto& i = probe->info();
        py::dict d;
        d["name"] = i.name;
        d["description"] = i.description;
        d["languages"] = i.languages;
        d["needs_source"] = i.needs_source;
        return d;
      },
      py::arg("name"), "What a probe does: name, description, languages (empty: any), needs_source.");
  m.def(
      "apply_probe",
      [](const std::string& name, const std::string& candidate, const std::string& source, const std::string& prompt,
         const std::string& language, std::uint64_t seed, std::uint64_t index) {
        const auto probe = probes::make_probe(name);
        probes::ProbeOutcome outcome;
        {
          py::gil_scoped_release release;
          outcome = probe->apply({candidate, source, prompt, language},
                                 probes::probe_item_seed(seed, probe->info().name, index));
        }
        return py::make_tuple(outcome.variant ? py::object(py::str(*outcome.variant)) : py::object(py::none()),
                              outcome.skip_reason);
      },
      py::arg("name"), py::arg("candidate"), py::arg("source") = "", py::arg("prompt") = "", py::arg("language") = "",
      py::arg("seed") = 0, py::arg("index") = 0,
      "(variant or None, skip reason) of probe `name` on one item; item `index` of a run seeded with `seed`.");
}

}  // namespace trenchcoat::python
