// core::offload: work runs on a worker, the coroutine resumes on its loop, exceptions keep their
// type, void and move-only results work, queued jobs never block the loop, a queued job can be
// cancelled (so deadlines work), a started one runs to completion.
#include "core/offload.hpp"
#include "core/timeout.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ruoyi::core::offload;
using ruoyi::core::WorkerPool;
using namespace ruoyi::core_test;

struct Where {
  bool job_on_worker = false;
  bool job_on_loop = false;
  bool resumed_on_loop = false;
  std::thread::id before, after;
};

asio::awaitable<int> offload_and_note(WorkerPool* pool, asio::io_context* loop, Where* where) {
  where->before = std::this_thread::get_id();
  auto job = [pool, loop, where] {
    where->job_on_worker = pool->running_in_this_thread();
    where->job_on_loop = loop->get_executor().running_in_this_thread();
    return 6 * 7;
  };
  int value = co_await offload(*pool, std::move(job));
  where->after = std::this_thread::get_id();
  where->resumed_on_loop = loop->get_executor().running_in_this_thread();
  co_return value;
}

TEST(OffloadTest, RunsOnAWorkerAndResumesOnTheLoopThread) {
  WorkerPool pool(2);
  asio::io_context ctx;
  Where where;
  EXPECT_EQ(run(ctx, offload_and_note(&pool, &ctx, &where)), 42);
  EXPECT_TRUE(where.job_on_worker);
  EXPECT_FALSE(where.job_on_loop);
  EXPECT_TRUE(where.resumed_on_loop);
  EXPECT_EQ(where.before, where.after);
}

struct DiskFull : std::runtime_error {
  using std::runtime_error::runtime_error;
};

asio::awaitable<int> offload_throwing(WorkerPool* pool) {
  auto job = []() -> int { throw DiskFull("disk full"); };
  co_return co_await offload(*pool, std::move(job));
}

TEST(OffloadTest, AnExceptionKeepsItsType) {
  WorkerPool pool(1);
  EXPECT_THROW(run(offload_throwing(&pool)), DiskFull);
}

asio::awaitable<int> offload_void_and_move_only(WorkerPool* pool, std::atomic<int>* side_effect) {
  auto touch = [side_effect] { side_effect->store(1); };
  co_await offload(*pool, std::move(touch));
  auto make = [] { return std::make_unique<int>(41); };
  std::unique_ptr<int> owned = co_await offload(*pool, std::move(make));
  auto owner = std::make_unique<int>(1);  // a move-only callable
  auto consume = [owner = std::move(owner)] { return *owner; };
  int one = co_await offload(*pool, std::move(consume));
  co_return *owned + one;
}

TEST(OffloadTest, VoidAndMoveOnlyResultsAndCallables) {
  WorkerPool pool(1);
  std::atomic<int> side_effect{0};
  EXPECT_EQ(run(offload_void_and_move_only(&pool, &side_effect)), 42);
  EXPECT_EQ(side_effect.load(), 1);
}

TEST(OffloadTest, DefaultPoolOverload) {
  auto job = [] { return 3; };
  auto coro = [](decltype(job) fn) -> asio::awaitable<int> { co_return co_await offload(std::move(fn)); };
  EXPECT_EQ(run(coro(job)), 3);
}

// --- many jobs on a one-thread pool: the loop keeps running ------------------------------------

struct QueueProbe {
  std::promise<void> gate;  // the first job blocks the only worker until the loop opens it
  std::shared_future<void> gate_opened{gate.get_future().share()};
  std::atomic<int> jobs_done{0};
  int ticks = 0;
  int jobs_done_when_ticking_stopped = -1;
  int resumed_on_loop = 0;
};

asio::awaitable<void> queued_job(WorkerPool* pool, asio::io_context* loop, QueueProbe* probe, bool first) {
  auto job = [probe, first] {
    if (first) probe->gate_opened.wait();
    ++probe->jobs_done;
  };
  co_await offload(*pool, std::move(job));
  if (loop->get_executor().running_in_this_thread()) ++probe->resumed_on_loop;
}

// 100 loop iterations while every job is stuck behind the first: they can only happen if the
// loop is not blocked by the queued work.
asio::awaitable<void> ticker(QueueProbe* probe) {
  for (int i = 0; i < 100; ++i) {
    co_await yield_now();
    ++probe->ticks;
  }
  probe->jobs_done_when_ticking_stopped = probe->jobs_done.load();
  probe->gate.set_value();
}

TEST(OffloadTest, ManyJobsOnAOneThreadPoolQueueWithoutBlockingTheLoop) {
  WorkerPool pool(1);
  asio::io_context ctx;
  QueueProbe probe;
  std::vector<Outcome<void>> jobs(10);
  for (int i = 0; i < 10; ++i) start(ctx, queued_job(&pool, &ctx, &probe, i == 0), jobs[i]);
  Outcome<void> tick;
  start(ctx, ticker(&probe), tick);
  ctx.run();

  EXPECT_EQ(probe.ticks, 100);
  EXPECT_EQ(probe.jobs_done_when_ticking_stopped, 0);
  EXPECT_EQ(probe.jobs_done.load(), 10);
  EXPECT_EQ(probe.resumed_on_loop, 10);
  for (auto& job : jobs) EXPECT_NO_THROW(job.get());
}

// --- cancellation -----------------------------------------------------------------------------

struct Blocker {
  std::promise<void> gate;
  std::shared_future<void> opened{gate.get_future().share()};
  std::atomic<bool> started{false};
};

asio::awaitable<void> block_worker(WorkerPool* pool, Blocker* blocker) {
  auto job = [blocker] {
    blocker->started = true;
    blocker->opened.wait();
  };
  co_await offload(*pool, std::move(job));
}

asio::awaitable<bool> queued_job_with_timeout(WorkerPool* pool, Blocker* blocker, std::atomic<bool>* ran) {
  auto job = [ran] { ran->store(true); };
  auto op = offload(*pool, std::move(job));
  bool timed_out = false;
  try {
    co_await ruoyi::core::with_timeout(std::move(op), 10ms);
  } catch (const ruoyi::core::Timeout&) {
    timed_out = true;
  }
  blocker->gate.set_value();  // free the worker only now: the job was still queued at the timeout
  co_return timed_out;
}

TEST(OffloadTest, AJobCancelledWhileQueuedNeverRuns) {
  WorkerPool pool(1);
  asio::io_context ctx;
  Blocker blocker;
  std::atomic<bool> ran{false};
  Outcome<void> blocking;
  start(ctx, block_worker(&pool, &blocker), blocking);
  Outcome<bool> timed;
  start(ctx, queued_job_with_timeout(&pool, &blocker, &ran), timed);
  ctx.run();
  pool.join();  // the worker has been through the whole queue

  EXPECT_TRUE(timed.get());
  EXPECT_FALSE(ran.load());
  EXPECT_NO_THROW(blocking.get());
}

asio::awaitable<int> started_job(WorkerPool* pool, Blocker* blocker) {
  auto job = [blocker] {
    blocker->started = true;
    blocker->opened.wait();
    return 9;
  };
  co_return co_await offload(*pool, std::move(job));
}

TEST(OffloadTest, AStartedJobRunsToCompletionDespiteCancellation) {
  WorkerPool pool(1);
  asio::io_context ctx;
  Blocker blocker;
  Outcome<int> out;
  asio::cancellation_signal cancel;
  start(ctx, started_job(&pool, &blocker), out, cancel);
  ctx.poll();  // initiates the offload
  while (!blocker.started.load()) std::this_thread::yield();

  cancel.emit(asio::cancellation_type::terminal);
  ctx.poll();  // the cancellation reaches the offload, which is already running: no effect
  blocker.gate.set_value();
  ctx.run();
  EXPECT_EQ(out.get(), 9);  // the job's result was delivered, not dropped
}

} // namespace

// --- queue depth (GET /metrics: ruoyi_offload_queue_depth) -----------------------------------

asio::awaitable<void> plain_job(WorkerPool* pool) {
  auto job = [] {};
  co_await offload(*pool, std::move(job));
}

TEST(OffloadTest, QueueDepthCountsJobsWaitingForAThreadAndNotTheRunningOne) {
  WorkerPool pool(1);
  asio::io_context ctx;
  Blocker blocker;
  Outcome<void> blocking;
  start(ctx, block_worker(&pool, &blocker), blocking);
  std::vector<Outcome<void>> waiting(3);
  for (auto& w : waiting) start(ctx, plain_job(&pool), w);
  // Let every coroutine hand its job over; the one thread is held by the blocker.
  for (int i = 0; i < 10'000 && !(blocker.started && pool.queued() == 3); ++i) {
    ctx.poll();
    std::this_thread::yield();
  }
  EXPECT_TRUE(blocker.started);
  EXPECT_EQ(pool.queued(), 3);
  blocker.gate.set_value();
  ctx.run();
  EXPECT_EQ(pool.queued(), 0);
  for (auto& w : waiting) EXPECT_NO_THROW(w.get());
}

TEST(OffloadTest, AJobDroppedWhileQueuedLeavesTheQueueDepth) {
  WorkerPool pool(1);
  asio::io_context ctx;
  Blocker blocker;
  std::atomic<bool> ran{false};
  Outcome<void> blocking;
  start(ctx, block_worker(&pool, &blocker), blocking);
  Outcome<bool> timed;
  start(ctx, queued_job_with_timeout(&pool, &blocker, &ran), timed);
  ctx.run();
  pool.join();
  EXPECT_TRUE(timed.get());
  EXPECT_EQ(pool.queued(), 0);
}
