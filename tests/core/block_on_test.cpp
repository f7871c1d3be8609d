// core::block_on: returns at the task's completion (not when the loop runs dry), with its value or
// its exception; leaves long-lived work parked in the loop for the next call; says so when the
// loop runs dry first. And the race it exposed: an offload's completion must not touch its loop
// after the awaiting coroutine finished (the loop may be destroyed right after block_on).
#include "core/block_on.hpp"
#include "core/offload.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ruoyi::core::block_on;

asio::awaitable<int> answer() { co_return 42; }
asio::awaitable<void> nothing(int* calls) {
  ++*calls;
  co_return;
}
asio::awaitable<int> failing() {
  throw std::runtime_error("boom");
  co_return 0;
}

// Long-lived loop work, like a cache connection's health check: never ends by itself.
asio::awaitable<void> ticker(int* ticks) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  for (;;) {
    timer.expires_after(1ms);
    co_await timer.async_wait(asio::use_awaitable);
    ++*ticks;
  }
}

asio::awaitable<int> after_ticks(int* ticks, int n) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  while (*ticks < n) {
    timer.expires_after(1ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return *ticks;
}

TEST(BlockOn, ReturnsTheValueOrRethrows) {
  asio::io_context io;
  EXPECT_EQ(block_on(io, answer()), 42);
  int calls = 0;
  block_on(io, nothing(&calls));
  EXPECT_EQ(calls, 1);
  EXPECT_THROW(block_on(io, failing()), std::runtime_error);
}

TEST(BlockOn, ReturnsAtCompletionWhileOtherWorkStaysParkedInTheLoop) {
  asio::io_context io;
  int ticks = 0;
  asio::co_spawn(io, ticker(&ticks), asio::detached);
  EXPECT_GE(block_on(io, after_ticks(&ticks, 3)), 3);
  // The ticker was neither run to its (non-existent) end nor lost: the next call moves it on.
  int seen = ticks;
  EXPECT_GE(block_on(io, after_ticks(&ticks, seen + 2)), seen + 2);
}

// An operation that drops its handler: the task can never complete and nothing is left to run.
struct DropHandler {
  template <class Handler>
  void operator()(Handler) const {}
};
asio::awaitable<void> lost() {
  auto token = asio::use_awaitable;
  co_await asio::async_initiate<decltype(token), void()>(DropHandler{}, token);
}

TEST(BlockOn, ALoopThatRunsDryFirstIsAnErrorNotAHang) {
  asio::io_context io;
  EXPECT_THROW(block_on(io, lost()), std::logic_error);
}

asio::awaitable<int> offloaded(ruoyi::core::WorkerPool* pool) {
  auto job = [] { return 7; };
  co_return co_await ruoyi::core::offload(*pool, std::move(job));
}

// Before the fix the worker destroyed its work-tracking copy of the loop's executor after posting
// the completion, so a loop destroyed at once after block_on was touched afterwards (ASan:
// use-after-free; Release: a crash every few hundred rounds).
TEST(BlockOn, ALoopDestroyedRightAfterAnOffloadCompletesIsNeverTouchedAgain) {
  ruoyi::core::WorkerPool pool(2);
  for (int i = 0; i < 2000; ++i) {
    auto io = std::make_unique<asio::io_context>();
    ASSERT_EQ(block_on(*io, offloaded(&pool)), 7);
    io.reset();
  }
}

} // namespace
