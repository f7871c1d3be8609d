#include "core/semaphore.hpp"

#include "core/wait_queue.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <functional>

namespace ruoyi::core {

namespace asio = boost::asio;

struct Semaphore::State {
  detail::WaitQueue queue;
  std::size_t available = 0;  // guarded by queue.lock()

  void release_one() noexcept {
    detail::WaitQueue::WaiterPtr next;
    {
      auto lock = queue.lock();
      // Hand the permit straight to the first waiter: nobody can overtake it.
      next = queue.grant_front(lock);
      if (!next) ++available;
    }
    if (next) detail::WaitQueue::deliver(std::move(next));
  }
};

namespace {

// Runs under the queue's lock inside the initiation. Invariant: waiters queue only while no
// permit is free, so a free permit here means nobody queues ahead of us.
struct TakePermit {
  std::size_t* available;
  bool operator()() const {
    if (*available == 0) return false;
    --*available;
    return true;
  }
};

} // namespace

void Semaphore::Permit::release() noexcept {
  if (auto state = std::move(state_)) state->release_one();
}

Semaphore::Semaphore(std::size_t permits) : state_(std::make_shared<State>()), capacity_(permits) {
  state_->available = permits;
}

Semaphore::~Semaphore() {
  // Waiters still queued belong to coroutines that outlive us (a bug in the caller); fail them
  // rather than leave them suspended forever. Permits still out return to the orphaned state.
  state_->queue.abort_all();
}

std::optional<Semaphore::Permit> Semaphore::try_acquire() {
  auto lock = state_->queue.lock();
  if (state_->available == 0 || !state_->queue.empty(lock)) return std::nullopt;
  --state_->available;
  return Permit(state_);
}

std::size_t Semaphore::available() const {
  auto lock = state_->queue.lock();
  return state_->available;
}

std::size_t Semaphore::waiters() const {
  auto lock = state_->queue.lock();
  return state_->queue.size(lock);
}

asio::awaitable<Semaphore::Permit> Semaphore::acquire() {
  // Copy the state first: `this` is not touched after the first suspension.
  auto state = state_;
  if (auto permit = try_acquire()) co_return std::move(*permit);
  // Reached only when no permit is free or others queue first; the initiation re-checks under
  // the lock (a permit may have come back meanwhile) and otherwise enqueues us.
  TakePermit grant{&state->available};
  // A grant that races with our cancellation goes to the next waiter instead of to us.
  std::function<void()> revoke = [state] { state->release_one(); };
  auto token = asio::use_awaitable;
  co_await state->queue.async_wait(grant, std::move(revoke), token);
  co_return Permit(std::move(state));
}

} // namespace ruoyi::core
