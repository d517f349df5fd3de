#pragma once
// What a meta-evaluation command does with a row whose score is missing (null: the scorer could not
// score the item, e.g. a judge whose request failed). The user chooses with --missing; every result
// reports how many rows the policy touched.
//   error  stop at the first such row with one line naming the file, the line and the flag (default);
//   drop   leave the row out;
//   tie    keep the row as a tie (each command says what a tie is in its terms).
#include <cstddef>
#include <string>
#include <string_view>

namespace trenchcoat::meta {

enum class MissingPolicy { error, drop, tie };

// "error", "drop" or "tie"; anything else is a trenchcoat::Error listing them.
MissingPolicy parse_missing_policy(std::string_view name);
std::string missing_policy_name(MissingPolicy policy);

// One line for a result: "N rows with a missing score: dropped (--missing drop)", "... counted as
// ties (--missing tie)", or "no row with a missing score" when N is 0.
std::string missing_rows_note(std::size_t rows, MissingPolicy policy);

}  // namespace trenchcoat::meta
