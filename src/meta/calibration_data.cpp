#include "trenchcoat/meta/calibration_data.hpp"

#include <cmath>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {
namespace {

constexpr const char* kMissingHint =
    "--missing drop leaves such pairs out, --missing tie reads them as no preference (difference 0)";

// Adds one pair with the given human label (1, 0, or 1/2 for a tie) unless it is a dropped tie.
void add_pair(CalibrationData& data, double difference, double label, std::size_t group, const std::string& subset,
              TieHandling ties) {
  if (label == 0.5) {
    ++data.ties;
    if (ties == TieHandling::drop) {
      ++data.dropped_ties;
      return;
    }
  }
  data.scores.push_back(difference);
  data.labels.push_back(label);
  data.groups.push_back(group);
  data.subsets.push_back(subset);
}

}  // namespace

CalibrationData calibration_pairs_from_preferences(const std::vector<PreferenceExample>& examples, TieHandling ties,
                                                   bool lower_is_better, MissingPolicy missing) {
  CalibrationData data;
  data.reading = CalibrationReading::pairwise;
  data.missing_policy = missing;
  for (std::size_t r = 0; r < examples.size(); ++r) {
    const PreferenceExample& e = examples[r];
    if (e.scores.size() != 2)
      throw Error("line " + std::to_string(e.line) + ": " + std::to_string(e.scores.size()) +
                  " scores; calibration reads pairs (a chosen and a rejected score)");
    if (std::isnan(e.scores[0]) || std::isnan(e.scores[1])) {
      if (missing == MissingPolicy::error)
        throw Error("line " + std::to_string(e.line) + ": a score is missing (null): " + kMissingHint);
      ++data.missing_scores;
      if (missing == MissingPolicy::drop) continue;
      add_pair(data, 0.0, e.gold_tie ? 0.5 : 1.0, r, e.subset, ties);
      continue;
    }
    for (double s : e.scores)
      if (!std::isfinite(s)) throw Error("line " + std::to_string(e.line) + ": a score is not a finite number");
    double difference = e.scores[0] - e.scores[1];
    if (lower_is_better) difference = -difference;
    add_pair(data, difference, e.gold_tie ? 0.5 : 1.0, r, e.subset, ties);
  }
  return data;
}

CalibrationData calibration_pairs_from_tables(const ScoreTable& metric, const ScoreTable& human, TieHandling ties,
                                              const std::vector<std::string>& subset_of_item, MissingPolicy missing) {
  if (metric.systems() != human.systems())
    throw Error("the metric and human score tables hold different systems (or a different order)");
  if (metric.num_items() != human.num_items())
    throw Error("the metric scores have " + std::to_string(metric.num_items()) +
                " items per system, the human scores " + std::to_string(human.num_items()));
  if (!subset_of_item.empty() && subset_of_item.size() != metric.num_items())
    throw Error("subsets are given for " + std::to_string(subset_of_item.size()) + " items, the tables have " +
                std::to_string(metric.num_items()));
  CalibrationData data;
  data.reading = CalibrationReading::pairwise;
  data.missing_policy = missing;
  const std::size_t n = metric.num_systems();
  for (std::size_t item = 0; item < metric.num_items(); ++item) {
    const std::string& subset = subset_of_item.empty() ? std::string() : subset_of_item[item];
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) {
        const double hi = human.value(i, item), hj = human.value(j, item);
        if (is_missing(hi) || is_missing(hj)) {
          ++data.missing;
          continue;
        }
        const double mi = metric.value(i, item), mj = metric.value(j, item);
        const double label = hi > hj ? 1.0 : (hi < hj ? 0.0 : 0.5);
        if (is_missing(mi) || is_missing(mj)) {
          if (missing == MissingPolicy::error)
            throw Error("item " + std::to_string(item + 1) + ": the metric score of system '" +
                        metric.systems()[is_missing(mi) ? i : j] + "' is missing (None): " + kMissingHint);
          ++data.missing_scores;
          if (missing == MissingPolicy::tie) add_pair(data, 0.0, label, item, subset, ties);
          continue;
        }
        if (!std::isfinite(mi) || !std::isfinite(mj))
          throw Error("item " + std::to_string(item + 1) + ": a metric score of system '" +
                      metric.systems()[std::isfinite(mi) ? j : i] + "' is missing or not finite");
        add_pair(data, mi - mj, label, item, subset, ties);
      }
  }
  return data;
}

}  // namespace trenchcoat::meta
