#pragma once
// An error that ends a subcommand with a specific exit code (sacreBLEU uses 1 for usage errors and
// 17 for malformed tab-separated input; argument-parsing errors exit with 2 as argparse does).
#include <string>

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

}  // namespace trenchcoat::cli
