#pragma once
// An error that ends a subcommand with a specific exit code (sacreBLEU uses 1 for usage errors and
// 17 for malformed tab-separated input; argument-parsing errors exit with 2 as argparse does).
#include <exception>
#include <string>
#include <utility>

#include "trenchcoat/error.hpp"

namespace trenchcoat::cli {

class ExitError : public Error {
 public:
  ExitError(int exit_code, const std::string& message) : Error(message), exit_code_(exit_code) {}
  ExitError(int exit_code, const Error& cause) : Error(cause), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// An error that ended a subcommand, with the subcommand's full name ("trenchcoat meta pairs"), so that
// main() prints it as "trenchcoat meta pairs: error: MESSAGE" however deep the command is nested.
class CommandError : public ExitError {
 public:
  CommandError(std::string command, int exit_code, const std::string& message)
      : ExitError(exit_code, message), command_(std::move(command)) {}
  const std::string& command() const { return command_; }

 private:
  std::string command_;
};

// Runs `run` (a subcommand) and turns whatever error it ends with into a CommandError naming `command`
// (the full name, e.g. "trenchcoat mtme score"): ExitError keeps its exit code, any other error
// exits with 1. A CommandError from a deeper command passes through unchanged, so the innermost
// command names the error.
template <class Run>
int run_command(const std::string& command, Run&& run) {
  try {
    return run();
  } catch (const CommandError&) {
    throw;
  } catch (const ExitError& e) {
    throw CommandError(command, e.exit_code(), e.what());
  } catch (const std::exception& e) {
    throw CommandError(command, 1, e.what());
  }
}

}  // namespace trenchcoat::cli
