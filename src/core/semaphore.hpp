// core::Semaphore: asyncio.Semaphore for coroutines. `auto permit = co_await sem.acquire();`
// holds one of n permits until `permit` is destroyed. Waiters are served first come, first
// served. Acquire is cancellable through Asio's per-operation cancellation: a cancelled waiter
// leaves the queue and never holds a permit. Thread-safe: loops on different threads may share
// one semaphore (the database pool does); each waiter resumes on its own executor.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace ruoyi::core {

class Semaphore {
public:
  class Permit {
  public:
    Permit() = default;
    Permit(Permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Permit& operator=(Permit&& other) noexcept {
      if (this != &other) {
        release();
        owner_ = std::exchange(other.owner_, nullptr);
      }
      return *this;
    }
    ~Permit() { release(); }
    explicit operator bool() const noexcept { return owner_ != nullptr; }
    // Gives the permit back early (idempotent).
    void release() noexcept {
      if (owner_ != nullptr) std::exchange(owner_, nullptr)->release_one();
    }

  private:
    friend class Semaphore;
    explicit Permit(Semaphore* owner) : owner_(owner) {}
    Semaphore* owner_ = nullptr;
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

  struct Waiter;  // implementation detail, public for the initiation in semaphore.cpp

private:
  void release_one() noexcept;

  struct State;
  std::shared_ptr<State> state_;
  std::size_t capacity_;
};

} // namespace ruoyi::core
