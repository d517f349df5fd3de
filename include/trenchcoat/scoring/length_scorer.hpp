#pragma once
// The length of the candidate as a score: the spurious-feature baseline every preference report
// should show next to a reward model (a scorer that prefers the longer answer). Higher is "better"
// only in the sense that the baseline prefers longer texts.
//
// Options:
//   unit=chars  Unicode code points (Python's len(str)); the default
//   unit=bytes  UTF-8 bytes
//   unit=words  whitespace-separated tokens, as Python's str.split() with no argument
//               (text/python_string.hpp: Unicode whitespace, runs collapse, ends ignored)
// An empty candidate has length 0. A candidate that is not valid UTF-8 is a trenchcoat::Error naming
// the item (1-based). The corpus score is the mean length. Signature: "length|unit:chars|version:X".
#include <memory>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::scoring {

enum class LengthUnit { chars, bytes, words };

// "chars", "bytes", "words" (or the aliases characters, tokens); anything else is a trenchcoat::Error
// listing the three, in the option table's style (option_table.hpp).
LengthUnit parse_length_unit(const std::string& name);

// The options make_length_scorer takes, with defaults and meanings.
std::vector<OptionInfo> length_option_info();

// Options: unit (default chars).
std::unique_ptr<Scorer> make_length_scorer(const ScorerOptions& options = {});

}  // namespace trenchcoat::scoring
