#include "core/task_group.hpp"

#include "core/detail/errors.hpp"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

namespace ruoyi::core {

namespace asio = boost::asio;

namespace detail {

// A named, move-only function object: any_completion_handler's converting constructor would
// happily "copy" it by wrapping it into itself (endless recursion) if a lambda holding it were
// ever copied.
struct ResumeWaiter {
  asio::any_completion_handler<void(std::exception_ptr)> handler;
  asio::cancellation_slot slot;
  std::exception_ptr outcome;

  ResumeWaiter(asio::any_completion_handler<void(std::exception_ptr)> h, asio::cancellation_slot s,
               std::exception_ptr o)
      : handler(std::move(h)), slot(s), outcome(std::move(o)) {}
  ResumeWaiter(ResumeWaiter&&) = default;
  ResumeWaiter(const ResumeWaiter&) = delete;

  void operator()() {
    // Only the slot's owner may clear it, and we are on the owner's executor now.
    if (slot.is_connected()) slot.clear();
    std::move(handler)(outcome);
  }
};

// Everything runs on the group's executor, so there is no lock. Task completions keep the state
// alive, so a TaskGroup object may die before its tasks (see ~TaskGroup).
struct TaskGroupState {
  explicit TaskGroupState(asio::any_io_executor ex) : executor(std::move(ex)) {}

  asio::any_io_executor executor;
  // One signal per running task, bound to its co_spawn. unique_ptr: a signal must not move.
  std::map<std::uint64_t, std::unique_ptr<asio::cancellation_signal>> tasks;
  std::uint64_t next_id = 0;
  std::exception_ptr first_error;
  bool shutting_down = false;
  bool parent_cancelled = false;
  bool finished = false;
  // std::optional + emplace: Boost 1.81's any_completion_handler move-assignment recurses
  // endlessly (it re-wraps an lvalue through its converting constructor), so never assign one.
  std::optional<asio::any_completion_handler<void(std::exception_ptr)>> waiter;
  asio::cancellation_slot waiter_slot;

  void cancel_all() {
    shutting_down = true;
    // Collect ids first: an emit may (in principle) complete a task inline and erase its entry.
    std::vector<std::uint64_t> ids;
    ids.reserve(tasks.size());
    for (const auto& entry : tasks) ids.push_back(entry.first);
    for (auto id : ids) {
      auto it = tasks.find(id);
      if (it != tasks.end()) it->second->emit(asio::cancellation_type::terminal);
    }
  }

  void on_done(std::uint64_t id, std::exception_ptr error) {
    // Safe inside the task's own completion: co_spawn touches neither the signal nor its slot
    // after invoking the handler.
    tasks.erase(id);
    if (error) {
      // operation_aborted after we started cancelling is the expected echo, not a new failure.
      bool echo = shutting_down && is_operation_aborted(error);
      if (!first_error && !echo) first_error = error;
      if (!shutting_down) cancel_all();
    }
    finish_if_idle();
  }

  void finish_if_idle() {
    if (!tasks.empty() || !waiter) return;
    std::exception_ptr outcome = first_error;
    if (!outcome && parent_cancelled)
      outcome = std::make_exception_ptr(boost::system::system_error(asio::error::operation_aborted));
    finished = true;
    asio::any_completion_handler<void(std::exception_ptr)> handler(std::move(*waiter));
    waiter.reset();
    auto slot = std::exchange(waiter_slot, asio::cancellation_slot());
    // Posted: never resume the waiter from inside a task's completion or a cancellation emit. The
    // waiter runs on the group's executor (one-executor rule), so that is where it resumes.
    asio::post(executor, ResumeWaiter{std::move(handler), slot, outcome});
  }
};

} // namespace detail

namespace {

struct TaskDone {
  std::shared_ptr<detail::TaskGroupState> state;
  std::uint64_t id;
  void operator()(std::exception_ptr error) const { state->on_done(id, error); }
};

// In the slot of the coroutine awaiting wait(): its cancellation cancels the tasks, but wait()
// only completes once they have all finished.
struct WaitCancelled {
  std::weak_ptr<detail::TaskGroupState> weak;
  void operator()(asio::cancellation_type_t type) const {
    if (type == asio::cancellation_type::none) return;
    auto state = weak.lock();
    if (!state || !state->waiter) return;
    state->parent_cancelled = true;
    state->cancel_all();
  }
};

struct WaitInitiation {
  template <class Handler>
  void operator()(Handler handler, std::shared_ptr<detail::TaskGroupState> state) const {
    if (state->waiter) {
      auto busy = std::make_exception_ptr(std::logic_error("TaskGroup::wait is already being awaited"));
      auto handler_executor = asio::get_associated_executor(handler, state->executor);
      asio::post(handler_executor, [handler = std::move(handler), busy]() mutable { std::move(handler)(busy); });
      return;
    }
    auto slot = asio::get_associated_cancellation_slot(handler);
    state->waiter.emplace(std::move(handler));
    if (slot.is_connected()) {
      state->waiter_slot = slot;
      slot.template emplace<WaitCancelled>(WaitCancelled{state});
    }
    state->finish_if_idle();
  }
};

} // namespace

TaskGroup::TaskGroup(executor_type executor) : state_(std::make_shared<detail::TaskGroupState>(std::move(executor))) {}

TaskGroup::~TaskGroup() {
  if (state_->tasks.empty()) return;
  spdlog::error("TaskGroup destroyed with {} task(s) still running: cancelling them; co_await wait() "
                "(or use with_task_group) before leaving the scope",
                state_->tasks.size());
  state_->cancel_all();
}

void TaskGroup::spawn(asio::awaitable<void> task) {
  if (state_->finished) throw std::logic_error("TaskGroup is finished");
  if (state_->shutting_down) throw std::logic_error("TaskGroup is shutting down");
  auto id = state_->next_id++;
  auto& signal = state_->tasks[id];
  signal = std::make_unique<asio::cancellation_signal>();
  auto slot = signal->slot();
  // Registered before co_spawn: it may run the task inline up to its first suspension.
  asio::co_spawn(state_->executor, std::move(task), asio::bind_cancellation_slot(slot, TaskDone{state_, id}));
}

asio::awaitable<void> TaskGroup::wait() {
  auto token = asio::use_awaitable;
  return asio::async_initiate<decltype(token), void(std::exception_ptr)>(WaitInitiation{}, token, state_);
}

void TaskGroup::cancel() { state_->cancel_all(); }

std::size_t TaskGroup::running() const noexcept { return state_->tasks.size(); }

bool TaskGroup::shutting_down() const noexcept { return state_->shutting_down; }

TaskGroup::executor_type TaskGroup::get_executor() const noexcept { return state_->executor; }

} // namespace ruoyi::core
