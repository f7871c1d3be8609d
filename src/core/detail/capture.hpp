// Shared plumbing of gather / with_timeout: how an awaitable's outcome travels through co_spawn.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace ruoyi::core {

// What an awaitable<T> contributes to a result tuple: T itself, or std::monostate for void.
template <class T>
using value_or_monostate_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

namespace detail {

// co_spawn reports a failure as (exception_ptr, T()) and so needs a default-constructible T;
// std::optional lifts that requirement (move-only, no default constructor: both fine).
template <class T>
boost::asio::awaitable<std::optional<value_or_monostate_t<T>>> capture(boost::asio::awaitable<T> op) {
  if constexpr (std::is_void_v<T>) {
    co_await std::move(op);
    co_return std::optional<std::monostate>(std::in_place);
  } else {
    T value = co_await std::move(op);
    co_return std::optional<T>(std::move(value));
  }
}

} // namespace detail
} // namespace ruoyi::core
