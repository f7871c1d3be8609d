// core::TaskGroup and core::with_task_group: wait for all, first failure cancels the siblings
// (whose cleanup runs) and is rethrown, a cancelled parent cancels and still awaits its children.
#include "core/task_group.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

namespace {

namespace asio = boost::asio;
using ruoyi::core::TaskGroup;
using ruoyi::core::with_task_group;
using namespace ruoyi::core_test;

struct Boom : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Children {
  int started = 0;
  int finished = 0;
  int saw_cancellation = 0;
  int async_cleanups = 0;
};

asio::awaitable<void> yield_then_finish(int yields, Children* log) {
  ++log->started;
  for (int i = 0; i < yields; ++i) co_await yield_now();
  ++log->finished;
}

// Waits until cancelled, then runs a cleanup that itself awaits, then lets the cancellation
// propagate.
asio::awaitable<void> wait_then_clean_up(Children* log) {
  ++log->started;
  bool cancelled = false;
  try {
    co_await wait_forever();
  } catch (const boost::system::system_error& e) {
    cancelled = is_aborted(e);
  }
  if (!cancelled) co_return;
  ++log->saw_cancellation;
  co_await asio::this_coro::reset_cancellation_state();  // re-arm before awaiting in cleanup
  co_await yield_now();
  ++log->async_cleanups;
  throw boost::system::system_error(asio::error::operation_aborted);
}

// Swallows its cancellation and returns normally.
asio::awaitable<void> swallow_cancellation(Children* log) {
  ++log->started;
  try {
    co_await wait_forever();
  } catch (const boost::system::system_error&) {
    ++log->saw_cancellation;
  }
}

asio::awaitable<void> fail_after_yield() {
  co_await yield_now();
  throw Boom("boom");
}

asio::awaitable<int> five_tasks(Children* log) {
  auto executor = co_await asio::this_coro::executor;
  TaskGroup group(executor);
  for (int i = 0; i < 5; ++i) group.spawn(yield_then_finish(i, log));
  EXPECT_EQ(group.running(), 5u);
  co_await group.wait();
  EXPECT_EQ(group.running(), 0u);
  co_return log->finished;
}

TEST(TaskGroupTest, WaitReturnsOnceEveryTaskHasFinished) {
  Children log;
  EXPECT_EQ(run(five_tasks(&log)), 5);
}

asio::awaitable<Children> first_failure(Children* log, bool* spawn_after_failure_refused) {
  auto executor = co_await asio::this_coro::executor;
  TaskGroup group(executor);
  group.spawn(wait_then_clean_up(log));
  group.spawn(fail_after_yield());
  group.spawn(wait_then_clean_up(log));
  Children at_wait_exit;
  try {
    co_await group.wait();
    ADD_FAILURE() << "wait should rethrow the failure";
  } catch (const Boom&) {
    at_wait_exit = *log;
  }
  try {
    group.spawn(yield_then_finish(0, log));
  } catch (const std::logic_error&) {
    *spawn_after_failure_refused = true;
  }
  co_return at_wait_exit;
}

TEST(TaskGroupTest, FirstFailureCancelsSiblingsRunsTheirCleanupAndIsRethrown) {
  Children log;
  bool refused = false;
  auto at_wait_exit = run(first_failure(&log, &refused));
  EXPECT_EQ(at_wait_exit.saw_cancellation, 2);
  EXPECT_EQ(at_wait_exit.async_cleanups, 2);  // finished before wait() returned
  EXPECT_TRUE(refused);
}

struct ParentLog {
  bool waiting = false;
  bool wait_threw_aborted = false;
  Children children_at_wait_exit;
};

asio::awaitable<void> parent_waiting_on_group(Children* children, ParentLog* parent) {
  auto executor = co_await asio::this_coro::executor;
  TaskGroup group(executor);
  group.spawn(wait_then_clean_up(children));
  group.spawn(wait_then_clean_up(children));
  group.spawn(swallow_cancellation(children));
  parent->waiting = true;
  try {
    co_await group.wait();
  } catch (const boost::system::system_error& e) {
    parent->wait_threw_aborted = is_aborted(e);
    parent->children_at_wait_exit = *children;
    throw;
  }
}

TEST(TaskGroupTest, CancellingTheParentInWaitCancelsAndAwaitsTheChildren) {
  asio::io_context ctx;
  Children children;
  ParentLog parent;
  Outcome<void> out;
  asio::cancellation_signal cancel;
  start(ctx, parent_waiting_on_group(&children, &parent), out, cancel);
  ASSERT_TRUE(run_until(ctx, [&] { return parent.waiting && children.started == 3; }));
  ctx.poll();

  cancel.emit(asio::cancellation_type::terminal);
  ctx.run();
  EXPECT_TRUE(parent.wait_threw_aborted);  // even though one child swallowed its cancellation
  EXPECT_EQ(parent.children_at_wait_exit.saw_cancellation, 3);
  EXPECT_EQ(parent.children_at_wait_exit.async_cleanups, 2);
  EXPECT_TRUE(out.done);
}

asio::awaitable<bool> explicit_cancel(Children* log) {
  auto executor = co_await asio::this_coro::executor;
  TaskGroup group(executor);
  group.spawn(swallow_cancellation(log));
  group.spawn(wait_then_clean_up(log));
  co_await yield_now();  // both are waiting now
  group.cancel();
  EXPECT_TRUE(group.shutting_down());
  bool refused = false;
  try {
    group.spawn(yield_then_finish(0, log));
  } catch (const std::logic_error&) {
    refused = true;
  }
  co_await group.wait();  // cancel() is not a failure: no throw
  co_return refused;
}

TEST(TaskGroupTest, CancelIsNotAFailure) {
  Children log;
  EXPECT_TRUE(run(explicit_cancel(&log)));
  EXPECT_EQ(log.saw_cancellation, 2);
  EXPECT_EQ(log.async_cleanups, 1);
}

asio::awaitable<void> spawn_grandchild(TaskGroup* group, Children* log) {
  co_await yield_now();
  group->spawn(yield_then_finish(3, log));
}

asio::awaitable<int> spawn_while_waiting(Children* log) {
  auto executor = co_await asio::this_coro::executor;
  TaskGroup group(executor);
  group.spawn(spawn_grandchild(&group, log));
  co_await group.wait();
  co_return log->finished;
}

TEST(TaskGroupTest, TasksSpawnedWhileWaitingAreAwaitedToo) {
  Children log;
  EXPECT_EQ(run(spawn_while_waiting(&log)), 1);
}

asio::awaitable<void> leave_without_waiting(Children* log) {
  auto executor = co_await asio::this_coro::executor;
  TaskGroup group(executor);
  group.spawn(wait_then_clean_up(log));
  co_await yield_now();
}  // ~TaskGroup with a running task: cancels it (and logs an error)

TEST(TaskGroupTest, AGroupDestroyedWithRunningTasksCancelsThem) {
  Children log;
  run(leave_without_waiting(&log));  // returns: nothing left waiting forever
  EXPECT_EQ(log.saw_cancellation, 1);
  EXPECT_EQ(log.async_cleanups, 1);
}

// --- with_task_group: `async with TaskGroup() as group:` --------------------------------------

asio::awaitable<void> body_spawns_then_fails(Children* log, TaskGroup& group) {
  group.spawn(wait_then_clean_up(log));
  group.spawn(wait_then_clean_up(log));
  co_await yield_now();
  throw Boom("body failed");
}

asio::awaitable<Children> run_failing_body(Children* log) {
  Children at_exit;
  try {
    co_await with_task_group(std::bind_front(&body_spawns_then_fails, log));
    ADD_FAILURE() << "with_task_group should rethrow";
  } catch (const Boom&) {
    at_exit = *log;
  }
  co_return at_exit;
}

TEST(WithTaskGroupTest, BodyFailureCancelsSpawnedTasksAndIsRethrown) {
  Children log;
  auto at_exit = run(run_failing_body(&log));
  EXPECT_EQ(at_exit.saw_cancellation, 2);
  EXPECT_EQ(at_exit.async_cleanups, 2);
}

asio::awaitable<void> body_waits_while_a_task_fails(Children* log, TaskGroup& group) {
  group.spawn(fail_after_yield());
  co_await wait_then_clean_up(log);  // the body itself is cancelled by the task's failure
}

asio::awaitable<Children> run_failing_task(Children* log) {
  Children at_exit;
  try {
    co_await with_task_group(std::bind_front(&body_waits_while_a_task_fails, log));
  } catch (const Boom&) {
    at_exit = *log;
  }
  co_return at_exit;
}

TEST(WithTaskGroupTest, TaskFailureCancelsTheBodyToo) {
  Children log;
  auto at_exit = run(run_failing_task(&log));
  EXPECT_EQ(at_exit.saw_cancellation, 1);
  EXPECT_EQ(at_exit.async_cleanups, 1);
}

asio::awaitable<void> body_spawns_forever(Children* log, TaskGroup& group) {
  group.spawn(wait_then_clean_up(log));
  group.spawn(wait_then_clean_up(log));
  co_await wait_then_clean_up(log);
}

TEST(WithTaskGroupTest, CancellingTheCallerCancelsBodyAndTasksAndAwaitsThem) {
  asio::io_context ctx;
  Children log;
  Outcome<void> out;
  asio::cancellation_signal cancel;
  start(ctx, with_task_group(std::bind_front(&body_spawns_forever, &log)), out, cancel);
  ASSERT_TRUE(run_until(ctx, [&] { return log.started == 3; }));
  ctx.poll();

  cancel.emit(asio::cancellation_type::terminal);
  ctx.run();
  EXPECT_EQ(log.saw_cancellation, 3);
  EXPECT_EQ(log.async_cleanups, 3);
  EXPECT_THROW(out.get(), boost::system::system_error);
}

} // namespace
