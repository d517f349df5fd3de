#pragma once
// A YAML file (e.g. COMET's hparams.yaml) read into JSON values through yaml-cpp. Plain scalars are
// typed as YAML 1.1 readers (PyYAML's safe_load) type them for the cases COMET's files use: null/~,
// true/false, integers, floats (incl. 1.0e-06); quoted scalars stay strings.
#include <string>

#include <nlohmann/json.hpp>

namespace trenchcoat::neural {

// Throws trenchcoat::Error naming the file (and line) when it is missing or not valid YAML.
nlohmann::json read_yaml_file(const std::string& path);

}  // namespace trenchcoat::neural
