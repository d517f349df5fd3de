#include "trenchcoat/meta/pairwise_permutation_test.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "numpy_summation.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What a pair contributes to a metric's statistic. acc23 / tau23: first = 1 if the metric agrees with
// gold (concordant, or tied on both sides). b: first = +1 concordant, -1 discordant, 0 otherwise;
// second = 1 if the metric ties the pair.
using Key = std::array<std::int64_t, 2>;

Key pair_key(double gold_diff, double metric_diff, double epsilon, TiesKendallVariant variant) {
  const bool gold_tie = gold_diff == 0.0;
  const bool metric_tie = std::fabs(metric_diff) <= epsilon;
  const bool concordant = !gold_tie && !metric_tie && ((gold_diff > 0.0) == (metric_diff > 0.0));
  const bool discordant = !gold_tie && !metric_tie && !concordant;
  if (variant == TiesKendallVariant::b) {
    return {concordant ? 1 : (discordant ? -1 : 0), metric_tie ? 1 : 0};
  }
  return {(concordant || (gold_tie && metric_tie)) ? 1 : 0, 0};
}

// A group's pairs, reduced to what the draws need.
struct PairGroup {
  std::int64_t pairs = 0;      // N
  std::int64_t gold_ties = 0;  // T_h + T_hm (variant b)
  Key sum1{}, sum2{};          // key sums of metric1 and metric2
  // Differing pairs bucketed by key1 - key2: (difference, number of pairs).
  std::vector<std::pair<Key, std::int64_t>> buckets;
};

double group_value(const PairGroup& group, const Key& sum, TiesKendallVariant variant) {
  const std::int64_t n = group.pairs;
  switch (variant) {
    case TiesKendallVariant::acc23:
      return n == 0 ? kNaN : static_cast<double>(sum[0]) / static_cast<double>(n);
    case TiesKendallVariant::tau23:
      return n == 0 ? kNaN : static_cast<double>(2 * sum[0] - n) / static_cast<double>(n);
    case TiesKendallVariant::b:
      // KendallVariants: NaN if every pair is a metric tie or every pair a gold tie (also for N = 0).
      if (sum[1] == n || group.gold_ties == n) return kNaN;
      return static_cast<double>(sum[0]) / std::sqrt(static_cast<double>(n - sum[1])) /
             std::sqrt(static_cast<double>(n - group.gold_ties));
    case TiesKendallVariant::c:
      break;
  }
  return kNaN;
}

// Pops bits from a 64-bit generator in order; take(k) returns how many of the next k bits are set.
class BitStream {
 public:
  explicit BitStream(std::uint64_t seed) : generator_(seed) {}
  std::int64_t take(std::int64_t k) {
    std::int64_t set = 0;
    while (k > 0) {
      if (left_ == 0) {
        word_ = generator_();
        left_ = 64;
      }
      const int t = static_cast<int>(std::min<std::int64_t>(k, left_));
      const std::uint64_t bits = t == 64 ? word_ : word_ & ((std::uint64_t{1} << t) - 1);
      set += std::popcount(bits);
      word_ = t == 64 ? 0 : word_ >> t;
      left_ -= t;
      k -= t;
    }
    return set;
  }

 private:
  std::mt19937_64 generator_;
  std::uint64_t word_ = 0;
  int left_ = 0;
};

}  // namespace

PairwisePermutationResult pairwise_permutation_test(std::span<const double> gold, std::span<const double> metric1,
                                                    std::span<const double> metric2, std::size_t num_systems,
                                                    std::size_t num_items, const PairwisePermutationMeasure& measure,
                                                    const PermutationOptions& options) {
  const TiesKendallVariant variant = measure.variant;
  if (variant == TiesKendallVariant::c) throw Error("pairwise permutation test: tau-c is not supported");
  if (options.block_size == 0) throw Error("pairwise permutation test: block_size must be at least 1");
  if (gold.size() != metric1.size() || gold.size() != metric2.size()) {
    throw Error("pairwise permutation test: gold, metric1 and metric2 have " + std::to_string(gold.size()) + ", " +
                std::to_string(metric1.size()) + " and " + std::to_string(metric2.size()) + " values");
  }
  if (gold.size() != num_systems * num_items) {
    throw Error("pairwise permutation test: expected " + std::to_string(num_systems) + " systems x " +
                std::to_string(num_items) + " items = " + std::to_string(num_systems * num_items) + " values, got " +
                std::to_string(gold.size()));
  }
  auto epsilon_of = [&](const std::optional<double>& given, std::span<const double> metric, const char* name) {
    if (given) {
      if (!(*given >= 0.0)) throw Error(std::string("pairwise permutation test: ") + name + " must be >= 0");
      return *given;
    }
    if (variant == TiesKendallVariant::b) {
      throw Error(std::string("pairwise permutation test: ") + name +
                  " must be given for variant b (only tau23 / acc23 can be calibrated)");
    }
    return calibrate_ties(gold, metric, num_systems, num_items, measure.grouping, variant, measure.calibration).epsilon;
  };
  PairwisePermutationResult result;
  result.seed = options.seed;
  result.epsilon1 = epsilon_of(measure.epsilon1, metric1, "epsilon1");
  result.epsilon2 = epsilon_of(measure.epsilon2, metric2, "epsilon2");

  // Groups (spec 1.1 _Reshape), missing gold dropped, empty groups gone.
  std::vector<std::vector<std::size_t>> groups;
  auto add_group = [&](std::vector<std::size_t> positions) {
    std::vector<std::size_t> kept;
    for (std::size_t pos : positions) {
      if (is_missing(gold[pos])) continue;
      if (!std::isfinite(metric1[pos]) || !std::isfinite(metric2[pos])) {
        throw Error("pairwise permutation test: a metric holds a NaN or infinite value where gold is present");
      }
      kept.push_back(pos);
    }
    if (!kept.empty()) groups.push_back(std::move(kept));
  };
  std::vector<std::size_t> positions;
  switch (measure.grouping) {
    case Grouping::none:
      for (std::size_t k = 0; k < gold.size(); ++k) positions.push_back(k);
      add_group(positions);
      break;
    case Grouping::sys:
      for (std::size_t s = 0; s < num_systems; ++s) {
        positions.clear();
        for (std::size_t i = 0; i < num_items; ++i) positions.push_back(s * num_items + i);
        add_group(positions);
      }
      break;
    case Grouping::item:
      for (std::size_t i = 0; i < num_items; ++i) {
        positions.clear();
        for (std::size_t s = 0; s < num_systems; ++s) positions.push_back(s * num_items + i);
        add_group(positions);
      }
      break;
  }

  // Classify every pair once; keep only the counts.
  std::vector<PairGroup> pair_groups;
  pair_groups.reserve(groups.size());
  for (const auto& members : groups) {
    PairGroup group;
    std::vector<std::pair<Key, std::int64_t>>& buckets = group.buckets;
    for (std::size_t a = 0; a < members.size(); ++a) {
      for (std::size_t b = a + 1; b < members.size(); ++b) {
        const std::size_t i = members[a], j = members[b];
        const double gold_diff = gold[j] - gold[i];
        const Key k1 = pair_key(gold_diff, metric1[j] - metric1[i], result.epsilon1, variant);
        const Key k2 = pair_key(gold_diff, metric2[j] - metric2[i], result.epsilon2, variant);
        ++group.pairs;
        if (gold_diff == 0.0) ++group.gold_ties;
        for (int c = 0; c < 2; ++c) {
          group.sum1[c] += k1[c];
          group.sum2[c] += k2[c];
        }
        const Key diff{k1[0] - k2[0], k1[1] - k2[1]};
        if (diff[0] == 0 && diff[1] == 0) continue;
        auto it =
            std::find_if(buckets.begin(), buckets.end(), [&](const auto& bucket) { return bucket.first == diff; });
        if (it == buckets.end()) {
          buckets.push_back({diff, 1});
        } else {
          ++it->second;
        }
      }
    }
    pair_groups.push_back(std::move(group));
  }

  std::vector<double> values;
  auto average = [&]() {
    // np.average of the group values, NaN dropped or zeroed; 0 when nothing is left.
    std::size_t kept = 0;
    for (double v : values) {
      if (std::isnan(v)) {
        if (!measure.replace_nans_with_zeros) continue;
        v = 0.0;
      }
      values[kept++] = v;
    }
    return kept == 0 ? 0.0 : detail::numpy_pairwise_sum(values.data(), kept) / static_cast<double>(kept);
  };
  auto corr_of = [&](const auto& sum_of_group) {
    values.clear();
    for (std::size_t g = 0; g < pair_groups.size(); ++g) {
      values.push_back(group_value(pair_groups[g], sum_of_group(g), variant));
    }
    return average();
  };
  const double corr1 = corr_of([&](std::size_t g) { return pair_groups[g].sum1; });
  const double corr2 = corr_of([&](std::size_t g) { return pair_groups[g].sum2; });
  result.delta = corr2 - corr1;
  if (options.resamples == 0) return result;

  BitStream bits(options.seed);
  std::vector<Key> hybrid1(pair_groups.size()), hybrid2(pair_groups.size());
  std::size_t count = 0, done = 0;
  if (options.keep_draws) result.draws.reserve(options.resamples);
  for (std::size_t it = 1; it <= options.resamples; ++it) {
    for (std::size_t g = 0; g < pair_groups.size(); ++g) {
      const PairGroup& group = pair_groups[g];
      // Hybrid 1 takes metric1's outcome on the pairs whose bit is set: sum2 + (set pairs) * (key1 - key2).
      Key moved{0, 0};
      for (const auto& [diff, pairs] : group.buckets) {
        const std::int64_t set = bits.take(pairs);
        moved[0] += set * diff[0];
        moved[1] += set * diff[1];
      }
      hybrid1[g] = {group.sum2[0] + moved[0], group.sum2[1] + moved[1]};
      hybrid2[g] = {group.sum1[0] - moved[0], group.sum1[1] - moved[1]};
    }
    const double c1 = corr_of([&](std::size_t g) { return hybrid1[g]; });
    const double c2 = corr_of([&](std::size_t g) { return hybrid2[g]; });
    if (options.keep_draws) result.draws.emplace_back(c2, c1);
    done = it;
    if (options.progress) options.progress(done, options.resamples);
    const bool counted = c2 - c1 >= result.delta;
    if (counted) ++count;
    const bool check = measure.early_stopping == PairwisePermutationMeasure::EarlyStopping::every_block || counted;
    if (check && it % options.block_size == 0) {
      const double p = static_cast<double>(count) / static_cast<double>(it);
      if (p < options.early_min || p > options.early_max) break;
    }
  }
  result.resamples_done = done;
  result.p_value = static_cast<double>(count) / static_cast<double>(done);
  return result;
}

}  // namespace trenchcoat::meta
