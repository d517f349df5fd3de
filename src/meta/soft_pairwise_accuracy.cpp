// Soft pairwise accuracy (mt-metrics-eval pce.py): exact enumeration and Monte Carlo
// paired permutation tests per system pair, then 1 - mean |p_human - p_metric|.
#include "trenchcoat/meta/soft_pairwise_accuracy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();  // 2^-52

// The kept segment columns of one side, as num_systems rows of L values.
using Rows = std::vector<std::vector<double>>;

struct SidePairs {
  std::vector<double> observed;   // T_ij = sum_k s_ik - sum_k s_jk, pair order
  std::vector<double> tolerance;  // tol_ij of the header
};

std::size_t num_pairs(std::size_t num_systems) { return num_systems * (num_systems - 1) / 2; }

// Row sums, row sums of magnitudes, and from them T_ij and tol_ij for every pair i < j.
SidePairs pair_statistics(const Rows& rows) {
  const std::size_t length = rows.empty() ? 0 : rows.front().size();
  std::vector<double> sums, magnitudes;
  for (const auto& row : rows) {
    double sum = 0.0, magnitude = 0.0;
    for (double v : row) {
      sum += v;
      magnitude += std::fabs(v);
    }
    sums.push_back(sum);
    magnitudes.push_back(magnitude);
  }
  SidePairs out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = i + 1; j < rows.size(); ++j) {
      out.observed.push_back(sums[i] - sums[j]);
      out.tolerance.push_back(4.0 * static_cast<double>(length) * kEpsilon * (magnitudes[i] + magnitudes[j]));
    }
  }
  return out;
}

// Every subset sum of values[0 .. count), indexed by the subset's bit mask.
std::vector<double> subset_sums(const double* values, std::size_t count) {
  std::vector<double> sums(std::size_t{1} << count);
  sums[0] = 0.0;
  for (std::size_t bit = 0; bit < count; ++bit) {
    const std::size_t half = std::size_t{1} << bit;
    for (std::size_t mask = 0; mask < half; ++mask) sums[half + mask] = sums[mask] + values[bit];
  }
  return sums;
}

// Exact p_ij for each pair of one side. Flipping the segments of a set F changes T by -2 sum_F d_k,
// so T* >= T - tol iff sum_F d_k <= tol / 2. The subsets are counted by splitting the segments in
// two halves: for every subset sum a of the first half, the subset sums b of the second half with
// b <= tol / 2 - a.
std::vector<double> exact_p_values(const Rows& rows) {
  const std::size_t length = rows.front().size();
  const SidePairs pairs = pair_statistics(rows);
  const std::size_t first_half = length / 2, second_half = length - first_half;
  const double total = std::ldexp(1.0, static_cast<int>(length));
  std::vector<double> p, differences(length);
  std::size_t pair = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = i + 1; j < rows.size(); ++j, ++pair) {
      for (std::size_t k = 0; k < length; ++k) differences[k] = rows[i][k] - rows[j][k];
      const std::vector<double> first = subset_sums(differences.data(), first_half);
      std::vector<double> second = subset_sums(differences.data() + first_half, second_half);
      std::sort(second.begin(), second.end());
      const double limit = pairs.tolerance[pair] / 2.0;
      std::uint64_t count = 0;
      for (double a : first)
        count += static_cast<std::uint64_t>(std::upper_bound(second.begin(), second.end(), limit - a) - second.begin());
      p.push_back(static_cast<double>(count) / total);
    }
  }
  return p;
}

// sum_k sign[k] * row[k] with four interleaved partial sums (the rounding is covered by tol_ij).
double signed_sum(const std::vector<double>& row, const std::vector<double>& sign) {
  const std::size_t n = row.size();
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += sign[k] * row[k];
    s1 += sign[k + 1] * row[k + 1];
    s2 += sign[k + 2] * row[k + 2];
    s3 += sign[k + 3] * row[k + 3];
  }
  for (; k < n; ++k) s0 += sign[k] * row[k];
  return (s0 + s1) + (s2 + s3);
}

// Monte Carlo p_ij for both sides with shared sign vectors (see the header for the bit layout).
void monte_carlo_p_values(const Rows& human, const Rows& metric, std::size_t permutations, std::uint64_t seed,
                          std::vector<double>& p_human, std::vector<double>& p_metric) {
  const std::size_t systems = human.size(), length = human.front().size();
  const SidePairs human_pairs = pair_statistics(human), metric_pairs = pair_statistics(metric);
  const std::size_t pairs = num_pairs(systems);
  std::vector<std::uint64_t> human_count(pairs, 0), metric_count(pairs, 0);
  std::vector<double> sign(length), human_sums(systems), metric_sums(systems);
  std::mt19937_64 generator(seed);
  for (std::size_t permutation = 0; permutation < permutations; ++permutation) {
    for (std::size_t word = 0; word * 64 < length; ++word) {
      const std::uint64_t bits = generator();
      const std::size_t end = std::min(length, word * 64 + 64);
      for (std::size_t k = word * 64; k < end; ++k) sign[k] = ((bits >> (k % 64)) & 1u) != 0 ? 1.0 : -1.0;
    }
    for (std::size_t s = 0; s < systems; ++s) {
      human_sums[s] = signed_sum(human[s], sign);
      metric_sums[s] = signed_sum(metric[s], sign);
    }
    std::size_t pair = 0;
    for (std::size_t i = 0; i < systems; ++i) {
      for (std::size_t j = i + 1; j < systems; ++j, ++pair) {
        if (human_sums[i] - human_sums[j] >= human_pairs.observed[pair] - human_pairs.tolerance[pair])
          ++human_count[pair];
        if (metric_sums[i] - metric_sums[j] >= metric_pairs.observed[pair] - metric_pairs.tolerance[pair])
          ++metric_count[pair];
      }
    }
  }
  p_human.clear();
  p_metric.clear();
  for (std::size_t pair = 0; pair < pairs; ++pair) {
    p_human.push_back(static_cast<double>(human_count[pair]) / static_cast<double>(permutations));
    p_metric.push_back(static_cast<double>(metric_count[pair]) / static_cast<double>(permutations));
  }
}

}  // namespace

SoftPairwiseAccuracy soft_pairwise_accuracy(std::span<const double> gold, std::span<const double> metric,
                                            std::size_t num_systems, std::size_t num_items,
                                            const SoftPairwiseAccuracyOptions& options) {
  if (gold.size() != metric.size())
    throw Error("soft_pairwise_accuracy: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  if (gold.size() != num_systems * num_items)
    throw Error("soft_pairwise_accuracy: expected " + std::to_string(num_systems) + " systems x " +
                std::to_string(num_items) + " items = " + std::to_string(num_systems * num_items) + " values, got " +
                std::to_string(gold.size()));

  // Step 1: keep the items that every system has a gold score for.
  std::vector<std::size_t> kept;
  for (std::size_t item = 0; item < num_items; ++item) {
    bool complete = true;
    for (std::size_t s = 0; s < num_systems && complete; ++s) complete = !is_missing(gold[s * num_items + item]);
    if (complete) kept.push_back(item);
  }
  Rows human(num_systems), scores(num_systems);
  for (std::size_t s = 0; s < num_systems; ++s) {
    for (std::size_t item : kept) {
      const double g = gold[s * num_items + item], m = metric[s * num_items + item];
      if (std::isinf(g))
        throw Error("soft_pairwise_accuracy: gold score of system " + std::to_string(s) + " on item " +
                    std::to_string(item) + " is infinite");
      if (!std::isfinite(m))
        throw Error("soft_pairwise_accuracy: metric score of system " + std::to_string(s) + " on item " +
                    std::to_string(item) + " is missing or infinite where gold has a score");
      human[s].push_back(g);
      scores[s].push_back(m);
    }
  }

  SoftPairwiseAccuracy result;
  result.num_items_used = kept.size();
  result.items_dropped = num_items - kept.size();
  const std::size_t length = kept.size();
  bool exact = false;
  switch (options.method) {
    case SpaMethod::exact:
      if (length > kSpaMaxExactItems)
        throw Error("soft_pairwise_accuracy: exact enumeration needs at most " + std::to_string(kSpaMaxExactItems) +
                    " items (2^L sign vectors), got " + std::to_string(length) + "; use Monte Carlo");
      exact = true;
      break;
    case SpaMethod::monte_carlo:
      if (options.permutations == 0) throw Error("soft_pairwise_accuracy: Monte Carlo needs at least one permutation");
      break;
    case SpaMethod::automatic:
      exact = length <= kSpaMaxExactItems;
      if (!exact && options.permutations == 0)
        throw Error("soft_pairwise_accuracy: Monte Carlo needs at least one permutation");
      break;
  }
  result.exact = exact;
  result.permutations = exact ? (std::uint64_t{1} << length) : options.permutations;
  result.seed = exact ? 0 : options.seed;

  const std::size_t pairs = num_systems < 2 ? 0 : num_pairs(num_systems);
  if (pairs == 0) {
    result.value = kNaN;
    return result;
  }
  if (length == 0) {
    result.p_human.assign(pairs, kNaN);
    result.p_metric.assign(pairs, kNaN);
    result.value = kNaN;
    return result;
  }
  if (exact) {
    result.p_human = exact_p_values(human);
    result.p_metric = exact_p_values(scores);
  } else {
    monte_carlo_p_values(human, scores, options.permutations, options.seed, result.p_human, result.p_metric);
  }
  // Step 3: summed in pair order and divided once (numpy's mean sums more than 8 values pairwise,
  // which can differ in the last bits; exact p-values are multiples of 2^-L and sum exactly).
  double error_sum = 0.0;
  for (std::size_t pair = 0; pair < pairs; ++pair) error_sum += std::fabs(result.p_human[pair] - result.p_metric[pair]);
  result.value = 1.0 - error_sum / static_cast<double>(pairs);
  return result;
}

SoftPairwiseAccuracy soft_pairwise_accuracy(const ScoreTable& gold, const ScoreTable& metric,
                                            const SoftPairwiseAccuracyOptions& options) {
  if (gold.systems() != metric.systems() || gold.num_items() != metric.num_items())
    throw Error(
        "soft_pairwise_accuracy: gold and metric tables must list the same systems in the same order and "
        "have the same number of items (gold: " +
        std::to_string(gold.num_systems()) + " x " + std::to_string(gold.num_items()) +
        ", metric: " + std::to_string(metric.num_systems()) + " x " + std::to_string(metric.num_items()) + ")");
  return soft_pairwise_accuracy(gold.values(), metric.values(), gold.num_systems(), gold.num_items(), options);
}

}  // namespace trenchcoat::meta
