#pragma once
// Argument parsing shared by the subcommands: CLI11 with `--help` printed to stdout and parse errors
// turned into one line and exit code 2 (as argparse does).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "exit_error.hpp"

namespace trenchcoat::cli {

// Parses args (in command-line order). Returns false when help was printed: the command is done.
inline bool parse_arguments(CLI::App& app, std::vector<std::string> args, const std::string& command) {
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return false;
  } catch (const CLI::ParseError& e) {
    throw ExitError(2, e.what() + std::string(" (see `") + command + " --help`)");
  }
  return true;
}

// A count of at least 1 (rows in a window, ...), written as decimal digits. CLI11's PositiveNumber would
// print the whole range of a double in its message.
inline const CLI::Validator kAtLeastOne(
    [](std::string& value) -> std::string {
      const bool digits =
          !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || value.find_first_not_of('0') == std::string::npos)
        return "'" + value + "' is not a whole number of at least 1";
      return {};
    },
    "N >= 1");

}  // namespace trenchcoat::cli
