// core::BackgroundTasks: tracked fire-and-forget. Failures are counted and logged (never
// terminate), drain/join wait for the work, and a deadline cancels stuck work and reports it.
#include "core/background_tasks.hpp"
#include "core/event.hpp"
#include "run.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ruoyi::core::BackgroundTasks;
using ruoyi::core::Deadline;
using ruoyi::core::DrainReport;
using namespace ruoyi::core_test;

// Routes spdlog's default logger into memory for the lifetime of the object.
class CapturedLog {
public:
  CapturedLog()
      : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64)), previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink_));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const {
    std::string all;
    for (auto& line : sink_->last_formatted()) all += line;
    return all;
  }

private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

struct Work {
  std::atomic<int> ran{0};  // short_work finished
  std::atomic<int> stuck{0};  // stuck_work started
  std::atomic<int> saw_cancellation{0};
  std::atomic<int> cleanups{0};
};

asio::awaitable<void> short_work(Work* work, int yields) {
  for (int i = 0; i < yields; ++i) co_await yield_now();
  ++work->ran;
}

asio::awaitable<void> failing_work(std::string what) {
  co_await yield_now();
  throw std::runtime_error(what);
}

asio::awaitable<void> stuck_work(Work* work) {
  ++work->stuck;
  bool cancelled = false;
  try {
    co_await wait_forever();
  } catch (const boost::system::system_error& e) {
    cancelled = is_aborted(e);
  }
  if (!cancelled) co_return;
  ++work->saw_cancellation;
  co_await asio::this_coro::reset_cancellation_state();  // re-arm before awaiting in cleanup
  co_await yield_now();
  ++work->cleanups;
  throw boost::system::system_error(asio::error::operation_aborted);
}

TEST(BackgroundTasksTest, CountsCompletionsAndFailuresAndLogsEachFailure) {
  CapturedLog log;
  asio::io_context ctx;
  BackgroundTasks tasks;
  Work work;
  for (int i = 0; i < 3; ++i) tasks.spawn(ctx.get_executor(), short_work(&work, i), "cache-refresh");
  tasks.spawn(ctx.get_executor(), failing_work("disk full"), "login-log");
  tasks.spawn(ctx.get_executor(), failing_work("connection reset"), "oper-log");
  ctx.run();

  auto stats = tasks.stats();
  EXPECT_EQ(stats.spawned, 5u);
  EXPECT_EQ(stats.completed, 3u);
  EXPECT_EQ(stats.failed, 2u);
  EXPECT_EQ(stats.running, 0u);
  EXPECT_EQ(stats.cancelled, 0u);
  auto text = log.text();
  EXPECT_NE(text.find("'login-log' failed: disk full"), std::string::npos) << text;
  EXPECT_NE(text.find("'oper-log' failed: connection reset"), std::string::npos) << text;
}

asio::awaitable<bool> spawn_from_a_request(BackgroundTasks* tasks, Work* work) {
  auto executor = co_await asio::this_coro::executor;
  tasks->spawn(executor, short_work(work, 0), "login-log");
  bool ran_inline = work->ran.load() != 0;
  co_return ran_inline;
}

TEST(BackgroundTasksTest, ATaskStartsAfterTheSpawningCodeHasMovedOn) {
  asio::io_context ctx;
  BackgroundTasks tasks;
  Work work;
  EXPECT_FALSE(run(ctx, spawn_from_a_request(&tasks, &work)));
  EXPECT_EQ(work.ran.load(), 1);
}

struct DrainSeen {
  std::size_t running_at_start = 0;
  std::size_t completed_at_return = 0;
  DrainReport report;
};

asio::awaitable<DrainSeen> drain_after_spawning(BackgroundTasks* tasks, Work* work, Deadline deadline) {
  auto executor = co_await asio::this_coro::executor;
  tasks->spawn(executor, short_work(work, 5), "a");
  tasks->spawn(executor, short_work(work, 10), "b");
  tasks->spawn(executor, short_work(work, 20), "c");
  DrainSeen seen;
  seen.running_at_start = tasks->stats().running;
  seen.report = co_await tasks->drain(deadline);
  seen.completed_at_return = tasks->stats().completed;
  co_return seen;
}

TEST(BackgroundTasksTest, DrainWaitsForRunningWork) {
  asio::io_context ctx;
  BackgroundTasks tasks;
  Work work;
  auto seen = run(ctx, drain_after_spawning(&tasks, &work, Deadline::never()));
  EXPECT_EQ(seen.running_at_start, 3u);
  EXPECT_EQ(seen.completed_at_return, 3u);
  EXPECT_TRUE(seen.report.clean());
}

asio::awaitable<DrainReport> drain_with_stuck_task(BackgroundTasks* tasks, Work* work) {
  auto executor = co_await asio::this_coro::executor;
  tasks->spawn(executor, stuck_work(work), "stuck-export");
  tasks->spawn(executor, short_work(work, 3), "quick");
  while (work->ran.load() != 1) co_await yield_now();  // only the stuck one is left
  co_return co_await tasks->drain(Deadline::after(20ms));
}

TEST(BackgroundTasksTest, DrainDeadlineCancelsStuckWorkAndReportsIt) {
  CapturedLog log;
  asio::io_context ctx;
  BackgroundTasks tasks;
  Work work;
  auto report = run(ctx, drain_with_stuck_task(&tasks, &work));
  EXPECT_EQ(report.cancelled, 1u);
  EXPECT_EQ(report.unfinished, 0u);
  EXPECT_FALSE(report.clean());
  EXPECT_EQ(work.saw_cancellation.load(), 1);
  EXPECT_EQ(work.cleanups.load(), 1);  // the stuck task's cleanup ran before drain returned
  auto stats = tasks.stats();
  EXPECT_EQ(stats.cancelled, 1u);
  EXPECT_EQ(stats.completed, 1u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.running, 0u);
  EXPECT_NE(log.text().find("stuck-export"), std::string::npos);
}

// A loop on its own thread, kept alive until stop().
class LoopThread {
public:
  LoopThread() : guard_(asio::make_work_guard(ctx_)), thread_([this] { ctx_.run(); }) {}
  ~LoopThread() { stop(); }
  void stop() {
    guard_.reset();
    if (thread_.joinable()) thread_.join();
  }
  asio::io_context& context() { return ctx_; }

private:
  asio::io_context ctx_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

TEST(BackgroundTasksTest, JoinForWaitsForWorkOnAnotherThread) {
  LoopThread loop;
  Work work;
  {
    BackgroundTasks tasks;
    for (int i = 0; i < 3; ++i) tasks.spawn(loop.context().get_executor(), short_work(&work, 50), "audit");
    EXPECT_TRUE(tasks.join_for(60s));  // an upper bound only: it returns as soon as all are done
    EXPECT_EQ(work.ran.load(), 3);
    EXPECT_EQ(tasks.stats().completed, 3u);
  }
  loop.stop();
}

TEST(BackgroundTasksTest, JoinForCancelsStuckWorkAtTheDeadline) {
  CapturedLog log;
  LoopThread loop;
  Work work;
  {
    BackgroundTasks tasks;
    tasks.spawn(loop.context().get_executor(), stuck_work(&work), "stuck");
    tasks.spawn(loop.context().get_executor(), short_work(&work, 1), "quick");
    while (work.ran.load() != 1) std::this_thread::yield();  // only the stuck one is left
    EXPECT_FALSE(tasks.join_for(20ms, 60s));
    auto stats = tasks.stats();
    EXPECT_EQ(stats.cancelled, 1u);
    EXPECT_EQ(stats.completed, 1u);
    EXPECT_EQ(stats.running, 0u);
    EXPECT_EQ(work.cleanups.load(), 1);
  }
  loop.stop();
  EXPECT_NE(log.text().find("cancelling: stuck"), std::string::npos) << log.text();
  EXPECT_EQ(work.saw_cancellation.load(), 1);
}

TEST(BackgroundTasksTest, WorkWhoseLoopNeverRanIsReportedNotDropped) {
  CapturedLog log;
  asio::io_context idle_loop;  // nobody runs it (yet)
  BackgroundTasks tasks;
  Work work;
  tasks.spawn(idle_loop.get_executor(), short_work(&work, 0), "orphan");
  EXPECT_FALSE(tasks.join_for(10ms, 10ms));
  EXPECT_EQ(tasks.stats().running, 1u);  // still accounted for
  EXPECT_NE(log.text().find("orphan"), std::string::npos);

  idle_loop.run();  // the loop comes back: the task was cancelled before it started
  EXPECT_EQ(work.ran.load(), 0);
  auto stats = tasks.stats();
  EXPECT_EQ(stats.cancelled, 1u);
  EXPECT_EQ(stats.running, 0u);
}

asio::awaitable<void> spawn_many_here(BackgroundTasks* tasks, Work* work, std::atomic<int>* wrong_loop,
                                      asio::io_context* home) {
  auto executor = co_await asio::this_coro::executor;
  for (int i = 0; i < 20; ++i) {
    auto task = [](Work* w, std::atomic<int>* wrong, asio::io_context* loop) -> asio::awaitable<void> {
      co_await yield_now();
      if (!loop->get_executor().running_in_this_thread()) ++*wrong;
      ++w->ran;
    };
    tasks->spawn(executor, task(work, wrong_loop, home), "per-loop");
  }
}

TEST(BackgroundTasksTest, SpawnFromSeveralLoops) {
  Work work;
  std::atomic<int> wrong_loop{0};
  std::vector<std::unique_ptr<LoopThread>> loops;
  for (int i = 0; i < 3; ++i) loops.push_back(std::make_unique<LoopThread>());
  {
    BackgroundTasks tasks;
    for (auto& loop : loops)
      asio::co_spawn(loop->context(), spawn_many_here(&tasks, &work, &wrong_loop, &loop->context()), asio::detached);
    // All 60 spawns happen on the loops; wait until they are all tracked, then join.
    while (tasks.stats().spawned != 60) std::this_thread::yield();
    EXPECT_TRUE(tasks.join_for(60s));
    auto stats = tasks.stats();
    EXPECT_EQ(stats.spawned, 60u);
    EXPECT_EQ(stats.completed, 60u);
  }
  for (auto& loop : loops) loop->stop();
  EXPECT_EQ(work.ran.load(), 60);
  EXPECT_EQ(wrong_loop.load(), 0);
}

} // namespace
