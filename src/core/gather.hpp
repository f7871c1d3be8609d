// core::gather: asyncio.gather for Asio coroutines. Runs awaitables concurrently on the current
// executor (the caller's loop) and returns all results, in argument order:
//
//   auto [rows, total] = co_await core::gather(repo.page(session, query), repo.count(session, query));
//   std::vector<Dept> depts = co_await core::gather(std::move(dept_lookups));   // a vector of awaitables
//
// A void awaitable contributes std::monostate to the tuple. If one throws, the others are
// cancelled (Asio terminal cancellation: they see operation_aborted at their next cancellable
// await), gather waits until every one has finished — no task outlives the call — and rethrows
// the first exception with its original type. Cancelling the caller cancels all of them.
//
// Unlike asyncio.gather there is no return_exceptions mode: wrap an awaitable yourself if a
// failure should become a value.
#pragma once

#include "core/detail/capture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/cancellation_condition.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <cstddef>
#include <exception>
#include <tuple>
#include <utility>
#include <vector>

namespace ruoyi::core {

namespace detail {

// results = (completion order, error0, value0, error1, value1, ...)
template <class... T, class Results, std::size_t... I>
std::tuple<value_or_monostate_t<T>...> gather_unpack(Results& results, std::index_sequence<I...>) {
  const auto& order = std::get<0>(results);
  std::array<std::exception_ptr, sizeof...(T)> errors{std::get<1 + 2 * I>(results)...};
  // The first failure in completion order is the cause; later ones are usually the siblings'
  // operation_aborted.
  for (auto index : order)
    if (errors[index]) std::rethrow_exception(errors[index]);
  return std::tuple<value_or_monostate_t<T>...>(std::move(*std::get<2 + 2 * I>(results))...);
}

} // namespace detail

template <class... T>
boost::asio::awaitable<std::tuple<value_or_monostate_t<T>...>> gather(boost::asio::awaitable<T>... ops) {
  static_assert(sizeof...(T) > 0, "gather needs at least one awaitable");
  namespace asio = boost::asio;
  auto executor = co_await asio::this_coro::executor;
  auto group = asio::experimental::make_parallel_group(
      asio::co_spawn(executor, detail::capture(std::move(ops)), asio::deferred)...);
  asio::experimental::wait_for_one_error condition;
  auto token = asio::as_tuple(asio::use_awaitable);
  auto results = co_await group.async_wait(condition, token);
  co_return detail::gather_unpack<T...>(results, std::index_sequence_for<T...>{});
}

template <class T>
boost::asio::awaitable<std::vector<value_or_monostate_t<T>>> gather(std::vector<boost::asio::awaitable<T>> ops) {
  namespace asio = boost::asio;
  std::vector<value_or_monostate_t<T>> out;
  if (ops.empty()) co_return out;
  auto executor = co_await asio::this_coro::executor;
  using Launch = decltype(asio::co_spawn(executor, detail::capture(std::move(ops.front())), asio::deferred));
  std::vector<Launch> launches;
  launches.reserve(ops.size());
  for (auto& op : ops) launches.push_back(asio::co_spawn(executor, detail::capture(std::move(op)), asio::deferred));
  auto group = asio::experimental::make_parallel_group(std::move(launches));
  asio::experimental::wait_for_one_error condition;
  auto token = asio::as_tuple(asio::use_awaitable);
  auto results = co_await group.async_wait(condition, token);

  const auto& order = std::get<0>(results);
  auto& errors = std::get<1>(results);
  auto& values = std::get<2>(results);
  for (auto index : order)
    if (errors[index]) std::rethrow_exception(errors[index]);
  out.reserve(values.size());
  for (auto& value : values) out.push_back(std::move(*value));
  co_return out;
}

} // namespace ruoyi::core
