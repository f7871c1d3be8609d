// core::Event: asyncio.Event for coroutines. `co_await event.wait()` suspends until someone calls
// `event.set()`; once set, waits complete at once until `reset()`. Thread-safe (set from any
// thread; each waiter resumes on its own executor) and cancellable through Asio's per-operation
// cancellation (a cancelled wait leaves the queue and throws operation_aborted).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>

namespace ruoyi::core {

class Event {
public:
  Event();
  // Waits still pending fail with operation_aborted.
  ~Event();
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  void set();
  void reset();
  bool is_set() const;
  std::size_t waiters() const;

  // Completes when the event is set. Throws boost::system::system_error(operation_aborted) when
  // cancelled.
  boost::asio::awaitable<void> wait();

private:
  struct State;
  std::shared_ptr<State> state_;
};

} // namespace ruoyi::core
