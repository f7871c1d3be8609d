// A pool of threads for blocking or CPU-heavy work (bcrypt, SQLite, file I/O): the event loops
// hand such work here through core::offload and never run it themselves.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ruoyi::core {

class WorkerPool {
public:
  using executor_type = boost::asio::thread_pool::executor_type;

  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  executor_type get_executor() noexcept { return pool_.get_executor(); }
  std::size_t size() const noexcept { return size_; }
  // True on one of this pool's threads: lets tests (and asserts) prove work really moved off a loop.
  bool running_in_this_thread() const noexcept;
  // Finishes queued work, then joins the threads. Called by the destructor too.
  void join();

  // Jobs handed over by core::offload and not yet picked up by a thread (the queue depth /metrics
  // reports): offload counts a job in before it posts it and out when a thread takes it.
  std::int64_t queued() const noexcept { return queued_.load(std::memory_order_relaxed); }
  void count_queued(std::int64_t delta) noexcept { queued_.fetch_add(delta, std::memory_order_relaxed); }

private:
  std::size_t size_;
  std::atomic<std::int64_t> queued_{0};
  mutable boost::asio::thread_pool pool_;
};

// The process-wide pool used by core::offload(fn). Created on first use; its size is fixed by the
// first call to configure_default_worker_pool (config key `workers.offload_threads`), else
// max(2, hardware threads).
WorkerPool& default_worker_pool();
void configure_default_worker_pool(std::size_t threads);

} // namespace ruoyi::core
