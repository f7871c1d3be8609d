// core::Semaphore: asyncio.Semaphore for coroutines. `auto permit = co_await sem.acquire();`
// holds one of n permits until `permit` is destroyed. Waiters are served first come, first
// served. Acquire is cancellable through Asio's per-operation cancellation: a cancelled waiter
// leaves the queue and never holds a permit (also when the cancellation races with a release:
// the permit then passes to the next waiter). Thread-safe: loops on different threads may share
// one semaphore (the database pool does); each waiter resumes on its own executor.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

namespace ruoyi::core {

class Semaphore {
  struct State;

public:
  class Permit {
  public:
    Permit() = default;
    Permit(Permit&& other) noexcept : state_(std::move(other.state_)) {}
    Permit& operator=(Permit&& other) noexcept {
      if (this != &other) {
        release();
        state_ = std::move(other.state_);
      }
      return *this;
    }
    ~Permit() { release(); }
    explicit operator bool() const noexcept { return state_ != nullptr; }
    // Gives the permit back early (idempotent). A permit that outlives its semaphore is harmless.
    void release() noexcept;

  private:
    friend class Semaphore;
    explicit Permit(std::shared_ptr<State> state) : state_(std::move(state)) {}
    std::shared_ptr<State> state_;
  };

  explicit Semaphore(std::size_t permits);
  ~Semaphore();
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  // Waits for a permit. Throws boost::system::system_error(operation_aborted) when cancelled.
  boost::asio::awaitable<Permit> acquire();
  // A permit now, or nothing; never jumps ahead of queued waiters.
  std::optional<Permit> try_acquire();

  std::size_t available() const;
  std::size_t waiters() const;
  std::size_t capacity() const noexcept { return capacity_; }

private:
  std::shared_ptr<State> state_;
  std::size_t capacity_;
};

} // namespace ruoyi::core
