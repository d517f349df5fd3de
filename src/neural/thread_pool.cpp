#include "neural/thread_pool.hpp"

#include <algorithm>

namespace trenchcoat::neural {

ThreadPool::ThreadPool(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  size_ = threads;
  threads_.reserve(static_cast<std::size_t>(size_ - 1));
  for (int worker = 1; worker < size_; ++worker) threads_.emplace_back([this, worker] { worker_loop(worker); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void ThreadPool::work(int worker) {
  for (;;) {
    const std::size_t begin = next_.fetch_add(chunk_, std::memory_order_relaxed);
    if (begin >= n_) return;
    const std::size_t end = std::min(n_, begin + chunk_);
    try {
      trampoline_(context_, worker, begin, end);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
}

void ThreadPool::worker_loop(int worker) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    work(worker);
    {
      std::lock_guard lock(mutex_);
      if (--busy_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::run(std::size_t n, std::size_t grain, Trampoline trampoline, void* context) {
  std::lock_guard call(call_mutex_);
  {
    std::lock_guard lock(mutex_);
    trampoline_ = trampoline;
    context_ = context;
    n_ = n;
    // About four chunks per worker for balance, never below the grain.
    const std::size_t parts = static_cast<std::size_t>(size_) * 4;
    chunk_ = std::max<std::size_t>(std::max<std::size_t>(grain, 1), (n + parts - 1) / parts);
    next_.store(0, std::memory_order_relaxed);
    error_ = nullptr;
    busy_ = size_ - 1;
    ++generation_;
  }
  start_.notify_all();
  work(0);
  std::exception_ptr error;
  {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return busy_ == 0; });
    error = error_;
    error_ = nullptr;
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace trenchcoat::neural
