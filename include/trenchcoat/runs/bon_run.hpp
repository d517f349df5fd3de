#pragma once
// `meta bon` as a library call: the best-of-n over-optimisation curve of a proxy score against a gold
// score (Gao, Schulman & Hilton 2023) over prompts already read (meta/best_of_n_study.hpp reads them
// from rows or score files), with the gold peak, the fits of its two forms and the notes a reader
// needs.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/best_of_n.hpp"
#include "trenchcoat/meta/best_of_n_study.hpp"

namespace trenchcoat::runs {

struct BonRequest {
  std::string data;  // where the prompts came from, as reported (a file, or "PROXY + GOLD" score files)
  meta::BestOfNFields fields;
  meta::BestOfNPrompts prompts;
  std::size_t max_n = 0;  // the curve runs to k = max_n (0: the fewest candidates of a prompt)
  bool zscore = false;    // proxy and gold each z-scored over all candidates
};

struct BonResult {
  std::string data;
  meta::BestOfNFields fields;
  meta::BestOfNPrompts prompts;                            // z-scored with zscore
  std::size_t min_n = 0, max_n = 0, total_candidates = 0;  // candidates per prompt
  std::optional<meta::BestOfNZScores> zscores;
  std::vector<meta::BestOfNPoint> curve;
  std::size_t peak_index = 0;  // the k of the highest gold (the first of equal ones)
  meta::OverOptimisationFit bon, rl;
  std::vector<std::string> notes;
};

// Throws trenchcoat::Error naming the prompts' file when max_n exceeds the fewest candidates of a
// prompt.
BonResult run_bon(BonRequest request);

}  // namespace trenchcoat::runs
