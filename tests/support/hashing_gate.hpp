// test::HashingGate: holds the bcrypt pool shut so a test can line requests up at a password check
// deterministically, then lets them through one job at a time.
#pragma once

#include "auth/password.hpp"
#include "core/worker_pool.hpp"

#include <boost/asio/post.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ruoyi::test {

// Holds every thread of the bcrypt pool until released, one thread at a time: while one is
// released the queue drains through it in arrival order; the destructor releases the rest.
class HashingGate {
 public:
  HashingGate() {
    auto& pool = auth::hashing_pool();
    for (std::size_t i = 0; i < pool.size(); ++i) {
      gates_.emplace_back();
      auto opened = gates_.back().get_future().share();
      boost::asio::post(pool.get_executor(), [this, opened] {
        ++holding_;
        opened.wait();
      });
    }
    // Bounded: the pool's threads pick the blockers up at once unless something is badly wrong.
    for (int i = 0; i < 3000 && holding_.load() < gates_.size(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (holding_.load() != gates_.size()) throw std::runtime_error("HashingGate: pool threads never free");
  }
  ~HashingGate() {
    while (released_ < gates_.size()) release_one();
  }
  void release_one() { gates_[released_++].set_value(); }

 private:
  std::vector<std::promise<void>> gates_;
  std::size_t released_ = 0;
  std::atomic<std::size_t> holding_{0};
};

}  // namespace ruoyi::test
