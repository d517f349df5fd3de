#pragma once
// Scores of systems on items: the data every meta-evaluation statistic reads. An item is a segment,
// a document, a domain, or the single item of system level. Values are stored system-major
// (value(s, i) = values[s * num_items + i]), as mt-metrics-eval's Correlation does, and a missing
// value (a gold score nobody gave) is NaN.
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace trenchcoat::meta {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double v) { return std::isnan(v); }

class ScoreTable {
 public:
  ScoreTable() = default;
  ScoreTable(std::vector<std::string> systems, std::size_t num_items);

  std::size_t num_systems() const { return systems_.size(); }
  std::size_t num_items() const { return num_items_; }
  const std::vector<std::string>& systems() const { return systems_; }
  std::optional<std::size_t> system_index(const std::string& name) const;

  double value(std::size_t system, std::size_t item) const { return values_[system * num_items_ + item]; }
  void set(std::size_t system, std::size_t item, double v) { values_[system * num_items_ + item] = v; }
  // The scores of one system, in item order.
  const double* row(std::size_t system) const { return values_.data() + system * num_items_; }
  const std::vector<double>& values() const { return values_; }

  // A table with only the named systems, in the order given; every name must exist.
  ScoreTable select(const std::vector<std::string>& systems) const;

 private:
  std::vector<std::string> systems_;
  std::size_t num_items_ = 0;
  std::vector<double> values_;
};

}  // namespace trenchcoat::meta
