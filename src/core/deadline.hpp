// core::Deadline: a point on the steady clock by which work must be done. The HTTP layer creates
// one per request (Deadline::after(request_timeout)); the DB, Redis and HTTP-client layers bound
// their waits with it (`co_await core::with_deadline(op, deadline)`), so a slow dependency cannot
// hold a request past its budget. See also core::with_timeout (timeout.hpp).
#pragma once

#include "core/timeout.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <compare>
#include <utility>

namespace ruoyi::core {

class Deadline {
public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;
  using duration = clock::duration;

  // A default-constructed deadline never expires.
  constexpr Deadline() noexcept = default;

  static constexpr Deadline never() noexcept { return Deadline(); }
  static Deadline at(time_point when) noexcept { return Deadline(when); }
  // Saturates: a budget too large to represent is never().
  static Deadline after(duration budget) noexcept;

  bool is_never() const noexcept { return when_ == time_point::max(); }
  bool expired() const noexcept { return !is_never() && clock::now() >= when_; }
  // Zero once expired; duration::max() for never().
  duration remaining() const noexcept;
  time_point when() const noexcept { return when_; }

  // The earlier of this deadline and `budget` from now: a per-query timeout inside a request.
  Deadline capped(duration budget) const noexcept { return earliest(*this, after(budget)); }
  static Deadline earliest(Deadline a, Deadline b) noexcept { return a.when_ <= b.when_ ? a : b; }

  friend bool operator==(const Deadline&, const Deadline&) = default;
  friend auto operator<=>(const Deadline&, const Deadline&) = default;

private:
  explicit constexpr Deadline(time_point when) noexcept : when_(when) {}
  time_point when_ = time_point::max();
};

// A core::Timeout raised by with_deadline: the request's (or caller's) deadline passed.
class DeadlineExceeded : public Timeout {
public:
  explicit DeadlineExceeded(std::chrono::milliseconds budget);
};

// Like with_timeout, against an absolute deadline: cancels `op` (Asio per-operation cancellation,
// so it reaches socket reads, timers, pool waits, queued offload jobs) when `deadline` passes,
// waits for op's cleanup, then throws DeadlineExceeded (a core::Timeout). An already expired
// deadline throws without starting op; never() adds no timer at all.
template <class T>
boost::asio::awaitable<T> with_deadline(boost::asio::awaitable<T> op, Deadline deadline) {
  if (deadline.is_never()) return op;
  auto budget = std::chrono::ceil<std::chrono::milliseconds>(deadline.remaining());
  return detail::run_until(std::move(op), deadline.when(), budget, detail::TimeoutKind::deadline);
}

} // namespace ruoyi::core
