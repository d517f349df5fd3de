#pragma once
// A progress line on standard error for long runs (scoring, permutation tests, bootstraps): done /
// total, rate and ETA, redrawn by a timer once a second while the work goes on, and only when
// enabled (the commands enable it when stderr is a terminal and --quiet is not given; never in a
// pipe or a test). The work reports progress from any thread; drawing happens on the timer's thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace trenchcoat::cli {

// One progress line, e.g. "judge [#########.....................] 60/200 items, 12.0 items/s, ETA 11.7 s":
// a 30-character bar, the counts, the rate over `elapsed_seconds` and the time left at that rate
// ("ETA ?" before anything is done).
std::string progress_line(const std::string& name, std::size_t done, std::size_t total, double elapsed_seconds,
                          const std::string& unit = "items");

class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled) : enabled_(enabled) {}
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;
  ~ProgressDisplay() { finish(); }

  // Draws the line at 0 and starts the timer that redraws it once a second.
  void start(const std::string& name, std::size_t total, const std::string& unit = "items");
  // Safe from any thread.
  void add(std::size_t finished) { done_ += finished; }
  void set(std::size_t done) { done_ = done; }
  // Stops the timer and clears the line.
  void finish();

 private:
  void draw() const;

  bool enabled_;
  std::string name_, unit_;
  std::size_t total_ = 0;
  std::atomic<std::size_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::thread timer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

}  // namespace trenchcoat::cli
