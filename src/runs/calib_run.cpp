#include "trenchcoat/runs/calib_run.hpp"

#include "trenchcoat/error.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::runs {

CalibResult run_calib(CalibRequest request) {
  if (request.options.folds < 2) throw RequestError("--folds must be at least 2");
  if (request.options.bins < 1) throw RequestError("--bins must be at least 1");
  if (request.options.methods.empty()) throw RequestError("--method names no method");
  if (request.scorers.empty()) throw RequestError("no scorer to calibrate");
  CalibResult result;
  result.input = std::move(request.input);
  result.ties = request.ties;
  result.options = request.options;
  for (auto& s : request.scorers) {
    if (s.data.scores.empty())
      throw Error(s.name + ": no samples to calibrate" +
                  (s.data.dropped_ties > 0 ? " (every pair is a tie, dropped)" : ""));
    meta::CalibrationStudy study = meta::study_calibration(s.data, request.options);
    result.scorers.push_back({std::move(s.name), std::move(s.data), std::move(study)});
  }
  return result;
}

}  // namespace trenchcoat::runs
