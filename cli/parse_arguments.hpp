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

}  // namespace trenchcoat::cli
