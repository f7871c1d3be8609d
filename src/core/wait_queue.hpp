// detail::WaitQueue: the thread-safe queue of suspended waits behind core::Semaphore and
// core::Event. One place owns the hard parts: FIFO hand-over, per-operation cancellation, resuming
// each waiter on its own executor, and the race between a grant and a cancellation.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <utility>

namespace ruoyi::core::detail {

class WaitQueue {
public:
  struct Shared;

  struct Waiter {
    enum class Stage { starting, queued, granted, aborted, delivered };

    // Constructed in place, never assigned: Boost 1.81's any_completion_handler move-assignment
    // re-wraps its source through the converting constructor and recurses until the stack
    // overflows (it passes `other` as an lvalue).
    template <class Handler>
    explicit Waiter(Handler&& h) : handler(std::forward<Handler>(h)) {}

    boost::asio::any_completion_handler<void(boost::system::error_code)> handler;
    boost::asio::any_io_executor home;  // the waiter's executor, work-tracked while it waits
    boost::asio::cancellation_slot slot;
    // Undoes a grant the waiter will not take because it was cancelled between the grant and its
    // resumption (e.g. hands the semaphore permit to the next waiter). Runs on the waiter's executor.
    std::function<void()> revoke;
    std::shared_ptr<Shared> shared;  // keeps the mutex alive until delivery
    std::list<std::shared_ptr<Waiter>>::iterator position;  // valid while queued
    Stage stage = Stage::starting;   // guarded by Shared::mutex
    bool cancel_requested = false;   // guarded by Shared::mutex
  };
  using WaiterPtr = std::shared_ptr<Waiter>;
  using Lock = std::unique_lock<std::mutex>;

  struct Shared {
    std::mutex mutex;
    std::list<WaiterPtr> queue;
  };

  WaitQueue();
  // Aborts (operation_aborted) whoever still waits: they belong to coroutines that outlive us.
  ~WaitQueue();
  WaitQueue(const WaitQueue&) = delete;
  WaitQueue& operator=(const WaitQueue&) = delete;

  // The owner's own counters (permits, the event flag) are guarded by this same mutex, so a
  // "grant now or enqueue" decision is atomic with respect to releases.
  Lock lock() const { return Lock(shared_->mutex); }

  // With the lock held.
  bool empty(const Lock&) const noexcept { return shared_->queue.empty(); }
  std::size_t size(const Lock&) const noexcept { return shared_->queue.size(); }
  // Grants the longest waiter (null if none waits). Deliver it once the lock is released.
  WaiterPtr grant_front(const Lock&);
  std::list<WaiterPtr> grant_all(const Lock&);

  // Without the lock: resumes a granted or aborted waiter on its own executor.
  static void deliver(WaiterPtr waiter);

  // Completes abort-all on destruction; also usable by an owner that shuts down early.
  void abort_all();

  // Initiates a wait. `grant` runs under the lock: true completes the wait at once (the owner
  // took what it hands out), false enqueues it. Signature void(error_code): success = granted,
  // operation_aborted = cancelled (then the waiter holds nothing).
  template <class Grant, class CompletionToken>
  auto async_wait(Grant grant, std::function<void()> revoke, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code)>(
        Initiation{}, token, shared_, std::move(grant), std::move(revoke));
  }

  // Installed in the waiter's cancellation slot. Public for the initiation only.
  struct CancelWait {
    std::weak_ptr<Waiter> waiter;
    void operator()(boost::asio::cancellation_type_t type) const;
  };

private:
  // A plain struct as initiation, never a capturing lambda: g++ 12 has corrupted coroutine locals
  // across co_await async_initiate with capturing initiations (chriskohlhoff/asio#1007).
  struct Initiation {
    template <class Handler, class Grant>
    void operator()(Handler handler, std::shared_ptr<Shared> shared, Grant grant,
                    std::function<void()> revoke) const {
      auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                      boost::asio::execution::outstanding_work.tracked);
      auto slot = boost::asio::get_associated_cancellation_slot(handler);
      auto waiter = std::make_shared<Waiter>(std::move(handler));
      waiter->home = std::move(home);
      waiter->revoke = std::move(revoke);
      waiter->shared = shared;
      // Install the cancellation handler before the waiter becomes visible to other threads: once
      // queued, a release on another loop may deliver it at any moment.
      if (slot.is_connected()) {
        waiter->slot = slot;
        slot.template emplace<CancelWait>(CancelWait{waiter});
      }
      bool granted = false;
      {
        Lock lock(shared->mutex);
        if (grant()) {
          waiter->stage = Waiter::Stage::granted;
          granted = true;
        } else {
          waiter->position = shared->queue.insert(shared->queue.end(), waiter);
          waiter->stage = Waiter::Stage::queued;
        }
      }
      if (granted) deliver(std::move(waiter));
    }
  };

  std::shared_ptr<Shared> shared_;
};

} // namespace ruoyi::core::detail
