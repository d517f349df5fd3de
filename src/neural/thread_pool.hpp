#pragma once
// A small fixed pool of std::threads for the encoders' element-wise and per-(sequence, head) work.
//
// parallel_for(n, body) runs body(worker, begin, end) over [0, n) in contiguous chunks handed out
// dynamically; the calling thread takes part as worker 0, the pool's threads are workers 1..size()-1,
// so a pool of size 1 runs everything inline without any thread. Idle threads sleep on a condition
// variable (no spinning), so they do not compete with the BLAS / oneDNN threads between parallel
// phases. Calls are serialised (a second caller waits). The first exception thrown by a body is
// rethrown in the caller after all chunks have finished. A body must not call parallel_for on the same
// pool (it would wait for itself).
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace trenchcoat::neural {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // threads <= 0: std::thread::hardware_concurrency()
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return size_; }

  // `grain`: the smallest chunk worth handing out.
  template <typename Body>
  void parallel_for(std::size_t n, std::size_t grain, Body&& body) {
    if (n == 0) return;
    if (size_ == 1 || n <= grain) {
      body(0, std::size_t{0}, n);
      return;
    }
    run(
        n, grain,
        [](void* context, int worker, std::size_t begin, std::size_t end) {
          (*static_cast<Body*>(context))(worker, begin, end);
        },
        &body);
  }

 private:
  using Trampoline = void (*)(void* context, int worker, std::size_t begin, std::size_t end);
  void run(std::size_t n, std::size_t grain, Trampoline trampoline, void* context);
  void work(int worker);
  void worker_loop(int worker);

  int size_ = 1;
  std::vector<std::thread> threads_;
  std::mutex call_mutex_;  // serialises run()

  std::mutex mutex_;
  std::condition_variable start_, done_;
  std::uint64_t generation_ = 0;
  int busy_ = 0;
  bool stop_ = false;

  // The job of the current generation.
  Trampoline trampoline_ = nullptr;
  void* context_ = nullptr;
  std::size_t n_ = 0, chunk_ = 1;
  std::atomic<std::size_t> next_{0};
  std::exception_ptr error_;
};

}  // namespace trenchcoat::neural
