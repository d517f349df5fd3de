// Scorer: a scorer from the registry, scoring rows given as Python dicts the way `trenchcoat score`
// reads the rows of a file (layout detection, --fields, --missing, --empty), with the per-item sufficient
// statistics of its corpus score so that batches scored anywhere merge into the single-run value.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "python_rows.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/registry/scorer_spec.hpp"

namespace py = pybind11;

namespace trenchcoat::python {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string direction_name(scoring::Direction d) {
  return d == scoring::Direction::lower_is_better ? "lower_is_better" : "higher_is_better";
}

py::list option_list(const std::vector<scoring::OptionInfo>& options) {
  py::list out;
  for (const auto& o : options) {
    py::dict d;
    d["name"] = o.name;
    d["type"] = std::string(scoring::option_type_name(o.type));
    d["default"] = o.default_value;
    d["required"] = o.required;
    d["unset"] = o.unset;
    d["choices"] = o.choices;
    py::dict aliases;
    for (const auto& [spelling, value] : o.aliases) aliases[py::str(spelling)] = value;
    d["aliases"] = aliases;
    d["minimum"] = o.minimum ? py::object(py::float_(*o.minimum)) : py::object(py::none());
    d["maximum"] = o.maximum ? py::object(py::float_(*o.maximum)) : py::object(py::none());
    d["description"] = o.description;
    out.append(d);
  }
  return out;
}

enum class Policy { error, skip, score_empty };

// An item of the batch: which row and which completion of it (0: the row's item or chosen, 1: rejected).
struct Origin {
  std::size_t row = 0;
  int slot = 0;
};

struct Issue {
  std::size_t row = 0;
  int slot = -1;  // -1: the row's only item
  std::string message;
};

// What one scoring call gives back before conversion to Python objects (built without the GIL).
struct RowsResult {
  std::size_t rows = 0;
  int slots = 1;               // 2: preference rows scored by a pointwise scorer (chosen and rejected)
  std::vector<double> scores;  // rows x slots
  std::vector<double> stats;   // rows x slots x width, NaN where an item has none; empty without aggregate
  std::size_t width = 0;
  std::vector<Issue> issues;
  std::map<std::string, std::vector<double>> details;  // name -> rows x slots
  std::string layout;
};

class PyScorer {
 public:
  PyScorer(const std::string& name, const std::map<std::string, std::string>& options) {
    py::gil_scoped_release release;  // neural scorers read their weights here
    entry_ = &registry::find_scorer(name);
    scorer_ = registry::make_scorer(name, options);
    aggregate_ = scorer_->corpus_aggregate();
    options_ = options;
  }

  py::dict info() const {
    const auto& i = scorer_->info();
    py::dict d;
    d["name"] = entry_->name;
    d["display_name"] = entry_->display_name;
    d["summary"] = entry_->summary;
    d["description"] = i.description;
    d["direction"] = direction_name(i.direction);
    d["kind"] = i.kind == scoring::ScorerKind::pairwise ? "pairwise" : "pointwise";
    d["required_fields"] = i.required_fields;
    d["options"] = option_list(entry_->options);
    d["given_options"] = options_;
    d["corpus"] = aggregate_ ? py::object(py::str(aggregate_->name())) : py::object(py::none());
    d["statistics_size"] = aggregate_ ? aggregate_->stats_size() : 0;
    return d;
  }

  std::string signature() const { return scorer_->signature(); }

  py::dict score_rows(py::handle rows, const std::map<std::string, std::string>& fields, const std::string& missing,
                      const std::string& empty, const std::string& data_name) const {
    const Policy missing_policy = parse_policy("missing", missing, "empty");
    const Policy empty_policy = parse_policy("empty", empty, "score");
    io::Dataset dataset = rows_to_dataset(rows, data_name);  // with the GIL: reads Python objects
    RowsResult r;
    {
      py::gil_scoped_release release;
      r = score_dataset(dataset, fields, missing_policy, empty_policy);
    }
    return to_python(r);
  }

  // The corpus score of per-item statistics (rows of `stats`, in order; a row whose first value is NaN has
  // none and is left out), summed one item at a time as CorpusAccumulator sums them: bit for bit the score
  // of one call over the same items. Returns (score or None, items with statistics, items without).
  py::tuple corpus_score_from_statistics(py::array_t<double, py::array::c_style | py::array::forcecast> stats) const {
    if (!aggregate_) throw Error("scorer '" + entry_->name + "' defines no corpus score");
    const std::size_t width = aggregate_->stats_size();
    if (stats.ndim() < 1 || stats.shape(stats.ndim() - 1) != static_cast<py::ssize_t>(width))
      throw Error("corpus score: statistics must have " + std::to_string(width) + " values per item (scorer '" +
                  entry_->name + "'), in the last dimension");
    const std::size_t n = width == 0 ? 0 : static_cast<std::size_t>(stats.size()) / width;
    const double* data = stats.data();
    std::vector<double> sums(width, 0.0);
    std::size_t items = 0, without = 0;
    std::optional<double> score;
    {
      py::gil_scoped_release release;
      for (std::size_t i = 0; i < n; ++i) {
        const double* row = data + i * width;
        if (std::isnan(row[0])) {
          ++without;
          continue;
        }
        for (std::size_t k = 0; k < width; ++k) sums[k] += row[k];
        ++items;
      }
      if (items > 0) score = aggregate_->score_from_stats(sums);
    }
    return py::make_tuple(score ? py::object(py::float_(*score)) : py::object(py::none()), items, without);
  }

 private:
  static Policy parse_policy(const std::string& what, const std::string& name, const std::string& third) {
    if (name == "error") return Policy::error;
    if (name == "skip") return Policy::skip;
    if (name == third) return Policy::score_empty;
    throw Error(what + "='" + name + "': expected 'error', 'skip' or '" + third + "'");
  }

  RowsResult score_dataset(const io::Dataset& dataset, const std::map<std::string, std::string>& fields,
                           Policy missing_policy, Policy empty_policy) const {
    RowsResult r;
    r.rows = dataset.rows.size();
    r.width = aggregate_ ? aggregate_->stats_size() : 0;
    const auto& info = scorer_->info();
    if (dataset.rows.empty()) {
      r.layout = "no rows";
      return r;
    }
    scoring::FieldOverrides overrides;
    for (const auto& [name, column] : fields) {
      if (column.find(',') != std::string::npos)
        throw Error("fields: column '" + column + "' holds a comma, which field names cannot");
      for (auto& [k, v] : scoring::parse_field_overrides(name + "=" + column)) overrides[k] = v;
    }
    const auto layout = scoring::detect_layout(dataset, overrides);
    r.layout = layout.describe();
    const auto available = layout.available_fields();
    for (const auto& field : info.required_fields)
      if (std::find(available.begin(), available.end(), field) == available.end())
        throw Error(dataset.name, 0,
                    "scorer '" + entry_->name + "' needs the field '" + field +
                        "', which these rows do not have (layout: " + layout.describe() +
                        "; name the column with fields={'" + field + "': COLUMN})");
    const bool pairwise = info.kind == scoring::ScorerKind::pairwise;
    r.slots = layout.is_preference() && !pairwise ? 2 : 1;
    const std::size_t cells = r.rows * static_cast<std::size_t>(r.slots);
    r.scores.assign(cells, kNaN);
    if (aggregate_) r.stats.assign(cells * r.width, kNaN);

    std::vector<scoring::Item> items;
    std::vector<Origin> origins;
    items.reserve(cells);
    origins.reserve(cells);
    for (std::size_t row = 0; row < r.rows; ++row) {
      const scoring::RowItems mapped = scoring::map_row(dataset, dataset.rows[row], layout);
      for (int slot = 0; slot < r.slots; ++slot) {
        const scoring::Item& item = slot == 0 ? mapped.chosen : mapped.rejected;
        const auto& absent = slot == 0 ? mapped.chosen_missing : mapped.rejected_missing;
        const std::string which =
            r.slots == 2 ? (slot == 0 ? "the chosen completion's " : "the rejected completion's ") : "";
        const int issue_slot = r.slots == 2 ? slot : -1;
        std::string lacking;
        for (const auto& field : info.required_fields)
          if (std::find(absent.begin(), absent.end(), field) != absent.end()) lacking = field;
        if (!lacking.empty()) {
          if (missing_policy == Policy::error)
            throw Error(dataset.name, dataset.rows[row].line,
                        which + "'" + lacking + "' is missing (absent, None or NaN; scorer '" + entry_->name +
                            "' reads it; missing='skip' or 'empty' to go on)");
          if (missing_policy == Policy::skip) {
            r.issues.push_back({row, issue_slot, which + "'" + lacking + "' is missing (missing='skip')"});
            continue;
          }
        } else {
          std::string blank;
          for (const auto& field : info.required_fields)
            if (!scoring::has_text(item, field)) blank = field;
          if (!blank.empty() && empty_policy != Policy::score_empty) {
            if (empty_policy == Policy::error)
              throw Error(dataset.name, dataset.rows[row].line,
                          which + "'" + blank + "' is empty (scorer '" + entry_->name +
                              "' reads it; empty='score' or 'skip' to go on)");
            r.issues.push_back({row, issue_slot, which + "'" + blank + "' is empty (empty='skip')"});
            continue;
          }
        }
        items.push_back(item);
        origins.push_back({row, slot});
      }
    }
    if (items.empty()) return r;

    const scoring::ScoreResult result = scorer_->score(items);
    if (result.item_scores.size() != items.size())
      throw Error("scorer '" + entry_->name + "' returned " + std::to_string(result.item_scores.size()) +
                  " scores for " + std::to_string(items.size()) + " items");
    std::vector<double> row_stats(r.width);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::size_t cell = origins[i].row * r.slots + origins[i].slot;
      r.scores[cell] = result.item_scores[i];
      if (aggregate_ && aggregate_->item_statistics(result, i, row_stats))
        std::copy(row_stats.begin(), row_stats.end(), r.stats.begin() + static_cast<std::ptrdiff_t>(cell * r.width));
    }
    for (const auto& issue : result.issues) {
      const Origin& o = origins.at(issue.item);
      r.issues.push_back({o.row, r.slots == 2 ? o.slot : -1, issue.message});
    }
    for (const auto& detail : result.item_details) {
      std::vector<double> values(cells, kNaN);
      for (std::size_t i = 0; i < items.size() && i < detail.values.size(); ++i)
        values[origins[i].row * r.slots + origins[i].slot] = detail.values[i];
      r.details[detail.name] = std::move(values);
    }
    std::stable_sort(r.issues.begin(), r.issues.end(),
                     [](const Issue& a, const Issue& b) { return a.row != b.row ? a.row < b.row : a.slot < b.slot; });
    return r;
  }

  static py::array_t<double> to_array(const std::vector<double>& values, std::vector<py::ssize_t> shape) {
    py::array_t<double> out(shape);
    std::copy(values.begin(), values.end(), out.mutable_data());
    return out;
  }

  py::dict to_python(const RowsResult& r) const {
    std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(r.rows)};
    if (r.slots == 2) shape.push_back(2);
    py::dict d;
    d["scores"] = to_array(r.scores, shape);
    if (aggregate_) {
      std::vector<py::ssize_t> stats_shape = shape;
      stats_shape.push_back(static_cast<py::ssize_t>(r.width));
      std::vector<double> stats = r.stats;
      if (stats.empty()) stats.assign(r.rows * r.slots * r.width, kNaN);
      d["statistics"] = to_array(stats, stats_shape);
    } else {
      d["statistics"] = py::none();
    }
    py::list issues;
    for (const auto& issue : r.issues)
      issues.append(py::make_tuple(
          issue.row,
          issue.slot < 0 ? py::object(py::none()) : py::object(py::str(issue.slot == 0 ? "chosen" : "rejected")),
          issue.message));
    d["issues"] = issues;
    py::dict details;
    for (const auto& [name, values] : r.details) details[py::str(name)] = to_array(values, shape);
    d["details"] = details;
    d["layout"] = r.layout;
    return d;
  }

  const registry::ScorerEntry* entry_ = nullptr;
  std::unique_ptr<scoring::Scorer> scorer_;
  std::shared_ptr<const scoring::CorpusAggregate> aggregate_;
  std::map<std::string, std::string> options_;
};

}  // namespace

void bind_scorer(py::module_& m) {
  m.def(
      "parse_scorer_spec",
      [](const std::string& spec) {
        const registry::ScorerSpec parsed = registry::parse_scorer_spec(spec);
        return py::make_tuple(parsed.name, parsed.options, parsed.column);
      },
      py::arg("spec"),
      "Splits a scorer spec NAME[:key=value,...] (values quoted with \"...\" or '...' to hold commas; as=COLUMN "
      "names an output column) into (name, options, column); raises trenchcoat.Error for a malformed spec.");
  m.def(
      "format_scorer_spec",
      [](const std::string& name, const std::map<std::string, std::string>& options, const std::string& column) {
        return registry::format_scorer_spec({name, column, options});
      },
      py::arg("name"), py::arg("options"), py::arg("column") = std::string(),
      "The spec that parse_scorer_spec reads back as (name, options, column), values quoted where needed.");
  m.def("scorer_names", &registry::scorer_names, "The names of every scorer, in the registry's order.");
  m.def(
      "scorer_entries",
      []() {
        py::list out;
        for (const auto& e : registry::scorer_registry()) {
          py::dict d;
          d["name"] = e.name;
          d["display_name"] = e.display_name;
          d["summary"] = e.summary;
          d["options"] = option_list(e.options);
          out.append(d);
        }
        return out;
      },
      "Every scorer of the registry: name, display_name, summary and options (name, type, default, required, "
      "unset, choices, aliases, minimum, maximum, description).");
  py::class_<PyScorer>(m, "Scorer",
                       "A scorer from the registry (the low-level class; use trenchcoat.Scorer). Safe to use from "
                       "several threads at once: scoring releases the GIL.")
      .def(py::init<const std::string&, const std::map<std::string, std::string>&>(), py::arg("name"),
           py::arg("options") = std::map<std::string, std::string>{},
           "Builds the scorer `name` with its options (strings by name). Raises trenchcoat.Error for an unknown "
           "name or option.")
      .def_property_readonly("info", &PyScorer::info, "What the scorer is: a dict (see trenchcoat.ScorerInfo).")
      .def_property_readonly("signature", &PyScorer::signature,
                             "The signature: every option that changes scores, and the version.")
      .def("score_rows", &PyScorer::score_rows, py::arg("rows"), py::arg("fields"), py::arg("missing"),
           py::arg("empty"), py::arg("data_name"),
           "Scores a sequence of dict rows; returns a dict with scores, statistics, issues, details and layout. "
           "The GIL is released while the rows are mapped and scored.")
      .def("corpus_score_from_statistics", &PyScorer::corpus_score_from_statistics, py::arg("statistics"),
           "(score or None, items, items without statistics) of per-item statistics summed in order.");
}

}  // namespace trenchcoat::python
