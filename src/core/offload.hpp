// core::offload(fn): the run_in_executor of this code base. Runs fn on a worker pool and resumes
// the awaiting coroutine on its own executor (its event loop), with fn's result or exception.
//
//   auto check = [hash, password] { return auth::verify_password(password, hash); };
//   bool ok = co_await core::offload(std::move(check));
//
// Build the callable into a named variable first: g++ 12 miscompiles a capturing lambda and a
// co_await in one full-expression (see STYLE.md). A queued job waits for a free worker; the loop
// never blocks.
//
// Cancellation (Asio per-operation, any type): a job still queued is dropped — fn never runs and
// the await throws system_error(operation_aborted) — so a deadline (core::with_deadline) is not
// held hostage by a saturated pool. Once started, the job runs to completion: cancelling the
// awaiting coroutine does not abandon work that may hold locks or half-written state.
#pragma once

#include "core/worker_pool.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace ruoyi::core {

namespace detail {

template <class R>
using OffloadSlot = std::conditional_t<std::is_void_v<R>, std::monostate, std::optional<R>>;

// One offloaded job, shared by the loop (cancellation) and the worker (execution). Whoever moves
// `stage` away from `queued` owns the handler and completes it; the other side backs off.
template <class R, class Handler, class Fn>
struct OffloadJob {
  enum : int { queued, started, dropped };

  using Home = std::decay_t<decltype(boost::asio::prefer(
      std::declval<boost::asio::associated_executor_t<Handler>>(),
      boost::asio::execution::outstanding_work.tracked))>;

  OffloadJob(Handler h, Fn f)
      : handler(std::move(h)), fn(std::move(f)),
        // Keep the caller's loop alive while the job is away: a suspended coroutine is not "work".
        home(boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                 boost::asio::execution::outstanding_work.tracked)) {}

  Handler handler;
  Fn fn;
  Home home;
  boost::asio::cancellation_slot slot;
  std::atomic<int> stage{queued};

  // On the caller's executor: the slot may only be touched by its owner.
  void complete(std::exception_ptr error, OffloadSlot<R> result) {
    if (slot.is_connected()) slot.clear();
    std::move(handler)(error, std::move(result));
  }
};

// Installed in the awaiting operation's cancellation slot. Weak: the slot may outlive the job.
template <class Job>
struct OffloadCancel {
  std::weak_ptr<Job> job;
  void operator()(boost::asio::cancellation_type_t type) const {
    if (type == boost::asio::cancellation_type::none) return;
    auto target = job.lock();
    if (!target) return;
    int expected = Job::queued;
    if (!target->stage.compare_exchange_strong(expected, Job::dropped)) return;  // running: let it finish
    auto home = target->home;
    // Post, not call: never resume a coroutine from inside someone else's cancellation emit.
    boost::asio::post(home, [target = std::move(target)]() mutable {
      auto aborted = std::make_exception_ptr(boost::system::system_error(boost::asio::error::operation_aborted));
      target->complete(aborted, {});
    });
  }
};

// A plain struct, not a capturing lambda, as the initiation: g++ 12 has corrupted coroutine
// locals across co_await async_initiate with capturing initiations (chriskohlhoff/asio#1007).
template <class R>
struct OffloadInitiation {
  template <class Handler, class Fn>
  void operator()(Handler handler, Fn fn, WorkerPool* pool) const {
    using Job = OffloadJob<R, Handler, Fn>;
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    auto job = std::make_shared<Job>(std::move(handler), std::move(fn));
    // Before the job is visible to the worker, so the worker never races with the set-up.
    if (slot.is_connected()) {
      job->slot = slot;
      slot.template emplace<OffloadCancel<Job>>(OffloadCancel<Job>{job});
    }
    pool->count_queued(1);
    boost::asio::post(pool->get_executor(), [job = std::move(job), pool]() mutable {
      pool->count_queued(-1);
      int expected = Job::queued;
      if (!job->stage.compare_exchange_strong(expected, Job::started)) return;  // dropped while queued
      std::exception_ptr error;
      OffloadSlot<R> result{};
      try {
        if constexpr (std::is_void_v<R>) {
          job->fn();
        } else {
          result.emplace(job->fn());
        }
      } catch (...) {
        error = std::current_exception();
      }
      // An untracked copy to post with: the posted handler itself keeps the loop's work count up,
      // and the tracked `home` dies with the job on the loop. Destroying a tracked copy here, after
      // the post, could touch a loop that already finished (core::block_on returns at completion).
      auto home = boost::asio::prefer(job->home, boost::asio::execution::outstanding_work.untracked);
      auto resume = [job = std::move(job), error, result = std::move(result)]() mutable {
        job->complete(error, std::move(result));
      };
      boost::asio::dispatch(home, std::move(resume));
    });
  }
};

} // namespace detail

template <class F>
boost::asio::awaitable<std::invoke_result_t<F&>> offload(WorkerPool& pool, F fn) {
  using R = std::invoke_result_t<F&>;
  using Slot = detail::OffloadSlot<R>;
  auto token = boost::asio::use_awaitable;
  WorkerPool* target = &pool;
  detail::OffloadInitiation<R> initiation;
  Slot slot = co_await boost::asio::async_initiate<decltype(token), void(std::exception_ptr, Slot)>(
      initiation, token, std::move(fn), target);
  if constexpr (!std::is_void_v<R>) {
    co_return std::move(*slot);
  }
}

template <class F>
boost::asio::awaitable<std::invoke_result_t<F&>> offload(F fn) {
  return offload(default_worker_pool(), std::move(fn));
}

} // namespace ruoyi::core
