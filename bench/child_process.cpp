#include "child_process.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace trenchcoat::bench {

Launcher binary_launcher(std::string label, std::string binary, std::vector<std::string> leading) {
  return Launcher{std::move(label), std::move(binary), std::move(leading), std::nullopt};
}

Launcher shell_launcher(std::string label, std::string command) {
  return Launcher{std::move(label), {}, {}, std::move(command)};
}

std::string describe(const Launcher& launcher) {
  if (launcher.shell_command) return *launcher.shell_command;
  std::string text = launcher.binary;
  for (const auto& argument : launcher.leading_arguments) text += fmt::format(" {}", argument);
  return text;
}

// The full argv for one run. A shell command receives the arguments as "$@",
// so nothing needs quoting.
static std::vector<std::string> build_argv(const Launcher& launcher, const std::vector<std::string>& arguments) {
  std::vector<std::string> argv;
  if (launcher.shell_command) {
    argv = {"/bin/sh", "-c", fmt::format("{} \"$@\"", *launcher.shell_command), "sh"};
  } else {
    argv.push_back(launcher.binary);
    argv.insert(argv.end(), launcher.leading_arguments.begin(), launcher.leading_arguments.end());
  }
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return argv;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BenchError(fmt::format("cannot read {}", path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The last non-empty line of a child's stderr: where Python tracebacks and
// argparse put the actual error.
namespace {

std::string last_line(const std::string& text) {
  const auto end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "(nothing on stderr)";
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end + 1 - (start == std::string::npos ? 0 : start + 1));
}

// Runs in the forked child: pin to one core, redirect output, exec. Only
// async-signal-safe calls from here on; failures exit with 127.
[[noreturn]] void exec_child(char* const* argv, int cpu, const char* stdout_path, const char* stderr_path) {
  if (cpu >= 0) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    CPU_SET(cpu, &mask);
    if (sched_setaffinity(0, sizeof mask, &mask) != 0) _exit(126);
  }
  const int null_in = open("/dev/null", O_RDONLY);
  const int out = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (null_in < 0 || out < 0 || err < 0) _exit(126);
  dup2(null_in, STDIN_FILENO);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  execv(argv[0], argv);
  const char message[] = "exec failed\n";
  [[maybe_unused]] auto ignored = write(STDERR_FILENO, message, sizeof message - 1);
  _exit(127);
}

double seconds(const timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

std::string exit_description(int status) {
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  if (WEXITSTATUS(status) == 127) return "could not be started (exit 127)";
  return fmt::format("exit status {}", WEXITSTATUS(status));
}

}  // namespace

// Runs one child to completion and measures it. `tag` names the scratch files.
RunResult run_once(const Launcher& launcher, const std::vector<std::string>& arguments, int cpu,
                   const std::string& work_dir, const std::string& tag) {
  const std::vector<std::string> argv = build_argv(launcher, arguments);
  const std::string stdout_path = fmt::format("{}/{}.stdout", work_dir, tag);
  const std::string stderr_path = fmt::format("{}/{}.stderr", work_dir, tag);
  // Prepared before fork, so the child only makes system calls.
  std::vector<char*> raw_argv;
  for (const auto& argument : argv) raw_argv.push_back(const_cast<char*>(argument.c_str()));
  raw_argv.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) throw BenchError(fmt::format("fork failed: {}", std::strerror(errno)));
  if (child == 0) exec_child(raw_argv.data(), cpu, stdout_path.c_str(), stderr_path.c_str());

  int status = 0;
  rusage usage{};
  while (wait4(child, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw BenchError(fmt::format("wait4 failed: {}", std::strerror(errno)));
  }
  const auto end = std::chrono::steady_clock::now();

  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw BenchError(fmt::format("{} failed ({}) in run '{}' of `{}`: {}", launcher.label, exit_description(status),
                                 tag, describe(launcher), last_line(read_file(stderr_path))));
  }
  RunResult result;
  result.wall_seconds = std::chrono::duration<double>(end - start).count();
  result.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  result.peak_rss_mb = static_cast<double>(usage.ru_maxrss) * 1024.0 / 1e6;  // ru_maxrss is in KiB
  result.output = read_file(stdout_path);
  return result;
}

// Best wall time of `repeat` runs (the output of the last one is kept).
RunResult run_best_of(const Launcher& launcher, const std::vector<std::string>& arguments, int cpu,
                      const std::string& work_dir, const std::string& tag, unsigned repeat) {
  RunResult best = run_once(launcher, arguments, cpu, work_dir, tag);
  for (unsigned i = 1; i < repeat; ++i) {
    RunResult next = run_once(launcher, arguments, cpu, work_dir, tag);
    if (next.wall_seconds < best.wall_seconds) best = std::move(next);
  }
  return best;
}

int first_allowed_cpu() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) return 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &mask)) return cpu;
  }
  return 0;
}

int allowed_cpu_count() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) return 1;
  return CPU_COUNT(&mask);
}

std::optional<Launcher> launcher_from_environment(const char* variable, std::string label) {
  const char* command = std::getenv(variable);
  if (command == nullptr || *command == '\0') return std::nullopt;
  return shell_launcher(std::move(label), command);
}

std::string make_temporary_directory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = fmt::format("{}/trenchcoat-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (mkdtemp(pattern.data()) == nullptr) {
    throw BenchError(fmt::format("cannot create a temporary directory {}: {}", pattern, std::strerror(errno)));
  }
  return pattern;
}

}  // namespace trenchcoat::bench
