#include "core/semaphore.hpp"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ruoyi::core {

namespace asio = boost::asio;
using boost::system::error_code;

struct Semaphore::Waiter {
  asio::any_completion_handler<void(error_code)> handler;
  asio::any_io_executor home;  // the waiter's executor, work-tracked
  asio::cancellation_slot slot;
  bool done = false;  // guarded by State::mutex: set by whoever completes the waiter
};

struct Semaphore::State {
  mutable std::mutex mutex;
  std::size_t available = 0;
  std::list<std::shared_ptr<Waiter>> queue;
};

namespace {

// Completes a waiter on its own executor. The slot is cleared there too: only the thread that
// owns the slot may touch it.
void complete(std::shared_ptr<Semaphore::Waiter> waiter, error_code ec) {
  auto home = waiter->home;
  asio::post(home, [waiter = std::move(waiter), ec]() mutable {
    if (waiter->slot.is_connected()) waiter->slot.clear();
    auto handler = std::move(waiter->handler);
    std::move(handler)(ec);
  });
}

} // namespace

Semaphore::Semaphore(std::size_t permits) : state_(std::make_shared<State>()), capacity_(permits) {
  state_->available = permits;
}

Semaphore::~Semaphore() {
  // Waiters still queued belong to coroutines that outlive us (a bug in the caller); fail them
  // rather than leave them suspended forever.
  std::list<std::shared_ptr<Waiter>> orphans;
  {
    std::lock_guard lock(state_->mutex);
    orphans.swap(state_->queue);
    for (auto& w : orphans) w->done = true;
  }
  for (auto& w : orphans) complete(w, asio::error::operation_aborted);
}

std::optional<Semaphore::Permit> Semaphore::try_acquire() {
  std::lock_guard lock(state_->mutex);
  if (state_->available == 0 || !state_->queue.empty()) return std::nullopt;
  --state_->available;
  return Permit(this);
}

std::size_t Semaphore::available() const {
  std::lock_guard lock(state_->mutex);
  return state_->available;
}

std::size_t Semaphore::waiters() const {
  std::lock_guard lock(state_->mutex);
  return state_->queue.size();
}

void Semaphore::release_one() noexcept {
  std::shared_ptr<Waiter> next;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->queue.empty()) {
      ++state_->available;
      return;
    }
    // Hand the permit straight to the first waiter: nobody can overtake it.
    next = std::move(state_->queue.front());
    state_->queue.pop_front();
    next->done = true;
  }
  complete(std::move(next), {});
}

namespace {

struct AcquireInitiation {
  template <class Handler>
  void operator()(Handler handler, std::shared_ptr<Semaphore::Waiter> waiter,
                  std::shared_ptr<void> state_keepalive, std::mutex* mutex,
                  std::list<std::shared_ptr<Semaphore::Waiter>>* queue, std::size_t* available) const {
    waiter->home = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
    auto slot = asio::get_associated_cancellation_slot(handler);
    waiter->handler = std::move(handler);

    bool granted = false;
    {
      std::lock_guard lock(*mutex);
      if (*available > 0 && queue->empty()) {
        --*available;
        waiter->done = true;
        granted = true;
      } else {
        queue->push_back(waiter);
      }
    }
    if (granted) {
      complete(std::move(waiter), {});
      return;
    }
    if (slot.is_connected()) {
      waiter->slot = slot;
      std::weak_ptr<void> weak_state = state_keepalive;
      std::weak_ptr<Semaphore::Waiter> weak_waiter = waiter;
      slot.assign([weak_state, weak_waiter, mutex, queue](asio::cancellation_type type) {
        if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                     asio::cancellation_type::total)) == asio::cancellation_type::none)
          return;
        auto state = weak_state.lock();
        auto w = weak_waiter.lock();
        if (!state || !w) return;
        {
          std::lock_guard lock(*mutex);
          if (w->done) return;  // the permit is already on its way: the waiter will own it
          w->done = true;
          queue->remove(w);
        }
        complete(std::move(w), asio::error::operation_aborted);
      });
    }
  }
};

} // namespace

asio::awaitable<Semaphore::Permit> Semaphore::acquire() {
  if (auto permit = try_acquire()) co_return std::move(*permit);
  auto waiter = std::make_shared<Waiter>();
  auto token = asio::use_awaitable;
  co_await asio::async_initiate<decltype(token), void(error_code)>(
      AcquireInitiation{}, token, waiter, std::shared_ptr<void>(state_), &state_->mutex, &state_->queue,
      &state_->available);
  co_return Permit(this);
}

} // namespace ruoyi::core
