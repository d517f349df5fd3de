#pragma once
// Reading a command's JSON result for the report: a node with its path ("metrics[2].value"), so that a
// result of a known shape with a field missing or of the wrong type gets an error naming the field.
// Errors are trenchcoat::Error with "PATH: what is wrong"; the report adds the file's name.
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::render {

class ResultJson {
 public:
  ResultJson(const nlohmann::ordered_json& node, std::string path) : node_(&node), path_(std::move(path)) {}

  const nlohmann::ordered_json& node() const { return *node_; }
  const std::string& path() const { return path_; }
  bool has(const std::string& key) const { return node_->is_object() && node_->contains(key); }
  // Present and not null.
  bool given(const std::string& key) const { return has(key) && !(*node_)[key].is_null(); }

  ResultJson at(const std::string& key) const {
    if (!node_->is_object()) fail(path_, "not an object");
    const auto it = node_->find(key);
    if (it == node_->end()) fail(child(key), "missing");
    return {*it, child(key)};
  }
  // The elements of the array at `key`.
  std::vector<ResultJson> items(const std::string& key) const { return at(key).elements(); }
  std::vector<ResultJson> elements() const {
    if (!node_->is_array()) fail(path_, "not an array");
    std::vector<ResultJson> out;
    for (std::size_t i = 0; i < node_->size(); ++i)
      out.emplace_back((*node_)[i], path_ + "[" + std::to_string(i) + "]");
    return out;
  }
  // This node as a number; null (how JSON writes NaN) reads as NaN.
  double number() const {
    if (node_->is_null()) return std::nan("");
    if (!node_->is_number()) fail(path_, "not a number");
    return node_->get<double>();
  }
  double number(const std::string& key) const { return at(key).number(); }
  // Absent or null: nullopt.
  std::optional<double> optional_number(const std::string& key) const {
    if (!given(key)) return std::nullopt;
    return at(key).number();
  }
  std::string string() const {
    if (!node_->is_string()) fail(path_, "not a string");
    return node_->get<std::string>();
  }
  std::string string(const std::string& key) const { return at(key).string(); }
  std::string optional_string(const std::string& key) const { return given(key) ? string(key) : std::string(); }
  std::vector<std::string> strings(const std::string& key) const {
    std::vector<std::string> out;
    for (const auto& e : items(key)) out.push_back(e.string());
    return out;
  }
  // An array of numbers or nulls (nullopt).
  std::vector<std::optional<double>> optional_numbers(const std::string& key) const {
    std::vector<std::optional<double>> out;
    for (const auto& e : items(key)) {
      if (e.node().is_null()) {
        out.emplace_back();
      } else {
        out.emplace_back(e.number());
      }
    }
    return out;
  }
  std::vector<double> numbers(const std::string& key) const {
    std::vector<double> out;
    for (const auto& e : items(key)) out.push_back(e.number());
    return out;
  }

  [[noreturn]] static void fail(const std::string& path, const std::string& what) { throw Error(path + ": " + what); }

 private:
  std::string child(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const nlohmann::ordered_json* node_;
  std::string path_;
};

}  // namespace trenchcoat::render
