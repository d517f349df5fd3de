#pragma once
// Helpers shared by the test programs: fixture loading and running the trenchcoat executable.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "trenchcoat/error.hpp"

namespace trenchcoat::testing {

// The message of the trenchcoat::Error that f throws ("" when it throws none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Path of a file under tests/fixtures.
std::string fixture_path(const std::string& name);
nlohmann::json load_json_fixture(const std::string& name);
std::string read_file(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};
// Runs `trenchcoat ARGS...` in directory `cwd` with `stdin_text` on standard input.
CommandResult run_trenchcoat(const std::vector<std::string>& args, const std::string& cwd = ".",
                             const std::string& stdin_text = "", const std::vector<std::string>& extra_env = {});

// A fixture with a fresh temporary directory per test, removed afterwards.
class TempDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Writes a file in the directory and returns its path.
  std::string write(const std::string& name, const std::string& content) const;
  // Runs `trenchcoat ARGS...` in the directory.
  CommandResult trenchcoat(const std::vector<std::string>& args) const;
  std::filesystem::path dir_;
};

// The same, with `trenchcoat sacrebleu` run in the directory.
class SacrebleuCliFixture : public TempDirectoryTest {
 protected:
  CommandResult run(std::vector<std::string> args, const std::string& stdin_text = "",
                    const std::vector<std::string>& env = {}) const;
};

}  // namespace trenchcoat::testing
