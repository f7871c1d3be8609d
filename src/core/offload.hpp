// core::offload(fn): the run_in_executor of this code base. Runs fn on a worker pool and resumes
// the awaiting coroutine on its own executor (its event loop), with fn's result or exception.
//
//   auto check = [hash, password] { return auth::verify_password(password, hash); };
//   bool ok = co_await core::offload(std::move(check));
//
// Build the callable into a named variable first: g++ 12 miscompiles a capturing lambda and a
// co_await in one full-expression (see STYLE.md). A queued job waits for a free worker; the loop
// never blocks. Once started, the job runs to completion: cancelling the awaiting coroutine does
// not abandon work that may hold locks or half-written state.
#pragma once

#include "core/worker_pool.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace ruoyi::core {

namespace detail {

template <class R>
using OffloadSlot = std::conditional_t<std::is_void_v<R>, std::monostate, std::optional<R>>;

// A plain struct, not a capturing lambda, as the initiation: g++ 12 has corrupted coroutine
// locals across co_await async_initiate with capturing initiations (chriskohlhoff/asio#1007).
template <class R>
struct OffloadInitiation {
  template <class Handler, class Fn>
  void operator()(Handler handler, Fn fn, WorkerPool::executor_type pool) const {
    // Keep the caller's loop alive while the job is away: a suspended coroutine is not "work".
    auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked);
    boost::asio::post(pool, [handler = std::move(handler), fn = std::move(fn), home = std::move(home)]() mutable {
      std::exception_ptr error;
      OffloadSlot<R> result{};
      try {
        if constexpr (std::is_void_v<R>) {
          fn();
        } else {
          result.emplace(fn());
        }
      } catch (...) {
        error = std::current_exception();
      }
      auto resume = [handler = std::move(handler), error, result = std::move(result)]() mutable {
        std::move(handler)(error, std::move(result));
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
  Slot slot = co_await boost::asio::async_initiate<decltype(token), void(std::exception_ptr, Slot)>(
      detail::OffloadInitiation<R>{}, token, std::move(fn), pool.get_executor());
  if constexpr (!std::is_void_v<R>) {
    co_return std::move(*slot);
  }
}

template <class F>
boost::asio::awaitable<std::invoke_result_t<F&>> offload(F fn) {
  return offload(default_worker_pool(), std::move(fn));
}

} // namespace ruoyi::core
