// Deterministic synthetic corpora for the sacreBLEU comparison benchmark.
//
// Everything here is driven by our own small PRNG and our own sampling
// helpers (never std::*_distribution, whose output differs between standard
// libraries), so a given seed produces byte-identical files everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trenchcoat::bench {

// splitmix64-seeded xoshiro256**: fast, good enough for test data, and fully
// specified, so results do not depend on the platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  // Uniform double in [0, 1).
  double unit();
  // Uniform integer in [0, bound); bound must be > 0.
  std::size_t below(std::size_t bound);
  // True with the given probability.
  bool chance(double probability);

 private:
  std::uint64_t state_[4];
};

// A ranked word list plus the cumulative Zipf weights used to draw from it.
// Rank 0 is the most frequent word.
class Vocabulary {
 public:
  Vocabulary(std::size_t size, std::uint64_t seed);

  const std::string& draw(Rng& rng) const;
  std::size_t size() const { return words_.size(); }

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_weight_;
};

// Shape of the "MT-like" parallel corpus.
struct NoisyCorpusSpec {
  std::size_t segments = 20000;
  double mean_words = 25.0;
  // Per-word edit probabilities applied to the reference to get the hypothesis.
  double substitute = 0.27;
  double drop = 0.08;
  double insert = 0.05;
  double swap_neighbours = 0.08;
};

// Shape of the TER stress corpus: hypothesis = reference words in random order.
struct ShuffledCorpusSpec {
  std::size_t segments = 200;
  std::size_t words_per_segment = 40;
};

struct CorpusFiles {
  std::string hypothesis;
  std::string reference;
  std::size_t segments = 0;
};

// Writes a reference file and a noisy hypothesis file (one segment per line)
// as `<directory>/<stem>.ref` and `<directory>/<stem>.hyp`.
// Throws std::runtime_error when a file cannot be written.
CorpusFiles write_noisy_corpus(const std::string& directory, const std::string& stem, const NoisyCorpusSpec& spec,
                               const Vocabulary& vocabulary, std::uint64_t seed);

// Same for the shuffled TER corpus.
CorpusFiles write_shuffled_corpus(const std::string& directory, const std::string& stem, const ShuffledCorpusSpec& spec,
                                  const Vocabulary& vocabulary, std::uint64_t seed);

// Copies the first `segments` lines of both files of `source` into a new pair
// `<directory>/<stem>.{ref,hyp}` (used to give the slow reference a slice).
CorpusFiles write_corpus_prefix(const CorpusFiles& source, const std::string& directory, const std::string& stem,
                                std::size_t segments);

}  // namespace trenchcoat::bench
