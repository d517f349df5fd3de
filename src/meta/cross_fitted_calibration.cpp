#include "trenchcoat/meta/cross_fitted_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <unordered_map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/recalibration.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "uniform_index.hpp"

namespace trenchcoat::meta {
namespace {

// Fold of every sample: distinct groups in order of first appearance, shuffled, dealt round-robin.
std::vector<std::size_t> assign_folds(const std::vector<std::size_t>& groups, std::size_t folds, std::uint64_t seed,
                                      std::size_t& num_groups) {
  std::unordered_map<std::size_t, std::size_t> position;
  std::vector<std::size_t> distinct;
  for (std::size_t g : groups)
    if (position.emplace(g, distinct.size()).second) distinct.push_back(g);
  num_groups = distinct.size();
  std::vector<std::size_t> order(distinct.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 generator(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[uniform_index(generator, i)]);
  std::vector<std::size_t> fold_of_group(distinct.size());
  for (std::size_t slot = 0; slot < order.size(); ++slot) fold_of_group[order[slot]] = slot % folds;
  std::vector<std::size_t> fold(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) fold[i] = fold_of_group[position.at(groups[i])];
  return fold;
}

bool all_hard(const std::vector<double>& y) {
  for (double v : y)
    if (v != 0.0 && v != 1.0) return false;
  return true;
}

// Fits one method on (x, y) and returns the map's parameters and its predictions at `at`.
struct FittedMap {
  RecalibrationParameters parameters;
  std::vector<double> predictions;
};

FittedMap fit_and_predict(RecalibrationMethod method, const std::vector<double>& x, const std::vector<double>& y,
                          const std::vector<double>& at) {
  FittedMap out;
  switch (method) {
    case RecalibrationMethod::temperature: {
      const TemperatureFit fit = fit_temperature(x, y);
      out.parameters.temperature = fit.temperature;
      out.predictions = apply_temperature(fit, at);
      break;
    }
    case RecalibrationMethod::platt: {
      PlattOptions options;
      options.prior_smoothing = all_hard(y);
      const PlattFit fit = fit_platt(x, y, options);
      out.parameters.a = fit.a;
      out.parameters.b = fit.b;
      out.predictions = platt_predict(fit, at);
      break;
    }
    case RecalibrationMethod::isotonic: {
      IsotonicOptions options;
      options.y_min = 0.0;
      options.y_max = 1.0;
      const IsotonicFit fit = fit_isotonic(x, y, {}, options);
      out.parameters.knots = fit.x.size();
      out.predictions = isotonic_predict(fit, at);
      break;
    }
    case RecalibrationMethod::raw:
      break;
  }
  return out;
}

}  // namespace

std::string recalibration_method_name(RecalibrationMethod method) {
  switch (method) {
    case RecalibrationMethod::raw:
      return "raw";
    case RecalibrationMethod::temperature:
      return "temperature";
    case RecalibrationMethod::platt:
      return "platt";
    case RecalibrationMethod::isotonic:
      return "isotonic";
  }
  return "raw";
}

RecalibrationMethod parse_recalibration_method(const std::string& name) {
  for (auto m : {RecalibrationMethod::raw, RecalibrationMethod::temperature, RecalibrationMethod::platt,
                 RecalibrationMethod::isotonic})
    if (recalibration_method_name(m) == name) return m;
  throw Error("unknown calibration method '" + name + "' (known: raw, temperature, platt, isotonic)");
}

CalibrationMetrics measure_calibration(const std::vector<double>& p, const std::vector<double>& y, std::size_t bins) {
  CalibrationMetrics m;
  m.samples = p.size();
  CalibrationError width = calibration_error(p, y, bins, BinningScheme::equal_width_right_closed);
  m.ece = width.ece;
  m.mce = width.mce;
  m.rmsce = width.rmsce;
  m.brier_parts = brier_decomposition(p, y, width.diagram);
  m.reliability = std::move(width.diagram);
  m.ece_equal_mass = calibration_error(p, y, bins, BinningScheme::equal_mass_ties_together).ece;
  m.brier = m.brier_parts.brier;
  m.base_rate = base_rate(y);
  m.auc = roc_auc(p, y);
  m.log_loss = log_loss(p, y);
  return m;
}

CalibrationStudy study_calibration(const CalibrationData& data, const CalibrationStudyOptions& options) {
  const std::size_t n = data.scores.size();
  if (n == 0) throw Error("calibration: no samples");
  if (data.labels.size() != n || data.groups.size() != n || data.subsets.size() != n)
    throw Error("calibration: scores, labels, groups and subsets differ in length");
  if (options.folds < 2) throw Error("calibration: cross-fitting needs at least 2 folds");
  if (options.bins < 1) throw Error("calibration: the number of bins must be at least 1");
  CalibrationStudy study;
  study.reading = data.reading;
  study.units = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(data.scores[i]))
      throw Error("calibration: sample " + std::to_string(i + 1) + " has a score that is not a finite number");
    const double y = data.labels[i];
    if (!(y >= 0.0 && y <= 1.0))
      throw Error("calibration: sample " + std::to_string(i + 1) + " has a label outside [0, 1]");
    if (y == 1.0) ++study.positives;
    else if (y == 0.0) ++study.negatives;
    else ++study.ties;
  }

  // The samples measured and fitted on: pairs symmetrised ((x, y) and (-x, 1 - y), same group).
  std::vector<double> x = data.scores, y = data.labels;
  std::vector<std::size_t> groups = data.groups;
  std::vector<std::string> subsets = data.subsets;
  if (data.reading == CalibrationReading::pairwise)
    for (std::size_t i = 0; i < n; ++i) {
      x.push_back(-data.scores[i]);
      y.push_back(1.0 - data.labels[i]);
      groups.push_back(data.groups[i]);
      subsets.push_back(data.subsets[i]);
    }
  std::size_t num_groups = 0;
  const std::vector<std::size_t> fold = assign_folds(groups, options.folds, options.seed, num_groups);
  study.groups = num_groups;
  study.folds = std::min(options.folds, num_groups);

  std::map<std::string, std::vector<std::size_t>> by_subset;
  bool named_subsets = false;
  for (std::size_t i = 0; i < subsets.size(); ++i) {
    by_subset[subsets[i]].push_back(i);
    named_subsets = named_subsets || !subsets[i].empty();
  }

  // Pointwise scores that are all probabilities are temperature-scaled on their logit (the classical
  // reading of a probabilistic classifier); other scores are read as logits themselves.
  bool probabilities = data.reading == CalibrationReading::pointwise;
  for (double v : x) probabilities = probabilities && v >= 0.0 && v <= 1.0;
  std::vector<double> logits_of_probabilities;
  if (probabilities) {
    constexpr double kClip = 1e-15;
    for (double v : x) {
      const double q = std::min(std::max(v, kClip), 1.0 - kClip);
      logits_of_probabilities.push_back(std::log(q) - std::log1p(-q));
    }
  }

  for (RecalibrationMethod method : options.methods) {
    MethodCalibration result;
    result.method = method;
    const std::vector<double>& input =
        method == RecalibrationMethod::temperature && probabilities ? logits_of_probabilities : x;
    if (method == RecalibrationMethod::temperature && data.reading == CalibrationReading::pointwise)
      result.note = probabilities ? "the scores are probabilities: sigma(logit(p) / T), p clipped to [1e-15, 1 - 1e-15]"
                                  : "the scores are read as logits: sigma(s / T), no offset (Platt adds one)";
    std::vector<double> p(x.size());
    if (method == RecalibrationMethod::raw) {
      if (data.reading == CalibrationReading::pairwise) {
        for (std::size_t i = 0; i < x.size(); ++i) p[i] = sigmoid(x[i]);
        result.measured = true;
      } else {
        result.measured = true;
        for (std::size_t i = 0; i < x.size(); ++i) {
          if (!(x[i] >= 0.0 && x[i] <= 1.0)) {
            result.measured = false;
            result.reason = "scores outside [0, 1] are not probabilities (sample " + std::to_string(i + 1) + ": " +
                            text::python_float_repr(x[i]) + "); use a recalibration method";
            break;
          }
          p[i] = x[i];
        }
      }
    } else if (study.folds < 2) {
      result.reason = "cross-fitting needs at least 2 groups of samples; the data has " + std::to_string(num_groups);
    } else {
      result.measured = true;
      for (std::size_t f = 0; f < study.folds && result.measured; ++f) {
        std::vector<double> train_x, train_y, test_x;
        std::vector<std::size_t> test_index;
        for (std::size_t i = 0; i < x.size(); ++i)
          if (fold[i] == f) {
            test_x.push_back(input[i]);
            test_index.push_back(i);
          } else {
            train_x.push_back(input[i]);
            train_y.push_back(y[i]);
          }
        try {
          FittedMap fitted = fit_and_predict(method, train_x, train_y, test_x);
          for (std::size_t t = 0; t < test_index.size(); ++t) p[test_index[t]] = fitted.predictions[t];
          result.fold_fits.push_back(fitted.parameters);
        } catch (const Error& e) {
          result.measured = false;
          result.reason = "fold " + std::to_string(f + 1) + " of " + std::to_string(study.folds) + ": " + e.what();
          result.fold_fits.clear();
        }
      }
      try {
        result.fit_on_all = fit_and_predict(method, input, y, {}).parameters;
      } catch (const Error& e) {
        if (result.measured) result.reason = std::string("the fit on all samples failed: ") + e.what();
      }
    }
    if (result.measured) {
      // Top-label reading of pairs (spec section 4): on each pair in its given orientation (the first
      // n points), when no label is a tie.
      const bool top_label_defined = data.reading == CalibrationReading::pairwise && study.ties == 0;
      auto measure = [&](const std::vector<std::size_t>& indices) {
        std::vector<double> sp, sy, tp, ty;
        for (std::size_t i : indices) {
          sp.push_back(p[i]);
          sy.push_back(y[i]);
          if (i < n) {
            tp.push_back(p[i]);
            ty.push_back(y[i]);
          }
        }
        CalibrationMetrics m = measure_calibration(sp, sy, options.bins);
        if (top_label_defined && !tp.empty()) {
          const TopLabel tl = top_label(tp, ty);
          m.top_label = calibration_error(tl.confidence, tl.correct, options.bins);
        }
        return m;
      };
      std::vector<std::size_t> all(x.size());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
      result.overall = measure(all);
      if (named_subsets)
        for (const auto& [name, indices] : by_subset) result.subsets[name] = measure(indices);
    }
    study.methods.push_back(std::move(result));
  }
  return study;
}

}  // namespace trenchcoat::meta
