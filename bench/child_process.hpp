#pragma once
// Running a command-line tool as a measured child process, for the end-to-end benchmarks that time
// trenchcoat against a reference tool on the same input: wall and CPU time, peak resident memory,
// and what the child printed. Shared by every bench_*_compare program.
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

namespace trenchcoat::bench {

// Any failure that should stop a benchmark with a one-line message.
struct BenchError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How to start a tool: either a binary followed by fixed leading arguments, or a shell command line
// (the reference tool's command, from an environment variable) to which arguments are appended.
struct Launcher {
  std::string label;  // "trenchcoat" or "reference", for messages
  std::string binary;
  std::vector<std::string> leading_arguments;
  std::optional<std::string> shell_command;
};

Launcher binary_launcher(std::string label, std::string binary, std::vector<std::string> leading);
Launcher shell_launcher(std::string label, std::string command);
// The launcher of the command in environment variable `variable`, if it is set and not empty.
std::optional<Launcher> launcher_from_environment(const char* variable, std::string label = "reference");
std::string describe(const Launcher& launcher);

struct RunResult {
  double wall_seconds = 0.0;
  double cpu_seconds = 0.0;  // user + system, of the child and what it waited for
  double peak_rss_mb = 0.0;
  std::string output;  // what the child printed on stdout
};

// Runs one child to completion and measures it; standard input is /dev/null. cpu >= 0 pins the child
// to that core; cpu < 0 lets it use every core this process may use. `tag` names the scratch files
// (work_dir/tag.stdout, .stderr). A non-zero exit throws BenchError with the child's last stderr line.
RunResult run_once(const Launcher& launcher, const std::vector<std::string>& arguments, int cpu,
                   const std::string& work_dir, const std::string& tag);
// Best wall time of `repeat` runs (the output of the last one is kept).
RunResult run_best_of(const Launcher& launcher, const std::vector<std::string>& arguments, int cpu,
                      const std::string& work_dir, const std::string& tag, unsigned repeat);

int first_allowed_cpu();
int allowed_cpu_count();
std::string read_file(const std::string& path);
// A fresh directory under $TMPDIR (or /tmp).
std::string make_temporary_directory();

}  // namespace trenchcoat::bench
