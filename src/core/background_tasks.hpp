// core::BackgroundTasks: tracked fire-and-forget — asyncio.create_task() for work that must not
// hold up the response (writing the login log, refreshing a cache), without its pitfalls: every
// task is tracked until it ends, an escaping exception is logged (name + what()) and counted but
// never terminates the process, and shutdown waits for the work, up to a deadline, then cancels
// what is left and says how much that was. Nothing is dropped silently.
//
//   tasks.spawn(executor, record_login(std::move(entry)), "login-log");
//   ...
//   auto report = co_await tasks.drain(core::Deadline::after(std::chrono::seconds(5)));
//
// Thread-safe: loops on different threads may spawn into one BackgroundTasks. Each task runs on
// the executor given to spawn (a single-threaded loop or a strand) and starts from a post, i.e.
// after the spawning code has returned.
#pragma once

#include "core/deadline.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace ruoyi::core {

struct BackgroundStats {
  std::size_t spawned = 0;
  std::size_t running = 0;    // spawned, not yet finished
  std::size_t completed = 0;  // returned normally
  std::size_t failed = 0;     // threw (logged at error level)
  std::size_t cancelled = 0;  // ended by a drain/join cancellation
  // Always: spawned == running + completed + failed + cancelled.
};

struct DrainReport {
  std::size_t cancelled = 0;   // still running at the deadline, so cancelled
  std::size_t unfinished = 0;  // still running after the grace period that followed the cancel
  bool clean() const noexcept { return cancelled == 0 && unfinished == 0; }
};

namespace detail {
struct BackgroundState;
}

class BackgroundTasks {
public:
  using duration = std::chrono::steady_clock::duration;

  BackgroundTasks();
  // Tasks still running are cancelled (and logged); they finish on their loops if those still run.
  ~BackgroundTasks();
  BackgroundTasks(const BackgroundTasks&) = delete;
  BackgroundTasks& operator=(const BackgroundTasks&) = delete;

  void spawn(boost::asio::any_io_executor executor, boost::asio::awaitable<void> task, std::string name);

  // Waits until no task runs or `deadline` passes; then cancels the rest (Asio terminal
  // cancellation) and waits up to `grace` for them to unwind. Safe to await on a loop that runs
  // tracked tasks. The report (and stats().cancelled) says how many had to be cancelled.
  boost::asio::awaitable<DrainReport> drain(Deadline deadline, duration grace = std::chrono::seconds(1));

  // Blocking form of drain for shutdown code outside the loops: true if everything finished
  // within `timeout` by itself. Never call it on a loop thread whose tasks it waits for.
  bool join_for(duration timeout, duration grace = std::chrono::seconds(1));

  BackgroundStats stats() const;

private:
  std::shared_ptr<detail::BackgroundState> state_;
};

} // namespace ruoyi::core
