// core::TaskGroup: asyncio.TaskGroup for Asio coroutines.
//
//   co_await core::with_task_group([](core::TaskGroup& group) -> asio::awaitable<void> {
//     group.spawn(refresh_dict_cache());
//     group.spawn(refresh_config_cache());
//     co_return;
//   });
//
// or by hand: `core::TaskGroup group(executor); group.spawn(a()); group.spawn(b()); co_await
// group.wait();`. Tasks start at once on the group's executor. The first task to fail cancels its
// siblings (Asio terminal cancellation: they see operation_aborted at their next cancellable await,
// and their cleanup runs); wait() returns when every task has finished and rethrows that first
// failure with its original type. If the coroutine awaiting wait() is cancelled, wait() cancels
// the tasks, still waits for all of them, then throws operation_aborted: the group's scope never
// ends with a task still running.
//
// The group lives on one executor (a loop's io_context or a strand): spawn, cancel and wait from
// coroutines running there.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <cstddef>
#include <memory>
#include <utility>

namespace ruoyi::core {

namespace detail {
struct TaskGroupState;
}

class TaskGroup {
public:
  using executor_type = boost::asio::any_io_executor;

  explicit TaskGroup(executor_type executor);
  // A group destroyed with tasks still running (wait() was skipped, e.g. an exception left the
  // scope) cancels them and logs an error; prefer with_task_group, which cannot get this wrong.
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Starts `task` now. Throws std::logic_error once the group is shutting down (after a failure
  // or cancel()) or finished (wait() completed) — asyncio's "TaskGroup is shutting down".
  void spawn(boost::asio::awaitable<void> task);

  // Waits for every task (also those spawned while waiting). Rethrows the first failure; throws
  // system_error(operation_aborted) if the awaiting coroutine was cancelled meanwhile. Note that
  // co_await itself throws, without waiting, if the awaiting coroutine was already cancelled
  // before reaching it — with_task_group handles that case.
  boost::asio::awaitable<void> wait();

  // Cancels every running task; not a failure: wait() then returns normally unless a task threw
  // something other than operation_aborted.
  void cancel();

  std::size_t running() const noexcept;
  bool shutting_down() const noexcept;
  executor_type get_executor() const noexcept;

private:
  std::shared_ptr<detail::TaskGroupState> state_;
};

// `async with asyncio.TaskGroup() as group:` — runs body(group) as one more task of a fresh group
// on the current executor and waits for all of them. body failing cancels the spawned tasks; a
// task failing cancels body too. Rethrows the first failure.
template <class Body>
boost::asio::awaitable<void> with_task_group(Body body) {
  auto executor = co_await boost::asio::this_coro::executor;
  TaskGroup group(executor);
  // body takes the group by reference: it lives in this frame, which outlives every task.
  boost::asio::awaitable<void> main = body(group);
  group.spawn(std::move(main));
  co_await group.wait();
}

} // namespace ruoyi::core
