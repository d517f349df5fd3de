#pragma once
// What a command does with a row whose score is missing (null, absent, None): --missing error|drop|tie.
#include <string>
#include <string_view>

namespace trenchcoat::io {

enum class MissingPolicy { error, drop, tie };

// "error", "drop" or "tie"; anything else is a trenchcoat::Error that lists the three.
MissingPolicy parse_missing_policy(std::string_view name);
std::string missing_policy_name(MissingPolicy policy);

}  // namespace trenchcoat::io
