#pragma once
// Translation preference pairs built the way M-RewardBench built its translation subset from MAPLE
// (Gureja et al. 2025, arXiv 2410.15522, section 3): per source segment, from the segment's rated
// translations (a human score per output, higher is better; MQM error scores negated):
//   EASY  the best-rated output is chosen and the worst-rated one rejected, when their gap is at least
//         easy_min_gap (M-RewardBench: 0.25 on MAPLE's 1-6 scale);
//   HARD  among the outputs left after removing that best and that worst one, the two closest-rated
//         outputs whose gap is at least hard_min_gap (M-RewardBench: 0.50; its text: "two responses
//         from the remaining three translations such that their ratings are close to one another"):
//         of every pair of the remaining outputs with gap >= hard_min_gap, the one with the smallest
//         gap; the higher-rated one is chosen.
// Rules that hold for both:
//   - a tie in human score never makes a pair: the gap must be > 0 whatever the thresholds;
//   - two outputs with the same text never make a pair (every scorer would tie on it);
//   - outputs whose score is not finite (unrated) are left out before anything else; a segment needs
//     two rated outputs for EASY and four for HARD (two left after removing the best and the worst);
//   - where several outputs share the best (or the worst) score, or several HARD pairs share the
//     smallest gap, one is drawn uniformly with a generator seeded from (seed, direction, segment index).
// Sampling: a difficulty's eligible segments (those that gave a pair) are all kept when there are at
// most per_subset of them (or per_subset is 0); otherwise per_subset of them are drawn without
// replacement (a partial Fisher-Yates shuffle seeded from (seed, direction, difficulty)) and kept in
// segment order. EASY and HARD are drawn independently, so one segment may give a pair to both, as
// M-RewardBench's two subsets come from the same MAPLE sources.
// Random numbers: the project's xoshiro256++ (src/random), bounded draws by rejection: the same pairs
// on every platform and standard library.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::meta {

struct RatedOutput {
  std::string system;
  std::string text;
  double score = 0;  // human score, higher is better; NaN: unrated
};

struct RatedSegment {
  std::string id;  // e.g. the seg_id
  std::string source;
  std::string reference;  // "" when there is none
  std::vector<RatedOutput> outputs;
};

struct TranslationPairOptions {
  double easy_min_gap = 0.25;    // M-RewardBench's EASY threshold
  double hard_min_gap = 0.50;    // M-RewardBench's HARD threshold
  std::size_t per_subset = 100;  // pairs per direction and difficulty (M-RewardBench: 100); 0: all
  std::uint64_t seed = 0;
};

enum class PairDifficulty { easy, hard };
std::string pair_difficulty_name(PairDifficulty difficulty);  // "easy", "hard"

struct TranslationPair {
  PairDifficulty difficulty = PairDifficulty::easy;
  std::size_t segment = 0;   // index into the segments given
  std::size_t chosen = 0;    // index into that segment's outputs
  std::size_t rejected = 0;  // index into that segment's outputs
  double gap = 0;            // chosen score - rejected score, > 0
};

// The pairs of one direction, and what was left out.
struct TranslationPairSet {
  std::vector<TranslationPair> easy, hard;           // sampled, in segment order
  std::size_t easy_eligible = 0, hard_eligible = 0;  // segments that gave a pair before sampling
  std::size_t segments = 0;                          // segments given
  std::size_t too_few_outputs = 0;                   // segments with fewer than two rated outputs
};

// Throws trenchcoat::Error for a negative or NaN threshold.
TranslationPairSet build_translation_pairs(std::span<const RatedSegment> segments, std::string_view direction,
                                           const TranslationPairOptions& options);

}  // namespace trenchcoat::meta
