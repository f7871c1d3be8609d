#include "core/event.hpp"

#include "core/wait_queue.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <functional>
#include <list>

namespace ruoyi::core {

namespace asio = boost::asio;

struct Event::State {
  detail::WaitQueue queue;
  bool set = false;  // guarded by queue.lock()
};

namespace {

struct IsSet {
  const bool* flag;
  bool operator()() const { return *flag; }
};

} // namespace

Event::Event() : state_(std::make_shared<State>()) {}

Event::~Event() { state_->queue.abort_all(); }

void Event::set() {
  std::list<detail::WaitQueue::WaiterPtr> woken;
  {
    auto lock = state_->queue.lock();
    state_->set = true;
    woken = state_->queue.grant_all(lock);
  }
  for (auto& waiter : woken) detail::WaitQueue::deliver(std::move(waiter));
}

void Event::reset() {
  auto lock = state_->queue.lock();
  state_->set = false;
}

bool Event::is_set() const {
  auto lock = state_->queue.lock();
  return state_->set;
}

std::size_t Event::waiters() const {
  auto lock = state_->queue.lock();
  return state_->queue.size(lock);
}

asio::awaitable<void> Event::wait() {
  auto state = state_;  // `this` is not touched after the first suspension
  if (is_set()) co_return;
  IsSet grant{&state->set};
  auto token = asio::use_awaitable;
  std::function<void()> nothing_to_revoke;  // an event hands out nothing
  co_await state->queue.async_wait(grant, std::move(nothing_to_revoke), token);
}

} // namespace ruoyi::core
