#pragma once
// `probe` as a library call: makes a worse variant of every good output with each probe, scores
// original and variant with each scorer, and reports how often the scorer fails to prefer the
// original (failure rate and mean score shift with percentile bootstrap intervals).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "trenchcoat/meta/bootstrap_mean.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::runs {

// A scorer by registry name with its options, shown as `column`.
struct ProbeScorerSpec {
  std::string name, column;
  scoring::ScorerOptions options;
};

struct ProbeRequest {
  std::string data;    // .jsonl (.gz), .json, .tsv or .csv
  std::string fields;  // column names: NAME=COLUMN,... as for `trenchcoat score`
  std::vector<ProbeScorerSpec> scorers;
  std::vector<std::string> probes;  // empty: every probe
  std::string language;             // the outputs' language for every row (empty: from the rows)
  std::string language_field;       // column holding each row's output language
  std::uint64_t seed = 0;
  std::size_t bootstrap = 1000;
  double confidence = 0.95;
  bool keep_variants = false;  // fill ProbeResult::variants
};

struct ProbeScore {
  std::string scorer;
  std::size_t items = 0, unscored = 0, failures = 0;
  meta::MeanInterval failure_rate, shift;
  double mean_original = 0, mean_variant = 0;
};

struct ProbeReport {
  std::string name, description;
  std::size_t applicable = 0;
  std::map<std::string, std::size_t> skipped;  // reason -> items
  std::vector<ProbeScore> scores;
};

struct ProbeScorerInfo {
  std::string name, signature;
  bool higher_is_better = true;
  bool pairwise = false;
};

struct ProbeVariant {
  std::string probe;
  std::size_t line = 0;
  std::string id, original, variant;
};

struct ProbeResult {
  std::string data;    // the dataset's name
  std::string layout;  // as described by the layout detection
  std::size_t items = 0;
  std::uint64_t seed = 0;
  std::size_t bootstrap = 0;
  double confidence = 0;
  std::vector<ProbeScorerInfo> scorers;
  std::vector<ProbeReport> probes;
  std::vector<ProbeVariant> variants;  // with keep_variants
};

// Throws RequestError for bootstrap 0, a confidence outside (0, 1), an unknown probe or none;
// trenchcoat::Error for data without rows, a scorer that needs a field the data lacks, or a scorer's
// own error (naming the scorer).
ProbeResult run_probe(const ProbeRequest& request);

}  // namespace trenchcoat::runs
