// core::Event: set wakes every waiter, stays set until reset, waits are cancellable, set works
// from another thread.
#include "core/event.hpp"
#include "run.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using ruoyi::core::Event;
using namespace ruoyi::core_test;

asio::awaitable<void> wait_and_count(Event* event, int* woken) {
  co_await event->wait();
  ++*woken;
}

TEST(EventTest, SetWakesEveryWaiter) {
  asio::io_context ctx;
  Event event;
  int woken = 0;
  std::vector<Outcome<void>> outcomes(4);
  for (auto& out : outcomes) start(ctx, wait_and_count(&event, &woken), out);
  ASSERT_TRUE(run_until(ctx, [&] { return event.waiters() == 4; }));
  EXPECT_EQ(woken, 0);

  event.set();
  ctx.run();
  EXPECT_EQ(woken, 4);
  EXPECT_TRUE(event.is_set());
}

TEST(EventTest, WaitOnASetEventCompletesAtOnceUntilReset) {
  asio::io_context ctx;
  Event event;
  event.set();
  int woken = 0;
  Outcome<void> first;
  start(ctx, wait_and_count(&event, &woken), first);
  ctx.run();
  ctx.restart();
  EXPECT_EQ(woken, 1);

  event.reset();
  Outcome<void> second;
  start(ctx, wait_and_count(&event, &woken), second);
  ASSERT_TRUE(run_until(ctx, [&] { return event.waiters() == 1; }));
  EXPECT_EQ(woken, 1);
  event.set();
  ctx.run();
  EXPECT_EQ(woken, 2);
}

TEST(EventTest, CancelledWaitLeavesTheQueue) {
  asio::io_context ctx;
  Event event;
  int woken = 0;
  Outcome<void> out;
  asio::cancellation_signal cancel;
  start(ctx, wait_and_count(&event, &woken), out, cancel);
  ASSERT_TRUE(run_until(ctx, [&] { return event.waiters() == 1; }));

  cancel.emit(asio::cancellation_type::terminal);
  ctx.run();
  EXPECT_EQ(event.waiters(), 0u);
  EXPECT_EQ(woken, 0);
  try {
    out.get();
    FAIL() << "expected operation_aborted";
  } catch (const boost::system::system_error& e) {
    EXPECT_TRUE(is_aborted(e));
  }
}

TEST(EventTest, SetFromAnotherThreadResumesWaiterOnItsLoop) {
  asio::io_context ctx;
  auto guard = asio::make_work_guard(ctx);
  Event event;
  std::atomic<bool> on_loop{false}, done{false};
  auto waiter = [](Event* ev, asio::io_context* home, std::atomic<bool>* on_loop,
                   std::atomic<bool>* done) -> asio::awaitable<void> {
    co_await ev->wait();
    on_loop->store(home->get_executor().running_in_this_thread());
    done->store(true);
  };
  asio::co_spawn(ctx, waiter(&event, &ctx, &on_loop, &done), asio::detached);
  std::thread loop([&ctx] { ctx.run(); });
  while (event.waiters() != 1) std::this_thread::yield();

  event.set();
  while (!done.load()) std::this_thread::yield();
  guard.reset();
  loop.join();
  EXPECT_TRUE(on_loop.load());
}

} // namespace
