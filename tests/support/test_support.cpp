#include "test_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace trenchcoat::testing {

std::string fixture_path(const std::string& name) { return std::string(TRENCHCOAT_FIXTURES_DIR) + "/" + name; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json load_json_fixture(const std::string& name) {
  return nlohmann::json::parse(read_file(fixture_path(name)));
}

CommandResult run_trenchcoat(const std::vector<std::string>& args, const std::string& cwd,
                             const std::string& stdin_text, const std::vector<std::string>& extra_env) {
  signal(SIGPIPE, SIG_IGN);  // the child may exit before reading all of its input
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
    for (const auto& e : extra_env) env_storage.push_back(e);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_storage{TRENCHCOAT_BINARY};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    execve(TRENCHCOAT_BINARY, argv.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Feed stdin and drain stdout/stderr together so neither side blocks.
  CommandResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (stdin_text.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open || in_fd >= 0) {
    std::vector<pollfd> fds;
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) break;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_fd) {
        const ssize_t n = write(in_fd, stdin_text.data() + written, stdin_text.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == stdin_text.size()) {
          close(in_fd);
          in_fd = -1;
        }
      } else {
        const ssize_t n = read(p.fd, buffer, sizeof buffer);
        if (n <= 0) {
          if (p.fd == out_pipe[0]) out_open = false;
          else err_open = false;
        } else {
          (p.fd == out_pipe[0] ? result.stdout_text : result.stderr_text).append(buffer, static_cast<std::size_t>(n));
        }
      }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

void TempDirectoryTest::SetUp() {
  dir_ = std::filesystem::temp_directory_path() /
         ("trenchcoat-test-" + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir_);
}

void TempDirectoryTest::TearDown() { std::filesystem::remove_all(dir_); }

std::string TempDirectoryTest::write(const std::string& name, const std::string& content) const {
  std::ofstream(dir_ / name, std::ios::binary) << content;
  return (dir_ / name).string();
}

CommandResult TempDirectoryTest::trenchcoat(const std::vector<std::string>& args) const {
  return run_trenchcoat(args, dir_.string());
}

CommandResult SacrebleuCliFixture::run(std::vector<std::string> args, const std::string& stdin_text,
                                       const std::vector<std::string>& env) const {
  args.insert(args.begin(), "sacrebleu");
  return run_trenchcoat(args, dir_.string(), stdin_text, env);
}

}  // namespace trenchcoat::testing

namespace {
// The expected strings in the fixtures come from sacreBLEU 2.6.0, whose signatures end in
// "version:2.6.0"; make trenchcoat write the same version field while the tests run.
const bool kSignatureVersionSet = [] {
  setenv("TRENCHCOAT_SIGNATURE_VERSION", "2.6.0", 1);
  return true;
}();
}  // namespace
