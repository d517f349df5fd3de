#include "trenchcoat/meta/translation_pairs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "random/xoshiro256_plus_plus.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {
namespace {

using detail::Xoshiro256PlusPlus;

// FNV-1a, 64 bits: a stable hash of the direction's name for the seeds.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The seed of one stream: the run's seed, the direction, and a stream number (a segment's index, or
// the sampling stream of a difficulty), mixed so that nearby numbers give unrelated streams.
std::uint64_t stream_seed(std::uint64_t seed, std::string_view direction, std::uint64_t stream) {
  std::uint64_t z = seed ^ fnv1a(direction);
  z += 0x9e3779b97f4a7c15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Uniform in [0, n) by rejection of the draws below 2^64 mod n.
std::size_t draw_below(Xoshiro256PlusPlus& generator, std::uint64_t n) {
  const std::uint64_t rejected_below = (0 - n) % n;
  for (;;) {
    const std::uint64_t x = generator();
    if (x >= rejected_below) return static_cast<std::size_t>(x % n);
  }
}

// Stream numbers of the two sampling draws; segment streams are the segment indices, which stay below.
constexpr std::uint64_t kEasySampling = ~std::uint64_t{0} - 1;
constexpr std::uint64_t kHardSampling = ~std::uint64_t{0} - 2;

struct SegmentPairs {
  std::optional<TranslationPair> easy, hard;
};

SegmentPairs pairs_of_segment(const RatedSegment& segment, std::size_t index, std::string_view direction,
                              const TranslationPairOptions& options) {
  SegmentPairs out;
  std::vector<std::size_t> rated;
  for (std::size_t o = 0; o < segment.outputs.size(); ++o)
    if (std::isfinite(segment.outputs[o].score)) rated.push_back(o);
  if (rated.size() < 2) return out;
  Xoshiro256PlusPlus generator(stream_seed(options.seed, direction, index));
  const auto score = [&](std::size_t o) { return segment.outputs[o].score; };
  double best = score(rated[0]), worst = best;
  for (const std::size_t o : rated) {
    best = std::max(best, score(o));
    worst = std::min(worst, score(o));
  }
  if (best == worst) return out;  // every rated output ties: no pair at all
  std::vector<std::size_t> top, bottom;
  for (const std::size_t o : rated) {
    if (score(o) == best) top.push_back(o);
    if (score(o) == worst) bottom.push_back(o);
  }
  const std::size_t chosen = top[draw_below(generator, top.size())];
  const std::size_t rejected = bottom[draw_below(generator, bottom.size())];
  const double easy_gap = best - worst;
  if (easy_gap >= options.easy_min_gap && segment.outputs[chosen].text != segment.outputs[rejected].text)
    out.easy = TranslationPair{PairDifficulty::easy, index, chosen, rejected, easy_gap};

  // HARD: the closest pair at least hard_min_gap apart among the rest.
  std::vector<std::size_t> rest;
  for (const std::size_t o : rated)
    if (o != chosen && o != rejected) rest.push_back(o);
  std::vector<std::pair<std::size_t, std::size_t>> closest;  // (higher, lower)
  double closest_gap = 0;
  for (std::size_t a = 0; a < rest.size(); ++a) {
    for (std::size_t b = a + 1; b < rest.size(); ++b) {
      std::size_t hi = rest[a], lo = rest[b];
      if (score(hi) < score(lo)) std::swap(hi, lo);
      const double gap = score(hi) - score(lo);
      if (!(gap > 0) || gap < options.hard_min_gap) continue;
      if (segment.outputs[hi].text == segment.outputs[lo].text) continue;
      if (closest.empty() || gap < closest_gap) {
        closest.clear();
        closest_gap = gap;
      }
      if (gap == closest_gap) closest.emplace_back(hi, lo);
    }
  }
  if (!closest.empty()) {
    const auto [hi, lo] = closest[draw_below(generator, closest.size())];
    out.hard = TranslationPair{PairDifficulty::hard, index, hi, lo, closest_gap};
  }
  return out;
}

std::vector<TranslationPair> sample(std::vector<TranslationPair> eligible, std::size_t per_subset, std::uint64_t seed) {
  if (per_subset == 0 || eligible.size() <= per_subset) return eligible;
  Xoshiro256PlusPlus generator(seed);
  std::vector<std::size_t> order(eligible.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = 0; i < per_subset; ++i) {
    const std::size_t j = i + draw_below(generator, order.size() - i);
    std::swap(order[i], order[j]);
  }
  order.resize(per_subset);
  std::sort(order.begin(), order.end());
  std::vector<TranslationPair> out;
  out.reserve(per_subset);
  for (const std::size_t i : order) out.push_back(eligible[i]);
  return out;
}

}  // namespace

std::string pair_difficulty_name(PairDifficulty difficulty) {
  return difficulty == PairDifficulty::easy ? "easy" : "hard";
}

TranslationPairSet build_translation_pairs(std::span<const RatedSegment> segments, std::string_view direction,
                                           const TranslationPairOptions& options) {
  if (!(options.easy_min_gap >= 0)) throw Error("the EASY minimum gap must be a number >= 0");
  if (!(options.hard_min_gap >= 0)) throw Error("the HARD minimum gap must be a number >= 0");
  TranslationPairSet out;
  out.segments = segments.size();
  std::vector<TranslationPair> easy, hard;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    std::size_t rated = 0;
    for (const auto& o : segments[s].outputs) rated += std::isfinite(o.score) ? 1 : 0;
    if (rated < 2) {
      ++out.too_few_outputs;
      continue;
    }
    const SegmentPairs p = pairs_of_segment(segments[s], s, direction, options);
    if (p.easy) easy.push_back(*p.easy);
    if (p.hard) hard.push_back(*p.hard);
  }
  out.easy_eligible = easy.size();
  out.hard_eligible = hard.size();
  out.easy = sample(std::move(easy), options.per_subset, stream_seed(options.seed, direction, kEasySampling));
  out.hard = sample(std::move(hard), options.per_subset, stream_seed(options.seed, direction, kHardSampling));
  return out;
}

}  // namespace trenchcoat::meta
