// core::Semaphore: concurrency limit, FIFO hand-over, cancellation, use from several loops.
#include "core/semaphore.hpp"
#include "core/timeout.hpp"
#include "run.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using ruoyi::core::Semaphore;
using namespace ruoyi::core_test;

struct Occupancy {
  int inside = 0;
  int max_inside = 0;
  int finished = 0;
};

asio::awaitable<void> hold_a_while(Semaphore* sem, Occupancy* occ) {
  auto permit = co_await sem->acquire();
  ++occ->inside;
  occ->max_inside = std::max(occ->max_inside, occ->inside);
  for (int i = 0; i < 3; ++i) co_await yield_now();  // hold the permit across suspensions
  --occ->inside;
  ++occ->finished;
}

TEST(SemaphoreTest, HundredTasksWithLimitThreeNeverExceedThreeInside) {
  asio::io_context ctx;
  Semaphore sem(3);
  Occupancy occ;
  std::vector<Outcome<void>> outcomes(100);
  for (auto& out : outcomes) start(ctx, hold_a_while(&sem, &occ), out);
  ctx.run();

  EXPECT_EQ(occ.max_inside, 3);
  EXPECT_EQ(occ.finished, 100);
  for (auto& out : outcomes) EXPECT_NO_THROW(out.get());
  EXPECT_EQ(sem.available(), 3u);
  EXPECT_EQ(sem.waiters(), 0u);
}

asio::awaitable<void> record_turn(Semaphore* sem, int id, std::vector<int>* order) {
  auto permit = co_await sem->acquire();
  order->push_back(id);
  co_await yield_now();
}

TEST(SemaphoreTest, WaitersAreServedInArrivalOrder) {
  asio::io_context ctx;
  Semaphore sem(1);
  auto held = sem.try_acquire();
  ASSERT_TRUE(held);
  std::vector<int> order;
  std::vector<Outcome<void>> outcomes(5);
  for (int i = 0; i < 5; ++i) start(ctx, record_turn(&sem, i, &order), outcomes[i]);
  ASSERT_TRUE(run_until(ctx, [&] { return sem.waiters() == 5; }));

  held.reset();  // the permit goes to the first waiter, then along the queue
  ctx.run();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sem.available(), 1u);
}

TEST(SemaphoreTest, TryAcquireNeverOvertakesQueuedWaiters) {
  asio::io_context ctx;
  Semaphore sem(1);
  auto held = sem.try_acquire();
  std::vector<int> order;
  Outcome<void> out;
  start(ctx, record_turn(&sem, 7, &order), out);
  ASSERT_TRUE(run_until(ctx, [&] { return sem.waiters() == 1; }));

  held.reset();  // handed to the waiter, not put back on the counter
  EXPECT_FALSE(sem.try_acquire());
  ctx.run();
  EXPECT_EQ(order, std::vector<int>{7});
  EXPECT_TRUE(sem.try_acquire());
}

struct WaiterLog {
  bool acquired = false;
  bool aborted = false;
};

asio::awaitable<void> acquire_and_log(Semaphore* sem, WaiterLog* log) {
  try {
    auto permit = co_await sem->acquire();
    log->acquired = true;
  } catch (const boost::system::system_error& e) {
    log->aborted = is_aborted(e);
    throw;
  }
}

TEST(SemaphoreTest, CancelledWaiterLeavesQueueAndNeverHoldsPermit) {
  asio::io_context ctx;
  Semaphore sem(1);
  auto held = sem.try_acquire();
  WaiterLog first, second;
  Outcome<void> first_out, second_out;
  asio::cancellation_signal cancel_first;
  start(ctx, acquire_and_log(&sem, &first), first_out, cancel_first);
  start(ctx, acquire_and_log(&sem, &second), second_out);
  ASSERT_TRUE(run_until(ctx, [&] { return sem.waiters() == 2; }));

  cancel_first.emit(asio::cancellation_type::terminal);
  ASSERT_TRUE(run_until(ctx, [&] { return first_out.done; }));
  EXPECT_TRUE(first.aborted);
  EXPECT_FALSE(first.acquired);
  EXPECT_EQ(sem.waiters(), 1u);  // it left the queue

  held.reset();
  ctx.run();
  EXPECT_TRUE(second.acquired);
  EXPECT_FALSE(first.acquired);
  EXPECT_EQ(sem.available(), 1u);
}

// Regression: a cancellation arriving after release() handed the permit over but before the
// waiter resumed used to be ignored, so a cancelled coroutine came back holding a permit.
TEST(SemaphoreTest, CancellationRacingAHandOffPassesThePermitOn) {
  asio::io_context ctx;
  Semaphore sem(1);
  auto held = sem.try_acquire();
  WaiterLog first, second;
  Outcome<void> first_out, second_out;
  asio::cancellation_signal cancel_first;
  start(ctx, acquire_and_log(&sem, &first), first_out, cancel_first);
  start(ctx, acquire_and_log(&sem, &second), second_out);
  ASSERT_TRUE(run_until(ctx, [&] { return sem.waiters() == 2; }));

  // On the loop, in one handler: like a request that releases a connection while its neighbour's
  // deadline fires.
  auto release_then_cancel = [&] {
    held.reset();                                          // granted to `first`, delivery queued
    cancel_first.emit(asio::cancellation_type::terminal);  // ...and cancelled before it resumes
  };
  asio::post(ctx, release_then_cancel);
  ctx.run();

  EXPECT_FALSE(first.acquired);
  EXPECT_TRUE(first.aborted);
  EXPECT_TRUE(second.acquired);
  EXPECT_EQ(sem.available(), 1u);
  EXPECT_EQ(sem.waiters(), 0u);
}

TEST(SemaphoreTest, DestroyingTheSemaphoreAbortsItsWaiters) {
  asio::io_context ctx;
  auto sem = std::make_unique<Semaphore>(1);
  auto held = sem->try_acquire();
  WaiterLog log;
  Outcome<void> out;
  start(ctx, acquire_and_log(sem.get(), &log), out);
  ASSERT_TRUE(run_until(ctx, [&] { return sem->waiters() == 1; }));

  sem.reset();
  ctx.run();
  EXPECT_TRUE(log.aborted);
  EXPECT_FALSE(log.acquired);
  held.reset();  // a permit outliving its semaphore is harmless
}

// --- several loops on several threads share one semaphore -------------------------------------

struct SharedOccupancy {
  std::atomic<int> inside{0};
  std::atomic<int> max_inside{0};
  std::atomic<int> finished{0};
  std::atomic<int> wrong_thread{0};
};

asio::awaitable<void> hold_on_loop(Semaphore* sem, SharedOccupancy* occ, asio::io_context* home) {
  auto permit = co_await sem->acquire();
  if (!home->get_executor().running_in_this_thread()) ++occ->wrong_thread;
  int now = ++occ->inside;
  int seen = occ->max_inside.load();
  while (now > seen && !occ->max_inside.compare_exchange_weak(seen, now)) {
  }
  for (int i = 0; i < 3; ++i) co_await yield_now();
  --occ->inside;
  ++occ->finished;
}

TEST(SemaphoreTest, LoopsOnSeveralThreadsShareOnePermitPool) {
  constexpr int loops = 4, tasks_per_loop = 50;
  Semaphore sem(2);
  SharedOccupancy occ;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::thread> threads;
  for (int i = 0; i < loops; ++i) contexts.push_back(std::make_unique<asio::io_context>());
  for (auto& ctx : contexts)
    for (int t = 0; t < tasks_per_loop; ++t)
      asio::co_spawn(*ctx, hold_on_loop(&sem, &occ, ctx.get()), asio::detached);
  for (auto& ctx : contexts) threads.emplace_back([&ctx] { ctx->run(); });
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(occ.finished.load(), loops * tasks_per_loop);
  EXPECT_LE(occ.max_inside.load(), 2);
  EXPECT_GE(occ.max_inside.load(), 1);
  EXPECT_EQ(occ.wrong_thread.load(), 0);  // each waiter resumed on its own loop
  EXPECT_EQ(sem.available(), 2u);
}

TEST(SemaphoreTest, ReleaseOnAnotherThreadResumesWaiterOnItsOwnLoop) {
  asio::io_context ctx;
  auto guard = asio::make_work_guard(ctx);
  Semaphore sem(1);
  auto held = sem.try_acquire();
  SharedOccupancy occ;
  asio::co_spawn(ctx, hold_on_loop(&sem, &occ, &ctx), asio::detached);
  std::thread loop([&ctx] { ctx.run(); });
  while (sem.waiters() != 1) std::this_thread::yield();

  held.reset();  // released here, on the test thread
  while (occ.finished.load() != 1) std::this_thread::yield();
  guard.reset();
  loop.join();
  EXPECT_EQ(occ.wrong_thread.load(), 0);
  EXPECT_EQ(sem.available(), 1u);
}

// Cancellations (timeouts) on one loop race with releases from another loop: whatever the
// interleaving, no permit is lost or duplicated.
struct RaceCounters {
  std::atomic<int> inside{0};
  std::atomic<int> overlap{0};
  std::atomic<int> acquired{0};
  std::atomic<int> timed_out{0};
};

asio::awaitable<void> acquire_with_short_timeout(Semaphore* sem, RaceCounters* counters) {
  try {
    auto acquire = sem->acquire();
    auto permit = co_await ruoyi::core::with_timeout(std::move(acquire), std::chrono::microseconds(200));
    if (++counters->inside > 1) ++counters->overlap;
    ++counters->acquired;
    co_await yield_now();
    --counters->inside;
  } catch (const ruoyi::core::Timeout&) {
    ++counters->timed_out;
  }
}

TEST(SemaphoreTest, CancellationRacingReleasesAcrossThreadsKeepsCountExact) {
  constexpr int loops = 2, tasks_per_loop = 300;
  Semaphore sem(1);
  RaceCounters counters;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::thread> threads;
  for (int i = 0; i < loops; ++i) contexts.push_back(std::make_unique<asio::io_context>());
  for (auto& ctx : contexts)
    for (int t = 0; t < tasks_per_loop; ++t)
      asio::co_spawn(*ctx, acquire_with_short_timeout(&sem, &counters), asio::detached);
  for (auto& ctx : contexts) threads.emplace_back([&ctx] { ctx->run(); });
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(counters.acquired.load() + counters.timed_out.load(), loops * tasks_per_loop);
  EXPECT_EQ(counters.overlap.load(), 0);
  EXPECT_EQ(sem.available(), 1u);
  EXPECT_EQ(sem.waiters(), 0u);
}

} // namespace
