#pragma once
// `meta calib` as a library call: calibration of scorers read as probabilities, measured out of sample
// before and after cross-fitted recalibration (temperature, Platt, isotonic), per scorer, on
// calibration samples already built (meta/calibration_data.hpp builds them from preference rows or
// score tables; the command reads pointwise rows).
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/calibration_data.hpp"
#include "trenchcoat/meta/cross_fitted_calibration.hpp"

namespace trenchcoat::runs {

// Where the samples came from, as reported.
struct CalibInput {
  enum class Kind { system_pairs, pointwise, preference_pairs };
  Kind kind = Kind::preference_pairs;
  // system_pairs (mt-metrics-eval score files):
  std::string gold;
  std::vector<std::string> systems, systems_without_gold;
  std::size_t items = 0;
  std::string subsets_from;  // "FILE (domain)" when subsets come from a documents file
  // pointwise and preference_pairs:
  std::string data;
  // pointwise:
  std::string score, label, group_field;
  std::optional<double> threshold;
  // preference_pairs:
  bool lower_is_better = false;
};

struct CalibScorerData {
  std::string name;
  meta::CalibrationData data;
};

struct CalibRequest {
  CalibInput input;
  std::vector<CalibScorerData> scorers;  // all of one reading (pairwise or pointwise)
  meta::TieHandling ties = meta::TieHandling::half;
  meta::CalibrationStudyOptions options;
};

struct CalibScorerStudy {
  std::string name;
  meta::CalibrationData data;
  meta::CalibrationStudy study;
};

struct CalibResult {
  CalibInput input;
  meta::TieHandling ties = meta::TieHandling::half;
  meta::CalibrationStudyOptions options;
  std::vector<CalibScorerStudy> scorers;
  bool pairs() const { return !scorers.empty() && scorers.front().data.reading == meta::CalibrationReading::pairwise; }
};

// Throws RequestError for folds < 2, bins < 1, no method or no scorer; trenchcoat::Error for a scorer
// without samples ("NAME: no samples to calibrate") or what meta::study_calibration rejects.
CalibResult run_calib(CalibRequest request);

}  // namespace trenchcoat::runs
