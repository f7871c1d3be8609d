// core::with_timeout: asyncio.wait_for. Runs `op` against a steady_timer; whichever finishes first
// cancels the other (Asio per-operation cancellation, so it reaches socket reads, timers, pool
// waits), and the call returns only after both have finished — the inner op's cleanup has run.
//
//   auto rows = co_await core::with_timeout(session.query(sql), std::chrono::seconds(5));
//
// On expiry it throws core::Timeout (a std::runtime_error naming the budget in ms), never a bare
// operation_aborted, so callers can tell "too slow" from "cancelled by my caller".
#pragma once

#include "core/detail/capture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/cancellation_condition.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace ruoyi::core {

class Timeout : public std::runtime_error {
public:
  // "operation timed out after 250 ms"
  explicit Timeout(std::chrono::milliseconds budget);
  std::chrono::milliseconds budget() const noexcept { return budget_; }

protected:
  Timeout(const std::string& what, std::chrono::milliseconds budget);

private:
  std::chrono::milliseconds budget_;
};

namespace detail {

enum class TimeoutKind { timeout, deadline };

[[noreturn]] void throw_timeout(TimeoutKind kind, std::chrono::milliseconds budget);

// The engine of with_timeout and with_deadline.
template <class T>
boost::asio::awaitable<T> run_until(boost::asio::awaitable<T> op, std::chrono::steady_clock::time_point expiry,
                                    std::chrono::milliseconds budget, TimeoutKind kind) {
  namespace asio = boost::asio;
  if (std::chrono::steady_clock::now() >= expiry) throw_timeout(kind, budget);  // op never starts

  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor, expiry);
  auto guarded = detail::capture(std::move(op));
  auto run_op = asio::co_spawn(executor, std::move(guarded), asio::deferred);
  auto run_timer = timer.async_wait(asio::deferred);
  auto group = asio::experimental::make_parallel_group(std::move(run_op), std::move(run_timer));
  // wait_for_one: the first to finish cancels the other; the group still waits for both. A
  // cancellation of our own caller is forwarded to both as well.
  asio::experimental::wait_for_one condition;
  auto token = asio::as_tuple(asio::use_awaitable);
  auto results = co_await group.async_wait(condition, token);

  const auto& order = std::get<0>(results);
  std::exception_ptr op_error = std::get<1>(results);
  auto& value = std::get<2>(results);
  const auto& timer_error = std::get<3>(results);
  // The timer expiring (not cancelled) first is a timeout; if op still returned a value despite
  // the cancellation (it finished its work), that value is not thrown away.
  bool timed_out = order[0] == 1 && !timer_error;
  if (timed_out && !value) throw_timeout(kind, budget);
  if (op_error) std::rethrow_exception(op_error);
  if constexpr (!std::is_void_v<T>) {
    co_return std::move(*value);
  }
}

} // namespace detail

template <class T>
boost::asio::awaitable<T> with_timeout(boost::asio::awaitable<T> op, std::chrono::steady_clock::duration timeout) {
  using clock = std::chrono::steady_clock;
  auto budget = std::max(std::chrono::ceil<std::chrono::milliseconds>(timeout), std::chrono::milliseconds::zero());
  auto now = clock::now();
  // Saturate instead of overflowing for "practically forever" budgets.
  auto expiry = timeout >= clock::time_point::max() - now ? clock::time_point::max() : now + timeout;
  return detail::run_until(std::move(op), expiry, budget, detail::TimeoutKind::timeout);
}

} // namespace ruoyi::core
