#include "core/background_tasks.hpp"

#include "core/detail/errors.hpp"
#include "core/event.hpp"
#include "core/timeout.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace ruoyi::core {

namespace asio = boost::asio;

namespace detail {

struct BackgroundState : std::enable_shared_from_this<BackgroundState> {
  struct Record {
    std::string name;
    asio::any_io_executor executor;
    // Touched only on `executor` once the task is launched: co_spawn binds it, CancelTask emits
    // it, on_done destroys it — all on that one loop, hence the single-threaded-executor rule.
    asio::cancellation_signal signal;
    bool cancel_requested = false;  // guarded by mutex
  };
  using Lock = std::unique_lock<std::mutex>;

  mutable std::mutex mutex;
  std::condition_variable idle_cv;
  Event idle;  // set while nothing runs; drain() awaits it
  std::map<std::uint64_t, std::unique_ptr<Record>> tasks;
  std::uint64_t next_id = 0;
  BackgroundStats counters;  // `running` is tasks.size(), filled in by stats()

  BackgroundState() { idle.set(); }

  void became_idle_if_empty(const Lock&) {
    if (!tasks.empty()) return;
    idle.set();
    idle_cv.notify_all();
  }

  std::string running_names(const Lock&) const {
    std::string names;
    for (const auto& entry : tasks) {
      if (!names.empty()) names += ", ";
      names += entry.second->name;
    }
    return names;
  }

  std::size_t running() const {
    Lock lock(mutex);
    return tasks.size();
  }

  void on_done(std::uint64_t id, std::exception_ptr error);
  std::size_t cancel_running();
};

} // namespace detail

namespace {

using detail::BackgroundState;

struct TaskDone {
  std::shared_ptr<BackgroundState> state;
  std::uint64_t id;
  void operator()(std::exception_ptr error) const { state->on_done(id, error); }
};

// Posted to the task's executor by spawn: starts it there, unless a drain already cancelled it.
struct Launch {
  std::shared_ptr<BackgroundState> state;
  std::uint64_t id;
  asio::awaitable<void> task;

  void operator()() {
    asio::cancellation_slot slot;
    asio::any_io_executor executor;
    {
      BackgroundState::Lock lock(state->mutex);
      auto it = state->tasks.find(id);
      if (it == state->tasks.end()) return;
      auto& record = *it->second;
      if (record.cancel_requested) {
        spdlog::warn("background task '{}' cancelled before it started", record.name);
        state->tasks.erase(it);
        ++state->counters.cancelled;
        state->became_idle_if_empty(lock);
        return;
      }
      slot = record.signal.slot();
      executor = record.executor;
    }
    // Outside the lock: co_spawn runs the task inline up to its first suspension, and the task
    // may spawn more tasks.
    asio::co_spawn(executor, std::move(task), asio::bind_cancellation_slot(slot, TaskDone{state, id}));
  }
};

// Posted to the task's executor by cancel_running.
struct CancelTask {
  std::shared_ptr<BackgroundState> state;
  std::uint64_t id;

  void operator()() const {
    asio::cancellation_signal* signal = nullptr;
    {
      BackgroundState::Lock lock(state->mutex);
      auto it = state->tasks.find(id);
      if (it == state->tasks.end()) return;  // finished meanwhile
      signal = &it->second->signal;
    }
    // Only this loop erases the record (in on_done), so the signal outlives the emit.
    signal->emit(asio::cancellation_type::terminal);
  }
};

template <class Predicate>
void wait_until(std::condition_variable& cv, BackgroundState::Lock& lock, Deadline deadline, Predicate done) {
  if (deadline.is_never()) {
    cv.wait(lock, done);
  } else {
    cv.wait_until(lock, deadline.when(), done);
  }
}

} // namespace

namespace detail {

void BackgroundState::on_done(std::uint64_t id, std::exception_ptr error) {
  std::unique_ptr<Record> record;
  bool failed = false, cancelled = false;
  {
    Lock lock(mutex);
    auto it = tasks.find(id);
    if (it == tasks.end()) return;
    record = std::move(it->second);
    tasks.erase(it);
    if (!error) {
      ++counters.completed;
    } else if (record->cancel_requested && is_operation_aborted(error)) {
      cancelled = true;
      ++counters.cancelled;
    } else {
      failed = true;
      ++counters.failed;
    }
    became_idle_if_empty(lock);
  }
  // A background task has nobody to rethrow to: the log line is its only report.
  if (failed) spdlog::error("background task '{}' failed: {}", record->name, describe(error));
  if (cancelled) spdlog::warn("background task '{}' cancelled", record->name);
  // `record` (and its signal) dies here, inside the task's own completion: co_spawn touches
  // neither the signal nor its slot after invoking the handler.
}

std::size_t BackgroundState::cancel_running() {
  std::vector<std::pair<std::uint64_t, asio::any_io_executor>> targets;
  std::string names;
  {
    Lock lock(mutex);
    for (auto& [id, record] : tasks) {
      if (record->cancel_requested) continue;
      record->cancel_requested = true;
      targets.emplace_back(id, record->executor);
      if (!names.empty()) names += ", ";
      names += record->name;
    }
  }
  if (targets.empty()) return 0;
  spdlog::warn("background tasks: {} still running at the deadline, cancelling: {}", targets.size(), names);
  auto self = shared_from_this();
  for (auto& [id, executor] : targets) asio::post(executor, CancelTask{self, id});
  return targets.size();
}

} // namespace detail

BackgroundTasks::BackgroundTasks() : state_(std::make_shared<detail::BackgroundState>()) {}

BackgroundTasks::~BackgroundTasks() {
  std::size_t left = state_->running();
  if (left == 0) return;
  spdlog::warn("BackgroundTasks destroyed with {} task(s) still running", left);
  state_->cancel_running();
}

void BackgroundTasks::spawn(asio::any_io_executor executor, asio::awaitable<void> task, std::string name) {
  BackgroundState::Lock lock(state_->mutex);
  auto id = state_->next_id++;
  auto record = std::make_unique<BackgroundState::Record>();
  record->name = std::move(name);
  record->executor = executor;
  state_->tasks.emplace(id, std::move(record));
  ++state_->counters.spawned;
  state_->idle.reset();
  // Posted under the lock so that any later CancelTask for this id queues behind it.
  asio::post(executor, Launch{state_, id, std::move(task)});
}

asio::awaitable<DrainReport> BackgroundTasks::drain(Deadline deadline, duration grace) {
  auto state = state_;  // `this` is not touched after the first suspension
  DrainReport report;
  if (state->running() == 0) co_return report;
  bool idle = false;
  try {
    auto idle_wait = state->idle.wait();
    co_await with_deadline(std::move(idle_wait), deadline);
    idle = true;
  } catch (const DeadlineExceeded&) {
  }
  if (idle) co_return report;

  report.cancelled = state->cancel_running();
  try {
    auto idle_wait = state->idle.wait();
    co_await with_timeout(std::move(idle_wait), grace);
  } catch (const Timeout&) {
  }
  {
    BackgroundState::Lock lock(state->mutex);
    report.unfinished = state->tasks.size();
    if (report.unfinished != 0)
      spdlog::error("background tasks: {} still running after cancellation and grace: {}", report.unfinished,
                    state->running_names(lock));
  }
  co_return report;
}

bool BackgroundTasks::join_for(duration timeout, duration grace) {
  auto& state = *state_;
  auto nothing_runs = [&state] { return state.tasks.empty(); };
  BackgroundState::Lock lock(state.mutex);
  wait_until(state.idle_cv, lock, Deadline::after(timeout), nothing_runs);
  if (nothing_runs()) return true;
  lock.unlock();
  state.cancel_running();
  lock.lock();
  wait_until(state.idle_cv, lock, Deadline::after(grace), nothing_runs);
  if (!nothing_runs())
    spdlog::error("background tasks: {} still running after cancellation and grace: {}", state.tasks.size(),
                  state.running_names(lock));
  return false;
}

BackgroundStats BackgroundTasks::stats() const {
  BackgroundState::Lock lock(state_->mutex);
  auto snapshot = state_->counters;
  snapshot.running = state_->tasks.size();
  return snapshot;
}

} // namespace ruoyi::core
