// Helpers of the cache tests: drive a loop until one coroutine is done (the Redis connection's
// owner coroutine keeps the loop busy, so "run until out of work" would not return), with every
// wait bounded.
#pragma once

#include "core/timeout.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <future>
#include <stdexcept>

namespace ruoyi::cache_test {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Runs `task` on `io` until it finishes (bounded: 30 s, then core::Timeout) and returns its value
// or rethrows its exception.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> task) {
  auto bounded = core::with_timeout(std::move(task), std::chrono::seconds(30));
  auto future = asio::co_spawn(io, std::move(bounded), asio::use_future);
  while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(500));
  }
  return future.get();
}

// Runs handlers until `done()` holds (bounded: 30 s); false if it never did.
template <class Predicate>
bool run_until(asio::io_context& io, Predicate done) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(100));
  }
  return true;
}

inline asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace ruoyi::cache_test
