#include "trenchcoat/judges/command_scorer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/signature.hpp"
#include "trenchcoat/text/python_string.hpp"

extern char** environ;

namespace trenchcoat::judges {
namespace {

using scoring::Item;
using scoring::ScoreResult;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }
  int get() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd) {
    close();
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

void make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cmd: cannot create a pipe: ") + std::strerror(errno));
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
}

std::string item_line(const Item& item) {
  nlohmann::ordered_json j;
  j["id"] = item.id;
  j["prompt"] = item.prompt;
  j["candidate"] = item.candidate;
  j["references"] = item.references;
  j["source"] = item.source;
  j["alternative"] = item.alternative;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Writes every item to fd, then closes it. A program that stops reading (EPIPE) ends the writing;
// SIGPIPE is blocked in this thread so that it cannot end the process.
void write_items(std::span<const Item> items, int fd) {
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  bool broken = false;
  std::string buffer;
  auto flush = [&] {
    std::size_t done = 0;
    while (!broken && done < buffer.size()) {
      const ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        broken = true;  // EPIPE: the program closed its input; its exit status tells the rest
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer.clear();
  };
  for (const Item& item : items) {
    if (broken) break;
    buffer += item_line(item);
    if (buffer.size() >= (1u << 16)) flush();
  }
  flush();
  ::close(fd);
  if (broken) {  // consume the pending SIGPIPE so that it is never delivered
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_signal, nullptr, &zero) > 0) {}
  }
}

std::string shorten(std::string_view s) {
  if (s.size() <= 80) return std::string(s);
  std::size_t n = 77;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

class CommandScorer : public scoring::Scorer {
 public:
  CommandScorer(std::string run, bool shell, scoring::Direction direction, scoring::ScorerKind kind)
      : run_(std::move(run)), shell_(shell) {
    if (!shell_ && !run_.empty()) {
      words_ = split_command_words(run_);
      if (words_.empty()) throw Error("cmd: run= names no program");
    }
    info_.name = "cmd";
    info_.description = "a user program: items as JSON Lines on its stdin, one JSON score per line on its stdout";
    info_.required_fields = {"candidate"};
    if (kind == scoring::ScorerKind::pairwise) info_.required_fields.push_back("alternative");
    info_.direction = direction;
    info_.kind = kind;
    info_.options = command_scorer_option_info();
  }

  const scoring::ScorerInfo& info() const override { return info_; }

  std::string signature() const override {
    metrics::Signature sig;
    sig.add("run", "r", run_);
    sig.add("shell", "sh", metrics::yes_no(shell_));
    if (info_.kind == scoring::ScorerKind::pairwise) sig.add("kind", "k", "pairwise");
    return "cmd|" + sig.format(false);
  }

  ScoreResult score(std::span<const Item> items) const override { return score_with_progress(items, {}); }

  // Each answer line finishes one item.
  ScoreResult score_with_progress(std::span<const Item> items, const scoring::ScoreProgress& progress) const override {
    if (run_.empty())
      throw Error("cmd: no program to run: give one with run=\"PROGRAM ARGS\" (e.g. cmd:run=python3 rm.py)");
    ScoreResult result;
    if (items.empty()) return result;

    Fd child_in_read, child_in_write, child_out_read, child_out_write;
    make_pipe(child_in_read, child_in_write);
    make_pipe(child_out_read, child_out_write);

    std::vector<std::string> words = shell_ ? std::vector<std::string>{"/bin/sh", "-c", run_} : words_;
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in_read.get(), 0);
    posix_spawn_file_actions_adddup2(&actions, child_out_write.get(), 1);
    pid_t pid = -1;
    const int spawn_error = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawn_error != 0)
      throw Error("cmd '" + run_ + "': cannot run '" + words[0] + "': " + std::strerror(spawn_error));
    child_in_read.close();
    child_out_write.close();

    const int write_fd = child_in_write.release();  // the writer thread owns it now and closes it
    std::thread writer([items, write_fd] { write_items(items, write_fd); });

    std::string failure;  // an answer problem: the program is killed and this is thrown
    std::size_t answered = 0;
    std::string pending;
    char buffer[1 << 16];
    auto handle_line = [&](std::string_view line) {
      line = text::strip(line);
      if (line.empty()) return;
      if (answered >= items.size()) {
        failure = "answered more lines than the " + std::to_string(items.size()) + " rows it was given: '" +
                  shorten(line) + "'";
        return;
      }
      const auto value = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      const nlohmann::json* number = &value;
      if (value.is_object() && value.contains("score")) number = &value["score"];
      if (number->is_number()) {
        result.item_scores.push_back(number->get<double>());
      } else if (number->is_null() && !value.is_discarded()) {
        result.item_scores.push_back(std::numeric_limits<double>::quiet_NaN());
        result.issues.push_back({answered, "the program gave no score (null)"});
      } else {
        failure = row_name(items, answered) + ": the answer is not a number: '" + shorten(line) + "'";
        return;
      }
      ++answered;
      if (progress) progress(1);
    };
    while (failure.empty()) {
      const ssize_t n = ::read(child_out_read.get(), buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::size_t start = 0;
      const std::string_view chunk(buffer, static_cast<std::size_t>(n));
      for (std::size_t i = 0; i < chunk.size() && failure.empty(); ++i) {
        if (chunk[i] != '\n') continue;
        if (pending.empty()) handle_line(chunk.substr(start, i - start));
        else {
          pending.append(chunk.substr(start, i - start));
          handle_line(pending);
          pending.clear();
        }
        start = i + 1;
      }
      if (failure.empty()) pending.append(chunk.substr(start));
    }
    if (failure.empty() && !pending.empty()) handle_line(pending);  // a last line without a newline
    if (!failure.empty()) ::kill(pid, SIGKILL);
    child_out_read.close();
    writer.join();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    const std::string who = "cmd '" + run_ + "'";
    if (!failure.empty()) throw Error(who + ": " + failure);
    const std::string answered_so_far =
        "after answering " + std::to_string(answered) + " of " + std::to_string(items.size()) + " rows";
    if (WIFSIGNALED(status)) {
      const int sig = WTERMSIG(status);
      throw Error(who + ": the program was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ") " +
                  answered_so_far + (answered < items.size() ? " (at " + row_name(items, answered) + ")" : ""));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
      throw Error(who + ": the program exited with status " + std::to_string(WEXITSTATUS(status)) + " " +
                  answered_so_far + (answered < items.size() ? " (at " + row_name(items, answered) + ")" : ""));
    if (answered < items.size())
      throw Error(who + ": the program answered " + std::to_string(answered) + " of " + std::to_string(items.size()) +
                  " rows: no answer for " + row_name(items, answered));
    return result;
  }

 private:
  static std::string row_name(std::span<const Item> items, std::size_t i) {
    return "row " + std::to_string(i + 1) + (items[i].id.empty() ? "" : " (id " + items[i].id + ")");
  }

  std::string run_;
  bool shell_;
  std::vector<std::string> words_;
  scoring::ScorerInfo info_;
};

}  // namespace

std::vector<std::string> split_command_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 >= command.size()) throw Error("cmd: run= ends with a backslash: '" + std::string(command) + "'");
      word += command[++i];
    } else if (c == '\'') {
      const std::size_t end = command.find('\'', i + 1);
      if (end == std::string_view::npos)
        throw Error("cmd: run= has an unterminated ' quote: '" + std::string(command) + "'");
      word.append(command.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size() &&
            (command[j + 1] == '"' || command[j + 1] == '\\' || command[j + 1] == '$' || command[j + 1] == '`'))
          ++j;
        word += command[j];
      }
      if (j >= command.size()) throw Error("cmd: run= has an unterminated \" quote: '" + std::string(command) + "'");
      i = j;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::vector<scoring::OptionInfo> command_scorer_option_info() {
  using scoring::OptionInfo;
  return {OptionInfo::string("run", "", "the program and its arguments (split like shell words; no shell)")
              .when_unset("none: scoring needs one"),
          OptionInfo::boolean("shell", "false", "true: run the command with /bin/sh -c"),
          OptionInfo::choice("direction", "higher", {"higher", "lower"}, "which scores are better"),
          OptionInfo::choice("kind", "pointwise", {"pointwise", "pairwise"},
                             "pointwise, or pairwise (the program answers P(candidate preferred))")};
}

std::unique_ptr<scoring::Scorer> make_command_scorer(const scoring::ScorerOptions& options) {
  const scoring::OptionValues v = scoring::validate_options("cmd", command_scorer_option_info(), options);
  return std::make_unique<CommandScorer>(
      v.text("run"), v.boolean("shell"),
      v.text("direction") == "higher" ? scoring::Direction::higher_is_better : scoring::Direction::lower_is_better,
      v.text("kind") == "pairwise" ? scoring::ScorerKind::pairwise : scoring::ScorerKind::pointwise);
}

}  // namespace trenchcoat::judges
