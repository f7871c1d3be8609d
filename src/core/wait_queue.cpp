#include "core/wait_queue.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace ruoyi::core::detail {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// Runs on the waiter's executor: decides the final outcome under the lock, then resumes it.
struct Delivery {
  WaitQueue::WaiterPtr waiter;

  void operator()() {
    using Stage = WaitQueue::Waiter::Stage;
    error_code ec;
    bool revoke = false;
    {
      WaitQueue::Lock lock(waiter->shared->mutex);
      if (waiter->stage == Stage::granted && waiter->cancel_requested) {
        // Cancelled after the grant but before it resumed: asyncio.Semaphore's rule (bpo-45997)
        // — a cancelled waiter never keeps what it was handed; it passes it on.
        revoke = true;
        ec = asio::error::operation_aborted;
      } else if (waiter->stage == Stage::aborted) {
        ec = asio::error::operation_aborted;
      }
      waiter->stage = Stage::delivered;
    }
    if (revoke && waiter->revoke) waiter->revoke();
    // Only the slot's owner may clear it, and we are on the owner's executor now.
    if (waiter->slot.is_connected()) waiter->slot.clear();
    auto handler = std::move(waiter->handler);
    auto keep = std::move(waiter);  // the waiter (and its revoke) dies after the handler returns
    std::move(handler)(ec);
  }
};

} // namespace

WaitQueue::WaitQueue() : shared_(std::make_shared<Shared>()) {}

WaitQueue::~WaitQueue() { abort_all(); }

WaitQueue::WaiterPtr WaitQueue::grant_front(const Lock&) {
  if (shared_->queue.empty()) return nullptr;
  auto waiter = std::move(shared_->queue.front());
  shared_->queue.pop_front();
  waiter->stage = Waiter::Stage::granted;
  return waiter;
}

std::list<WaitQueue::WaiterPtr> WaitQueue::grant_all(const Lock&) {
  std::list<WaiterPtr> all;
  all.swap(shared_->queue);
  for (auto& waiter : all) waiter->stage = Waiter::Stage::granted;
  return all;
}

void WaitQueue::abort_all() {
  std::list<WaiterPtr> orphans;
  {
    Lock lock(shared_->mutex);
    orphans.swap(shared_->queue);
    for (auto& waiter : orphans) waiter->stage = Waiter::Stage::aborted;
  }
  for (auto& waiter : orphans) deliver(std::move(waiter));
}

void WaitQueue::deliver(WaiterPtr waiter) {
  auto home = waiter->home;
  asio::post(home, Delivery{std::move(waiter)});
}

void WaitQueue::CancelWait::operator()(asio::cancellation_type_t type) const {
  if (type == asio::cancellation_type::none) return;
  auto target = waiter.lock();
  if (!target) return;
  bool abort_now = false;
  {
    Lock lock(target->shared->mutex);
    switch (target->stage) {
    case Waiter::Stage::queued:
      target->shared->queue.erase(target->position);
      target->stage = Waiter::Stage::aborted;
      abort_now = true;
      break;
    case Waiter::Stage::granted:
      target->cancel_requested = true;  // Delivery gives the grant back
      break;
    default:
      break;
    }
  }
  if (abort_now) deliver(std::move(target));
}

} // namespace ruoyi::core::detail
