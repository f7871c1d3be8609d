#include "core/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace ruoyi::core {

WorkerPool::WorkerPool(std::size_t threads) : size_(std::max<std::size_t>(1, threads)), pool_(size_) {}

WorkerPool::~WorkerPool() { join(); }

bool WorkerPool::running_in_this_thread() const noexcept {
  return pool_.get_executor().running_in_this_thread();
}

void WorkerPool::join() { pool_.join(); }

namespace {
std::atomic<std::size_t> configured_threads{0};
}

void configure_default_worker_pool(std::size_t threads) { configured_threads.store(threads); }

WorkerPool& default_worker_pool() {
  static WorkerPool pool([] {
    auto n = configured_threads.load();
    return n != 0 ? n : std::max<std::size_t>(2, std::thread::hardware_concurrency());
  }());
  return pool;
}

} // namespace ruoyi::core
