#include "progress_display.hpp"

#include <algorithm>
#include <cstdio>

#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {

std::string progress_line(const std::string& name, std::size_t done, std::size_t total, double elapsed_seconds,
                          const std::string& unit) {
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total == 0 ? kWidth : std::min(kWidth, kWidth * std::min(done, total) / total);
  std::string bar(filled, '#');
  bar.resize(kWidth, '.');
  std::string eta = "?";
  if (rate > 0) {
    const double left = static_cast<double>(total > done ? total - done : 0) / rate;
    eta = text::format_fixed(left, left < 10 ? 1 : 0) + " s";
  }
  return name + " [" + bar + "] " + std::to_string(done) + "/" + std::to_string(total) + " " + unit + ", " +
         text::format_fixed(rate, 1) + " " + unit + "/s, ETA " + eta;
}

void ProgressDisplay::start(const std::string& name, std::size_t total, const std::string& unit) {
  finish();
  name_ = name;
  unit_ = unit;
  total_ = total;
  done_ = 0;
  start_ = std::chrono::steady_clock::now();
  if (!enabled_) return;
  draw();
  stop_ = false;
  timer_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) draw();
  });
}

void ProgressDisplay::finish() {
  if (!timer_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  timer_.join();
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

void ProgressDisplay::draw() const {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r\033[K%s", progress_line(name_, done_.load(), total_, elapsed, unit_).c_str());
  std::fflush(stderr);
}

}  // namespace trenchcoat::cli
