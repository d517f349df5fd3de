#pragma once
// `cmd`: any program as a scorer (RL frameworks such as OpenRLHF, verl and TRL call a
// reward function with prompts and completions and take one float per sample back, None meaning "no
// score"). Any Python reward model plugs in with a few lines that read stdin and print numbers.
//
// Protocol. Each score() call starts the program once, writes the batch to its standard input as JSON
// Lines, one object per item in order:
//   {"id": ..., "prompt": ..., "candidate": ..., "references": [...], "source": ..., "alternative": ...}
// (every key always present; texts as strings, "" when the dataset has none), closes its standard
// input, and reads its standard output: one answer per item, in order, one per line. An answer is a
// JSON number, or an object with a number under "score" (verl's dict form). null (or {"score": null})
// means the program has no score for the item: the item's score is NaN and the item is reported in
// ScoreResult::issues. Blank lines are ignored. The program's standard error passes through.
// Writing and reading run concurrently (the items are written from a second thread), so a program that
// answers while it reads never blocks on a full pipe. `trenchcoat score` gives the cmd scorer all
// items of a run in one call: the program starts once per scorer per run.
//
// Options:
//   run="PROGRAM ARGS"  the command, split into words as a shell would split a plain word list: blanks
//                       separate words, '...' is literal, "..." honours \" \\ \$ \`, a backslash
//                       escapes the next character; no variables, globs or pipes. PROGRAM is looked
//                       up in PATH. Required.
//   shell=true          run the command with /bin/sh -c instead (pipes, variables). Default false.
//   direction=higher    higher or lower: which way the program's scores point. Default higher.
//   kind=pointwise      pointwise, or pairwise: the program answers, per item, the probability that
//                       the candidate is preferred over the alternative.
//
// Errors (trenchcoat::Error naming the program and the row, 1-based, with its id): the program cannot
// be started; it exits with a non-zero status or is killed by a signal (even after answering every
// row); it answers fewer rows than it was given (names the first row without an answer); an answer
// that is not a number (the program is then killed); more answers than rows; no run option.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::judges {

// Splits a command line into words as described for run= above. Throws trenchcoat::Error for an
// unterminated quote or a trailing backslash; an empty or blank line gives no words.
std::vector<std::string> split_command_words(std::string_view command);

// The options make_command_scorer takes (run, shell, direction, kind; see above): its option table
// (scoring/option_table.hpp). Building without run succeeds (so that the scorer can be listed); scoring
// without it is an error.
std::vector<scoring::OptionInfo> command_scorer_option_info();

std::unique_ptr<scoring::Scorer> make_command_scorer(const scoring::ScorerOptions& options);

}  // namespace trenchcoat::judges
