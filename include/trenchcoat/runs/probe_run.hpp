#pragma once
// `probe` as a library call: makes a worse variant of every good output with each probe, scores
// original and variant with each scorer, and reports how often the scorer fails to prefer the
// original (failure rate and mean score shift with percentile bootstrap intervals).
//
// The run streams: rows are read, their variants made, scored and written in windows of `window_rows`
// rows (a JSON list input is read whole; JSON Lines, TSV and CSV stream), so that memory does not grow
// with the rows' texts. Counts, skips and sums accumulate across windows in row order; the bootstrap
// needs every item's value, so the run keeps one double per scored item, probe and scorer (the score
// shift; whether the item failed follows from it and the scorer's direction), never the rows. Every
// figure is the same bit for bit whatever the window size. The layout is decided from the first row
// (a TSV/CSV header), as `score` decides it.
//
// The variants file (`variants_out`) lists the variants probe by probe, each probe's in row order:
// the first probe's go straight to a temporary file beside it, the others' to unlinked scratch files
// beside it, appended at the end; the temporary file is then renamed into place, so an error leaves
// no partial file.
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
  std::size_t window_rows = 8192;
  // Every variant as JSON Lines ({"probe", "line", "id", "original", "variant"}); empty: none.
  std::string variants_out;
  bool overwrite = false;  // replace an existing variants_out (never the data file)
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

struct ProbeResult {
  std::string data;    // the dataset's name
  std::string layout;  // as described by the layout detection
  std::size_t items = 0;
  std::uint64_t seed = 0;
  std::size_t bootstrap = 0;
  double confidence = 0;
  std::vector<ProbeScorerInfo> scorers;
  std::vector<ProbeReport> probes;
};

// Throws RequestError for bootstrap 0, a confidence outside (0, 1), an unknown probe or none;
// trenchcoat::Error for a variants_out that is the data file or exists (without overwrite), checked
// before any work, data without rows, a scorer that needs a field the data lacks, or a scorer's
// own error (naming the scorer).
ProbeResult run_probe(const ProbeRequest& request);

}  // namespace trenchcoat::runs
