#include "trenchcoat/meta/permutation_test.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <tuple>

#include "mask_generator.hpp"
#include "numpy_summation.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/correlation.hpp"
#include "trenchcoat/meta/kendall_variants.hpp"
#include "trenchcoat/meta/score_table.hpp"
#include "trenchcoat/meta/tie_calibration.hpp"

namespace trenchcoat::meta {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A fast-path difference this close to delta is recomputed exactly (see the header).
constexpr double kTieWindow = 1e-7;
// A hybrid group whose variance (times its length) is below this fraction of its raw second moment
// is recomputed exactly: the one-pass sums lose too many digits there.
constexpr double kDegenerateRatio = 1e-3;
constexpr std::size_t kMaxExactElements = 24;
// Draws whose masks the fast path sums in one pass over the data.
constexpr std::size_t kBatch = 32;

// scipy.stats.zscore with ddof 0: (x - mean) / std, both as numpy computes them. std = 0 gives zeros.
std::vector<double> zscore(std::span<const double> x) {
  std::vector<double> z(x.begin(), x.end());
  if (z.empty()) return z;
  const double n = static_cast<double>(z.size());
  const double mean = detail::numpy_pairwise_sum(z.data(), z.size()) / n;
  std::vector<double> squares(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    z[i] -= mean;
    squares[i] = z[i] * z[i];
  }
  const double sd = std::sqrt(detail::numpy_pairwise_sum(squares.data(), squares.size()) / n);
  for (double& v : z) v = sd > 0.0 ? v / sd : 0.0;
  return z;
}

void require_finite(std::span<const double> values, const char* what) {
  for (double v : values) {
    if (!std::isfinite(v))
      throw Error(std::string("permutation test: ") + what + " holds a NaN or infinite value where gold is present");
  }
}

// The data every draw works on: groups laid end to end ("_ReshapeAndFilter"), z-scored metrics.
struct Prepared {
  std::vector<double> gold;         // filtered (tie_calibrated: the full vector, NaN kept)
  std::vector<double> z1, z2;       // z-scored metric values in the same layout
  std::vector<std::size_t> starts;  // group g spans [starts[g], starts[g + 1])
};

std::vector<std::size_t> group_order(std::size_t num_systems, std::size_t num_items, Grouping grouping,
                                     std::vector<std::size_t>& group_sizes) {
  // Positions of the flat system-major vector in group order, and the size of each group.
  std::vector<std::size_t> order;
  order.reserve(num_systems * num_items);
  group_sizes.clear();
  switch (grouping) {
    case Grouping::none:
      for (std::size_t k = 0; k < num_systems * num_items; ++k) order.push_back(k);
      group_sizes.push_back(num_systems * num_items);
      break;
    case Grouping::sys:
      for (std::size_t s = 0; s < num_systems; ++s) {
        for (std::size_t i = 0; i < num_items; ++i) order.push_back(s * num_items + i);
        group_sizes.push_back(num_items);
      }
      break;
    case Grouping::item:
      for (std::size_t i = 0; i < num_items; ++i) {
        for (std::size_t s = 0; s < num_systems; ++s) order.push_back(s * num_items + i);
        group_sizes.push_back(num_systems);
      }
      break;
  }
  return order;
}

void check_measure(const CorrelationMeasure& measure) {
  const double eps = measure.options.metric_epsilon;
  if (!(eps >= 0.0)) throw Error("permutation test: the metric tie threshold must be >= 0");
  if (measure.tie_calibrated) {
    if (measure.statistic != Statistic::tau23 && measure.statistic != Statistic::acc23) {
      throw Error("permutation test: tie calibration applies only to tau23 and acc23");
    }
    if (eps != 0.0)
      throw Error("permutation test: with tie calibration the metric tie threshold is optimised, not given");
  } else if (eps != 0.0 && measure.statistic != Statistic::tau23 && measure.statistic != Statistic::acc23) {
    throw Error("permutation test: a metric tie threshold applies only to tau23 and acc23");
  }
}

Prepared prepare(std::span<const double> gold, std::span<const double> metric1, std::span<const double> metric2,
                 std::size_t num_systems, std::size_t num_items, const CorrelationMeasure& measure) {
  if (gold.size() != metric1.size() || gold.size() != metric2.size()) {
    throw Error("permutation test: gold, metric1 and metric2 have " + std::to_string(gold.size()) + ", " +
                std::to_string(metric1.size()) + " and " + std::to_string(metric2.size()) + " values");
  }
  if (gold.size() != num_systems * num_items) {
    throw Error("permutation test: expected " + std::to_string(num_systems) + " systems x " +
                std::to_string(num_items) + " items = " + std::to_string(num_systems * num_items) + " values, got " +
                std::to_string(gold.size()));
  }
  check_measure(measure);
  Prepared p;
  if (measure.tie_calibrated) {
    // The reference hands the unfiltered vectors to KendallWithTiesOpt and z-scores them whole.
    require_finite(metric1, "metric1");
    require_finite(metric2, "metric2");
    p.gold.assign(gold.begin(), gold.end());
    p.z1 = zscore(metric1);
    p.z2 = zscore(metric2);
    p.starts = {0, gold.size()};
    return p;
  }
  std::vector<std::size_t> sizes;
  const std::vector<std::size_t> order = group_order(num_systems, num_items, measure.grouping, sizes);
  std::vector<double> m1, m2;
  p.starts.push_back(0);
  std::size_t k = 0;
  for (std::size_t size : sizes) {
    std::size_t kept = 0;
    for (std::size_t end = k + size; k < end; ++k) {
      const std::size_t pos = order[k];
      if (is_missing(gold[pos])) continue;
      p.gold.push_back(gold[pos]);
      m1.push_back(metric1[pos]);
      m2.push_back(metric2[pos]);
      ++kept;
    }
    if (kept > 0) p.starts.push_back(p.gold.size());  // empty groups disappear, as in the reference
  }
  require_finite(m1, "metric1");
  require_finite(m2, "metric2");
  p.z1 = zscore(m1);
  p.z2 = zscore(m2);
  return p;
}

// The per-group statistic (spec 1.8 step 3), exactly as delta is computed.
double group_statistic(std::span<const double> gold, std::span<const double> metric,
                       const CorrelationMeasure& measure) {
  switch (measure.statistic) {
    case Statistic::pearson:
      return pearson(gold, metric).statistic;  // NaN for n < 2 or a constant side
    case Statistic::spearman:
      return spearman(gold, metric).statistic;
    case Statistic::kendall_b:
      if (gold.size() < 2) return kNaN;
      return kendall_tau(gold, metric, KendallVariant::b, KendallMethod::asymptotic).statistic;
    case Statistic::kendall_c:
      if (gold.size() < 2) return kNaN;
      return kendall_tau(gold, metric, KendallVariant::c, KendallMethod::asymptotic).statistic;
    case Statistic::tau23:
      return kendall_variant(gold, metric, TiesKendallVariant::tau23, measure.options.metric_epsilon);
    case Statistic::acc23:
      return kendall_variant(gold, metric, TiesKendallVariant::acc23, measure.options.metric_epsilon);
    default: {
      // Any other statistic: average_correlation over this one group gives it (num_groups 0 = NaN).
      if (gold.size() < 2) return kNaN;
      const GroupedCorrelation one =
          average_correlation(gold, metric, 1, gold.size(), Grouping::none, measure.statistic, AverageOptions{});
      return one.num_groups == 0 ? kNaN : one.value;
    }
  }
}

// Spec 1.8 step 3: average of the group values, NaN dropped or zeroed.
class GroupAverager {
 public:
  explicit GroupAverager(const AverageOptions& options) : options_(options) {}
  void clear() {
    values_.clear();
    weighted_sum_ = 0.0;
    total_weight_ = 0.0;
  }
  void add(double value, std::size_t length) {
    if (std::isnan(value)) {
      if (!options_.replace_nans_with_zeros) return;
      value = 0.0;
    }
    if (options_.macro) {
      values_.push_back(value);
    } else {
      weighted_sum_ += static_cast<double>(length) * value;
      total_weight_ += static_cast<double>(length);
    }
  }
  double mean() const {
    if (options_.macro) {
      return values_.empty()
                 ? 0.0
                 : detail::numpy_pairwise_sum(values_.data(), values_.size()) / static_cast<double>(values_.size());
    }
    return total_weight_ == 0.0 ? 0.0 : weighted_sum_ / total_weight_;
  }

 private:
  AverageOptions options_;
  std::vector<double> values_;
  double weighted_sum_ = 0.0, total_weight_ = 0.0;
};

bool mask_bit(const std::uint64_t* mask, std::size_t e) { return (mask[e >> 6] >> (e & 63)) & 1U; }

// Exact Corr of one metric vector in the prepared layout, the way the reference computes it.
class ExactCorrelation {
 public:
  ExactCorrelation(const Prepared& data, const CorrelationMeasure& measure, std::size_t num_systems,
                   std::size_t num_items)
      : data_(data), measure_(measure), num_systems_(num_systems), num_items_(num_items), averager_(measure.options) {}

  double operator()(std::span<const double> metric) {
    if (measure_.tie_calibrated) {
      const auto variant =
          measure_.statistic == Statistic::tau23 ? TiesKendallVariant::tau23 : TiesKendallVariant::acc23;
      const TieCalibration best =
          calibrate_ties(data_.gold, metric, num_systems_, num_items_, measure_.grouping, variant);
      return std::isnan(best.value) ? 0.0 : best.value;  // no active group: nothing to average
    }
    averager_.clear();
    for (std::size_t g = 0; g + 1 < data_.starts.size(); ++g) {
      const std::size_t begin = data_.starts[g], length = data_.starts[g + 1] - begin;
      const std::span<const double> gold(data_.gold.data() + begin, length);
      averager_.add(group_statistic(gold, metric.subspan(begin, length), measure_), length);
    }
    return averager_.mean();
  }

  // (Corr(m2'), Corr(m1')) of a swap mask: bit set = element kept (m1' takes z1 there).
  std::pair<double, double> hybrid(const std::uint64_t* mask) {
    const std::size_t n = data_.z1.size();
    h1_.resize(n);
    h2_.resize(n);
    for (std::size_t e = 0; e < n; ++e) {
      const bool keep = mask_bit(mask, e);
      h1_[e] = keep ? data_.z1[e] : data_.z2[e];
      h2_[e] = keep ? data_.z2[e] : data_.z1[e];
    }
    const double c1 = (*this)(h1_);
    const double c2 = (*this)(h2_);
    return {c2, c1};
  }

 private:
  const Prepared& data_;
  const CorrelationMeasure& measure_;
  std::size_t num_systems_, num_items_;
  GroupAverager averager_;
  std::vector<double> h1_, h2_;
};

// ---- Pearson fast path -------------------------------------------------------------------------

typedef double v4d __attribute__((vector_size(32)));
typedef long long v4i __attribute__((vector_size(32)));

struct NibbleMasks {
  v4i lanes[16];
  NibbleMasks() {
    for (int nibble = 0; nibble < 16; ++nibble) {
      for (int k = 0; k < 4; ++k) lanes[nibble][k] = ((nibble >> k) & 1) ? -1LL : 0LL;
    }
  }
};
const NibbleMasks kNibbleMasks;

// Passed by reference, not returned: a 32-byte vector return value would depend on the -mavx ABI.
inline void add_masked(v4d& sum, const double* p, const v4i& mask) {
  v4d v;
  std::memcpy(&v, p, sizeof v);
  sum += (v4d)((v4i)v & mask);
}

// The 64 mask bits starting at element e (the mask carries one zero word of padding).
inline std::uint64_t bits_from(const std::uint64_t* mask, std::size_t e) {
  const std::size_t word = e >> 6, offset = e & 63;
  const std::uint64_t low = mask[word] >> offset;
  return offset == 0 ? low : low | (mask[word + 1] << (64 - offset));
}

// Sums of d, q and h over the elements of [begin, end) whose mask bit is set.
__attribute__((target_clones("avx2", "default"))) void masked_sums(const double* d, const double* q, const double* h,
                                                                   const std::uint64_t* mask, std::size_t begin,
                                                                   std::size_t end, double* out) {
  v4d sd0 = {0, 0, 0, 0}, sq0 = sd0, sh0 = sd0, sd1 = sd0, sq1 = sd0, sh1 = sd0;
  std::size_t e = begin;
  for (; e + 64 <= end; e += 64) {
    std::uint64_t bits = bits_from(mask, e);
    for (int k = 0; k < 64; k += 8, bits >>= 8) {  // constant shifts only: cheap on every x86
      const v4i m0 = kNibbleMasks.lanes[bits & 15], m1 = kNibbleMasks.lanes[(bits >> 4) & 15];
      add_masked(sd0, d + e + k, m0);
      add_masked(sq0, q + e + k, m0);
      add_masked(sh0, h + e + k, m0);
      add_masked(sd1, d + e + k + 4, m1);
      add_masked(sq1, q + e + k + 4, m1);
      add_masked(sh1, h + e + k + 4, m1);
    }
  }
  for (; e + 4 <= end; e += 4) {
    const v4i m0 = kNibbleMasks.lanes[bits_from(mask, e) & 15];
    add_masked(sd0, d + e, m0);
    add_masked(sq0, q + e, m0);
    add_masked(sh0, h + e, m0);
  }
  sd0 += sd1;
  sq0 += sq1;
  sh0 += sh1;
  double sum_d = (sd0[0] + sd0[1]) + (sd0[2] + sd0[3]);
  double sum_q = (sq0[0] + sq0[1]) + (sq0[2] + sq0[3]);
  double sum_h = (sh0[0] + sh0[1]) + (sh0[2] + sh0[3]);
  for (; e < end; ++e) {
    if (mask_bit(mask, e)) {
      sum_d += d[e];
      sum_q += q[e];
      sum_h += h[e];
    }
  }
  out[0] = sum_d;
  out[1] = sum_q;
  out[2] = sum_h;
}

class PearsonFastPath {
 public:
  PearsonFastPath(const Prepared& data, const CorrelationMeasure& measure, ExactCorrelation& exact, double delta)
      : data_(data), measure_(measure), exact_(exact), delta_(delta), avg1_(measure.options), avg2_(measure.options) {
    const std::size_t n = data.gold.size();
    d_.resize(n);
    q_.resize(n);
    h_.resize(n);
    for (std::size_t g = 0; g + 1 < data.starts.size(); ++g) {
      Group group;
      group.begin = data.starts[g];
      group.length = data.starts[g + 1] - group.begin;
      const std::size_t begin = group.begin, end = begin + group.length;
      const double length = static_cast<double>(group.length);
      double gold_mean = 0.0, shift = 0.0;
      bool gold_constant = true;
      for (std::size_t e = begin; e < end; ++e) {
        gold_mean += data.gold[e];
        shift += data.z1[e] + data.z2[e];
        gold_constant = gold_constant && data.gold[e] == data.gold[begin];
      }
      gold_mean /= length;
      shift /= 2.0 * length;
      group.always_nan = group.length < 2 || gold_constant;
      for (std::size_t e = begin; e < end; ++e) {
        const double gc = data.gold[e] - gold_mean, a = data.z1[e] - shift, b = data.z2[e] - shift;
        group.sgg += gc * gc;
        group.sum_a += a;
        group.sq_a += a * a;
        group.g_a += gc * a;
        group.sum_b += b;
        group.sq_b += b * b;
        group.g_b += gc * b;
        d_[e] = a - b;
        q_[e] = a * a - b * b;
        h_[e] = gc * (a - b);
      }
      groups_.push_back(group);
    }
  }

  // The masked sums of `count` draws at once, mask k at masks + k * stride. Large groups are walked
  // in cache-sized chunks, each chunk serving every draw of the batch before the next is loaded.
  void compute_sums(const std::uint64_t* masks, std::size_t stride, std::size_t count) {
    const std::size_t num_groups = groups_.size();
    sums_.assign(count * num_groups * 3, 0.0);
    for (std::size_t g = 0; g < num_groups; ++g) {
      const Group& group = groups_[g];
      if (group.always_nan || group.length <= 3) continue;
      const std::size_t end = group.begin + group.length;
      if (group.length <= 64) {
        // Small groups: branch-free scalar sums over the (at most 64) bits of the group.
        for (std::size_t k = 0; k < count; ++k) {
          const std::uint64_t bits = bits_from(masks + k * stride, group.begin);
          double sum_d = 0.0, sum_q = 0.0, sum_h = 0.0;
          for (std::size_t e = group.begin, b = 0; e < end; ++e, ++b) {
            const double w = static_cast<double>((bits >> b) & 1U);
            sum_d += w * d_[e];
            sum_q += w * q_[e];
            sum_h += w * h_[e];
          }
          double* out = &sums_[(k * num_groups + g) * 3];
          out[0] = sum_d;
          out[1] = sum_q;
          out[2] = sum_h;
        }
        continue;
      }
      for (std::size_t chunk = group.begin; chunk < end; chunk += kChunk) {
        const std::size_t chunk_end = std::min(end, chunk + kChunk);
        for (std::size_t k = 0; k < count; ++k) {
          double part[3];
          masked_sums(d_.data(), q_.data(), h_.data(), masks + k * stride, chunk, chunk_end, part);
          double* out = &sums_[(k * num_groups + g) * 3];
          out[0] += part[0];
          out[1] += part[1];
          out[2] += part[2];
        }
      }
    }
  }

  // (Corr(m2'), Corr(m1')) of draw k of the last compute_sums batch (mask = its mask), and whether the
  // draw counts (c2 - c1 >= delta).
  std::pair<double, double> draw(std::size_t k, const std::uint64_t* mask, bool& counts) {
    avg1_.clear();
    avg2_.clear();
    const std::size_t num_groups = groups_.size();
    for (std::size_t g = 0; g < num_groups; ++g) {
      const Group& group = groups_[g];
      double r1 = kNaN, r2 = kNaN;
      if (!group.always_nan) {
        if (group.length <= 3) {
          exact_group(group, mask, r1, r2);
        } else {
          const double* sums = &sums_[(k * num_groups + g) * 3];
          const double length = static_cast<double>(group.length);
          // m1' = z2 + mask * (z1 - z2); m2' = z1 - mask * (z1 - z2).
          const double s1 = group.sum_b + sums[0], ss1 = group.sq_b + sums[1], sg1 = group.g_b + sums[2];
          const double s2 = group.sum_a - sums[0], ss2 = group.sq_a - sums[1], sg2 = group.g_a - sums[2];
          const double var1 = ss1 - s1 * s1 / length, var2 = ss2 - s2 * s2 / length;
          if (!(var1 > kDegenerateRatio * ss1) || !(var2 > kDegenerateRatio * ss2)) {
            exact_group(group, mask, r1, r2);
          } else {
            r1 = std::clamp(sg1 / std::sqrt(group.sgg * var1), -1.0, 1.0);
            r2 = std::clamp(sg2 / std::sqrt(group.sgg * var2), -1.0, 1.0);
          }
        }
      }
      avg1_.add(r1, group.length);
      avg2_.add(r2, group.length);
    }
    double c1 = avg1_.mean(), c2 = avg2_.mean();
    if (std::fabs((c2 - c1) - delta_) <= kTieWindow) {
      // Too close to call with one-pass sums: decide with the exact computation delta came from.
      std::tie(c2, c1) = exact_.hybrid(mask);
    }
    counts = c2 - c1 >= delta_;
    return {c2, c1};
  }

 private:
  static constexpr std::size_t kChunk = 1024;  // 3 x 8 KiB of d, q, h: stays in L1 across a batch

  struct Group {
    std::size_t begin = 0, length = 0;
    bool always_nan = false;
    double sgg = 0, sum_a = 0, sq_a = 0, g_a = 0, sum_b = 0, sq_b = 0, g_b = 0;
  };

  void exact_group(const Group& group, const std::uint64_t* mask, double& r1, double& r2) {
    x1_.resize(group.length);
    x2_.resize(group.length);
    for (std::size_t k = 0; k < group.length; ++k) {
      const std::size_t e = group.begin + k;
      const bool keep = mask_bit(mask, e);
      x1_[k] = keep ? data_.z1[e] : data_.z2[e];
      x2_[k] = keep ? data_.z2[e] : data_.z1[e];
    }
    const std::span<const double> gold(data_.gold.data() + group.begin, group.length);
    r1 = group_statistic(gold, x1_, measure_);
    r2 = group_statistic(gold, x2_, measure_);
  }

  const Prepared& data_;
  const CorrelationMeasure& measure_;
  ExactCorrelation& exact_;
  double delta_;
  GroupAverager avg1_, avg2_;
  std::vector<Group> groups_;
  std::vector<double> d_, q_, h_, x1_, x2_, sums_;
};

// Runs the draws; next_mask fills the mask words of draw i (1-based) and returns false when there are
// no more.
template <class NextMask>
PermutationResult run(std::span<const double> gold, std::span<const double> metric1, std::span<const double> metric2,
                      std::size_t num_systems, std::size_t num_items, const CorrelationMeasure& measure,
                      std::size_t resamples, std::size_t block_size, double early_min, double early_max,
                      bool keep_draws, NextMask&& next_mask, std::size_t max_elements,
                      const ResampleProgress& progress = {}) {
  const Prepared data = prepare(gold, metric1, metric2, num_systems, num_items, measure);
  const std::size_t n = data.z1.size();
  if (n > max_elements) {
    throw Error("exact permutation test: " + std::to_string(n) + " elements would need 2^" + std::to_string(n) +
                " masks; at most " + std::to_string(kMaxExactElements) + " elements are allowed");
  }
  ExactCorrelation exact(data, measure, num_systems, num_items);
  PermutationResult result;
  result.delta = exact(data.z2) - exact(data.z1);
  if (resamples == 0) return result;

  const bool fast = measure.statistic == Statistic::pearson && !measure.tie_calibrated;
  std::optional<PearsonFastPath> fast_path;
  if (fast) fast_path.emplace(data, measure, exact, result.delta);
  // Masks are drawn in batches (the fast path sums a whole batch per pass over the data); the draws
  // are then judged one by one in order, so early stopping sees exactly the sequential process.
  const std::size_t stride = n / 64 + 2;  // one spare zero word for bits_from
  const std::size_t batch = fast ? kBatch : 1;
  std::vector<std::uint64_t> masks(batch * stride, 0);
  std::size_t count = 0, done = 0;
  if (keep_draws) result.draws.reserve(resamples);
  bool stop = false;
  while (done < resamples && !stop) {
    const std::size_t size = std::min(batch, resamples - done);
    for (std::size_t k = 0; k < size; ++k) next_mask(masks.data() + k * stride, n);
    if (fast) fast_path->compute_sums(masks.data(), stride, size);
    for (std::size_t k = 0; k < size && !stop; ++k) {
      const std::uint64_t* mask = masks.data() + k * stride;
      std::pair<double, double> corrs;
      bool counted = false;
      if (fast) {
        corrs = fast_path->draw(k, mask, counted);
      } else {
        corrs = exact.hybrid(mask);
        counted = corrs.first - corrs.second >= result.delta;
      }
      if (counted) ++count;
      if (keep_draws) result.draws.push_back(corrs);
      ++done;
      if (done % block_size == 0) {
        const double p = static_cast<double>(count) / static_cast<double>(done);
        stop = p < early_min || p > early_max;
      }
    }
    if (progress) progress(done, resamples);
  }
  result.resamples_done = done;
  result.p_value = static_cast<double>(count) / static_cast<double>(done);
  return result;
}

}  // namespace

PermutationResult permutation_test(std::span<const double> gold, std::span<const double> metric1,
                                   std::span<const double> metric2, std::size_t num_systems, std::size_t num_items,
                                   const CorrelationMeasure& measure, const PermutationOptions& options) {
  if (options.block_size == 0) throw Error("permutation test: block_size must be at least 1");
  detail::MaskGenerator generator(options.seed);
  auto next_mask = [&generator](std::uint64_t* mask, std::size_t n) {
    const std::size_t words = (n + 63) / 64;
    for (std::size_t w = 0; w < words; ++w) mask[w] = generator();
    if (n % 64 != 0) mask[words - 1] &= (std::uint64_t{1} << (n % 64)) - 1;
  };
  PermutationResult result = run(gold, metric1, metric2, num_systems, num_items, measure, options.resamples,
                                 options.block_size, options.early_min, options.early_max, options.keep_draws,
                                 next_mask, std::numeric_limits<std::size_t>::max(), options.progress);
  result.seed = options.seed;
  return result;
}

PermutationResult exact_permutation_test(std::span<const double> gold, std::span<const double> metric1,
                                         std::span<const double> metric2, std::size_t num_systems,
                                         std::size_t num_items, const CorrelationMeasure& measure) {
  // The number of masks depends on n, known only after filtering: size the run for the largest n
  // allowed and let run() refuse larger inputs before any draw.
  std::uint64_t next = 0;
  auto next_mask = [&next](std::uint64_t* mask, std::size_t) { mask[0] = next++; };
  // Count the elements first to know 2^n.
  std::size_t n = 0;
  if (measure.tie_calibrated) {
    n = gold.size();
  } else {
    for (double g : gold) n += is_missing(g) ? 0 : 1;
  }
  const std::size_t masks = n <= kMaxExactElements ? (std::size_t{1} << n) : 1;
  // No early stopping: the block never ends before the last mask.
  return run(gold, metric1, metric2, num_systems, num_items, measure, masks, masks, 0.0, 1.0, false, next_mask,
             kMaxExactElements);
}

}  // namespace trenchcoat::meta
