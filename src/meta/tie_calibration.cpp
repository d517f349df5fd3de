#include "trenchcoat/meta/tie_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Scores lie in [-1, 1]; the compensated running sum is accurate to a few ulps, far below this, and
// genuinely different scores differ by at least 1 / (#groups * lcm of pair counts), far above it for
// any realistic table.
constexpr double kTieTolerance = 1e-13;

// One enumerated pair: where it stands in the sweep and what it does to its group when it becomes a
// metric tie. Before that (epsilon < |dm|) it agrees iff gold is not tied and the orders match; from
// then on (epsilon >= |dm|) it agrees iff gold is tied. delta = agree_after - agree_before.
struct Pair {
  double abs_dm;
  std::uint32_t group;
  std::int8_t delta;
};

// Neumaier compensated running sum.
struct CompensatedSum {
  double sum = 0.0, carry = 0.0;
  void add(double x) {
    const double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x)) {
      carry += (sum - t) + x;
    } else {
      carry += (x - t) + sum;
    }
    sum = t;
  }
  double value() const { return sum + carry; }
};

double group_value(std::int64_t agree, std::int64_t n, TiesKendallVariant variant) {
  // acc_23 = (C + T_hm) / N; tau_23 = (C + T_hm - (N - C - T_hm)) / N, both from integer counts.
  if (variant == TiesKendallVariant::acc23) return static_cast<double>(agree) / static_cast<double>(n);
  return static_cast<double>(2 * agree - n) / static_cast<double>(n);
}

}  // namespace

TieCalibration calibrate_ties(std::span<const double> gold, std::span<const double> metric, std::size_t num_systems,
                              std::size_t num_items, Grouping grouping, TiesKendallVariant variant,
                              const TieCalibrationOptions& options) {
  if (gold.size() != metric.size()) {
    throw Error("tie calibration: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  }
  if (gold.size() != num_systems * num_items) {
    throw Error("tie calibration: expected " + std::to_string(num_systems) + " x " + std::to_string(num_items) +
                " values, got " + std::to_string(gold.size()));
  }
  if (variant != TiesKendallVariant::tau23 && variant != TiesKendallVariant::acc23) {
    throw Error("tie calibration: only tau_23 and acc_23 can be tie-calibrated");
  }
  if (!(options.sample_rate > 0.0 && options.sample_rate <= 1.0)) {
    throw Error("tie calibration: sample_rate must be in (0, 1]");
  }

  // Groups as lists of flat indices (spec 1.1 _Reshape).
  std::size_t num_groups_total = 0, group_size = 0;
  switch (grouping) {
    case Grouping::none:
      num_groups_total = 1;
      group_size = gold.size();
      break;
    case Grouping::item:
      num_groups_total = num_items;
      group_size = num_systems;
      break;
    case Grouping::sys:
      num_groups_total = num_systems;
      group_size = num_items;
      break;
  }
  auto flat_index = [&](std::size_t g, std::size_t k) -> std::size_t {
    switch (grouping) {
      case Grouping::none:
        return k;
      case Grouping::item:
        return k * num_items + g;
      case Grouping::sys:
        return g * num_items + k;
    }
    return 0;
  };

  TieCalibration result;
  result.sampled = options.sample_rate < 1.0;
  result.seed = options.seed;
  std::mt19937_64 rng(options.seed);
  const double two_to_minus_53 = 1.0 / 9007199254740992.0;

  std::vector<Pair> pairs;
  std::vector<std::int64_t> agree;   // per active group: agreeing pairs at the current threshold
  std::vector<std::int64_t> npairs;  // per active group: N
  std::vector<double> g_values;
  std::vector<std::size_t> kept;
  for (std::size_t g = 0; g < num_groups_total; ++g) {
    kept.clear();
    for (std::size_t k = 0; k < group_size; ++k) {
      const std::size_t idx = flat_index(g, k);
      if (is_missing(gold[idx]) || is_missing(metric[idx])) continue;
      if (std::isinf(gold[idx]) || std::isinf(metric[idx])) throw Error("tie calibration: infinite score");
      kept.push_back(idx);
    }
    const auto group_id = static_cast<std::uint32_t>(agree.size());
    std::int64_t n = 0, a = 0;
    for (std::size_t x = 0; x < kept.size(); ++x) {
      for (std::size_t y = x + 1; y < kept.size(); ++y) {
        if (result.sampled && static_cast<double>(rng() >> 11) * two_to_minus_53 >= options.sample_rate) continue;
        const double hi = gold[kept[x]], hj = gold[kept[y]], mi = metric[kept[x]], mj = metric[kept[y]];
        const bool gold_tie = hi == hj;
        const int before = (!gold_tie && mi != mj && ((hi < hj) == (mi < mj))) ? 1 : 0;
        const int after = gold_tie ? 1 : 0;
        pairs.push_back({std::fabs(mi - mj), group_id, static_cast<std::int8_t>(after - before)});
        if (gold_tie) ++result.gold_tied_pairs;
        a += before;
        ++n;
      }
    }
    if (n == 0) continue;  // not active
    agree.push_back(a);
    npairs.push_back(n);
  }
  const std::size_t active = agree.size();
  result.num_groups = active;
  result.num_pairs = pairs.size();
  if (active == 0) {
    result.value = kNaN;
    result.epsilon = 0.0;
    if (options.keep_curve) {
      result.thresholds = {0.0};
      result.values = {kNaN};
    }
    return result;
  }

  std::sort(pairs.begin(), pairs.end(), [](const Pair& l, const Pair& r) { return l.abs_dm < r.abs_dm; });
  CompensatedSum total;
  g_values.resize(active);
  for (std::size_t g = 0; g < active; ++g) {
    g_values[g] = group_value(agree[g], npairs[g], variant);
    total.add(g_values[g]);
  }
  const double denom = static_cast<double>(active);
  double best_value = -std::numeric_limits<double>::infinity(), best_eps = 0.0;
  std::size_t best_tied = 0;
  bool have_best = false;
  std::size_t p = 0;  // pairs with |dm| <= the current threshold (the sweep position)
  auto visit = [&](double threshold) {
    const double score = total.value() / denom;
    if (options.keep_curve) {
      result.thresholds.push_back(threshold);
      result.values.push_back(score);
    }
    // A later (larger) epsilon wins only if clearly better: candidates within kTieTolerance of the best
    // are treated as equal, so rounding in the running sum cannot pick a larger epsilon for a
    // mathematically equal score; the smallest epsilon wins ties.
    if (!have_best || score > best_value + kTieTolerance) {
      best_value = score;
      best_eps = threshold;
      best_tied = p;
      have_best = true;
    }
  };

  // Threshold 0 is always a candidate; pairs with |dm| == 0 are metric ties there.
  double threshold = 0.0;
  while (true) {
    while (p < pairs.size() && pairs[p].abs_dm <= threshold) {
      if (pairs[p].delta != 0) {
        const std::uint32_t g = pairs[p].group;
        agree[g] += pairs[p].delta;
        const double updated = group_value(agree[g], npairs[g], variant);
        if (active == 1) {
          total = CompensatedSum{};
          total.add(updated);
        } else {
          total.add(-g_values[g]);
          total.add(updated);
        }
        g_values[g] = updated;
      }
      ++p;
    }
    visit(threshold);
    if (p == pairs.size()) break;
    threshold = pairs[p].abs_dm;
  }
  result.value = best_value;
  result.epsilon = best_eps;
  result.metric_tied_pairs = best_tied;
  return result;
}

TieCalibration calibrate_ties(const ScoreTable& gold, const ScoreTable& metric, Grouping grouping,
                              TiesKendallVariant variant, const TieCalibrationOptions& options) {
  if (gold.systems() != metric.systems() || gold.num_items() != metric.num_items()) {
    throw Error("tie calibration: gold and metric tables differ in systems or items");
  }
  return calibrate_ties(gold.values(), metric.values(), gold.num_systems(), gold.num_items(), grouping, variant,
                        options);
}

}  // namespace trenchcoat::meta
