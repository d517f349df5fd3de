// The report of a score run or a merge of its shards on standard error, and its exit status.
#include "score_render.hpp"

#include <cstdio>
#include <string>

#include "exit_error.hpp"

namespace trenchcoat::cli {
namespace {

// Exit status when items are left without a score beyond --allow-failures.
constexpr int kExitUnscoredItems = 3;

}  // namespace

void render_score_result(const runs::ScoreDatasetResult& result, const std::string& command, bool quiet) {
  if (!quiet) {
    for (const auto& scorer : result.scorers) {
      for (const auto& name : scorer.replaced_columns)
        std::fprintf(stderr, "%s: note: column '%s' is already in the data; it is replaced\n", command.c_str(),
                     name.c_str());
      for (const auto& m : scorer.issue_messages)
        std::fprintf(stderr, "%s: %s: %s\n", command.c_str(), scorer.column.c_str(), m.text.c_str());
    }
    for (const auto& line : runs::score_summary_lines(result, command)) std::fprintf(stderr, "%s\n", line.c_str());
    std::fprintf(stderr, "%s: layout %s; wrote %zu rows to %s\n", command.c_str(), result.layout.c_str(), result.rows,
                 result.out == "-" ? "standard output" : result.out.c_str());
    if (result.shard)
      std::fprintf(
          stderr,
          "%s: shard %zu/%zu: the corpus scores above are this shard's rows only; `trenchcoat merge` of all %zu "
          "shards gives the whole run's\n",
          command.c_str(), result.shard->index, result.shard->count, result.shard->count);
  }
  const auto failed = runs::failed_scorer_notes(result);
  if (!failed.empty()) {
    std::string which;
    for (const auto& f : failed) which += (which.empty() ? "" : ", ") + f;
    throw ExitError(kExitUnscoredItems,
                    "items without a score (null in the output): " + which +
                        "; pass --allow-failures FRACTION to accept up to that share of each scorer's items");
  }
}

}  // namespace trenchcoat::cli
