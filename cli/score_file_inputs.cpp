#include "score_file_inputs.hpp"

#include <algorithm>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_score_file.hpp"

namespace trenchcoat::cli {
namespace {

// --metric NAME=FILE, read and narrowed to the evaluated systems.
MetricScores read_metric(const std::string& spec, const std::vector<std::string>& systems, std::size_t num_items,
                         meta::MissingPolicy missing) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    throw ExitError(2, "--metric needs NAME=FILE, got '" + spec + "'");
  MetricScores m{spec.substr(0, eq), spec.substr(eq + 1), {}};
  meta::ScoreTable all;
  try {
    all = io::read_mtme_score_file(
        m.path, missing == meta::MissingPolicy::error ? io::MissingScores::refused : io::MissingScores::allowed);
  } catch (const Error& e) {
    if (missing != meta::MissingPolicy::error || e.message().find("missing score") == std::string::npos) throw;
    throw ExitError(
        1, Error(e.file(), e.line(), e.message() + " (give --missing drop to leave such scores out; see --help)"));
  }
  for (const auto& s : systems)
    if (!all.system_index(s))
      throw ExitError(1, Error(m.path, 0, "no scores for system '" + s + "' (it has gold scores)"));
  if (all.num_items() != num_items)
    throw ExitError(1, Error(m.path, 0,
                             std::to_string(all.num_items()) + " scores per system, but the gold file has " +
                                 std::to_string(num_items)));
  m.table = all.select(systems);
  return m;
}

}  // namespace

GoldAndMetrics read_gold_and_metrics(const std::string& gold_path, const std::vector<std::string>& metric_args,
                                     const std::string& systems_arg, const std::string& exclude_arg,
                                     meta::MissingPolicy missing) {
  const meta::ScoreTable gold_all = io::read_mtme_score_file(gold_path, io::MissingScores::allowed);
  std::vector<std::string> systems = systems_arg.empty() ? gold_all.systems() : split_comma_list(systems_arg);
  const auto excluded = split_comma_list(exclude_arg);
  for (const auto& s : excluded)
    if (!gold_all.system_index(s))
      throw ExitError(1, Error(gold_path, 0, "--exclude names system '" + s + "', which has no scores here"));
  std::erase_if(systems,
                [&](const std::string& s) { return std::find(excluded.begin(), excluded.end(), s) != excluded.end(); });
  for (const auto& s : systems)
    if (!gold_all.system_index(s)) throw ExitError(1, Error(gold_path, 0, "no scores for system '" + s + "'"));
  // mt-metrics-eval leaves out systems whose gold is missing everywhere; so do we, and say so.
  GoldAndMetrics out;
  std::erase_if(systems, [&](const std::string& s) {
    const std::size_t index = *gold_all.system_index(s);
    for (std::size_t i = 0; i < gold_all.num_items(); ++i)
      if (!meta::is_missing(gold_all.value(index, i))) return false;
    out.without_gold.push_back(s);
    return true;
  });
  if (systems.size() < 2) throw ExitError(1, Error(gold_path, 0, "fewer than two systems with gold scores to compare"));
  out.gold = gold_all.select(systems);
  for (const std::string& spec : metric_args) {
    out.metrics.push_back(read_metric(spec, systems, out.gold.num_items(), missing));
    for (std::size_t i = 0; i + 1 < out.metrics.size(); ++i)
      if (out.metrics[i].name == out.metrics.back().name)
        throw ExitError(2, "--metric name '" + out.metrics.back().name + "' is given twice");
  }
  return out;
}

}  // namespace trenchcoat::cli
