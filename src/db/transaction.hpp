// co_await db::transaction(session, fn): `async with transaction(db)` — commits when fn returns,
// rolls back (awaited) when it throws, then rethrows. Nested calls use savepoints.
//
//   auto insert_all = [&](db::Session& s) -> asio::awaitable<std::int64_t> { ... };
//   auto id = co_await db::transaction(session, insert_all);
#pragma once

#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <exception>
#include <type_traits>

namespace ruoyi::db {

template <class F>
auto transaction(Session& session, F fn) -> std::invoke_result_t<F&, Session&> {
  using Awaitable = std::invoke_result_t<F&, Session&>;
  using R = typename Awaitable::value_type;
  co_await session.begin();
  std::exception_ptr failure;
  if constexpr (std::is_void_v<R>) {
    try {
      co_await fn(session);
    } catch (...) {
      failure = std::current_exception();
    }
    if (!failure) {
      co_await session.commit();
      co_return;
    }
  } else {
    std::optional<R> result;
    try {
      result.emplace(co_await fn(session));
    } catch (...) {
      failure = std::current_exception();
    }
    if (!failure) {
      co_await session.commit();
      co_return std::move(*result);
    }
  }
  co_await session.rollback();  // cannot co_await inside a catch block
  std::rethrow_exception(failure);
}

} // namespace ruoyi::db
