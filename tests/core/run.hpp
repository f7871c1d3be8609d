// Test helpers: run a coroutine to completion on an io_context and hand back its result (or
// rethrow its exception), and drive a loop step by step until a condition holds.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace ruoyi::core_test {

namespace asio = boost::asio;

// The outcome of a co_spawned coroutine, filled in by its completion handler.
template <class T>
struct Outcome {
  bool done = false;
  std::exception_ptr error;
  std::optional<std::conditional_t<std::is_void_v<T>, std::monostate, T>> value;

  // Rethrows the coroutine's exception, or returns its value.
  T get() {
    if (!done) throw std::logic_error("coroutine did not finish");
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<T>) return std::move(*value);
  }
};

template <class T>
struct OutcomeHandler {
  Outcome<T>* out;
  void operator()(std::exception_ptr e) const {
    out->done = true;
    out->error = e;
  }
  template <class V>
  void operator()(std::exception_ptr e, V&& v) const {
    out->done = true;
    out->error = e;
    if (!e) out->value.emplace(std::forward<V>(v));
  }
};

// Starts `coro` on `ctx` (does not run the loop). `out` must outlive the run.
template <class T>
void start(asio::io_context& ctx, asio::awaitable<T> coro, Outcome<T>& out) {
  asio::co_spawn(ctx, std::move(coro), OutcomeHandler<T>{&out});
}

// Same, cancellable: emitting on `signal` cancels the coroutine.
template <class T>
void start(asio::io_context& ctx, asio::awaitable<T> coro, Outcome<T>& out, asio::cancellation_signal& signal) {
  asio::co_spawn(ctx, std::move(coro), asio::bind_cancellation_slot(signal.slot(), OutcomeHandler<T>{&out}));
}

// Runs `coro` on `ctx` until the loop runs out of work; returns its value or rethrows.
template <class T>
T run(asio::io_context& ctx, asio::awaitable<T> coro) {
  Outcome<T> out;
  start(ctx, std::move(coro), out);
  ctx.run();
  ctx.restart();
  return out.get();
}

template <class T>
T run(asio::awaitable<T> coro) {
  asio::io_context ctx;
  return run(ctx, std::move(coro));
}

// Runs handlers one at a time until `done()` holds; false if the loop ran out of work first.
template <class Predicate>
bool run_until(asio::io_context& ctx, Predicate done) {
  while (!done()) {
    if (ctx.run_one() == 0) return done();
  }
  return true;
}

// Lets every other ready handler on the loop run once before resuming.
inline asio::awaitable<void> yield_now() {
  auto executor = co_await asio::this_coro::executor;
  co_await asio::post(executor, asio::use_awaitable);
}

// Waits on a timer that will not fire within any test run: only cancellation ends it.
inline asio::awaitable<void> wait_forever() {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor, std::chrono::hours(24));
  co_await timer.async_wait(asio::use_awaitable);
}

inline bool is_aborted(const boost::system::system_error& e) {
  return e.code() == asio::error::operation_aborted;
}

} // namespace ruoyi::core_test
