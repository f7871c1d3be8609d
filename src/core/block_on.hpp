// core::block_on(io, task): the asyncio.run of this code base, for the few places outside any event
// loop that must wait for a coroutine — start-up (migrations, cache warm-up), the in-process test
// client. Runs `io` until `task` completes, then returns its result or rethrows its exception.
//
// It stops at the task's completion, not when the loop runs dry: a loop may carry long-lived work
// of its own (a Redis connection's owner coroutine, a health-check timer) that never ends by
// itself, and that work stays parked in `io` for the next block_on on the same loop.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>

namespace ruoyi::core {

template <class T>
T block_on(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  using Slot = std::conditional_t<std::is_void_v<T>, bool, std::optional<T>>;
  Slot value{};
  std::exception_ptr error;
  bool done = false;
  if constexpr (std::is_void_v<T>) {
    boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
      error = e;
      done = true;
    });
  } else {
    boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T v) {
      error = e;
      if (!e) value.emplace(std::move(v));
      done = true;
    });
  }
  while (!done) {
    io.restart();  // a previous block_on, or a dry run, may have left the loop stopped
    if (io.run_one() == 0 && !done)
      throw std::logic_error("core::block_on: the loop ran out of work before the task completed");
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

} // namespace ruoyi::core
