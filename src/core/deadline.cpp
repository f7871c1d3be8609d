#include "core/deadline.hpp"

#include <fmt/format.h>

namespace ruoyi::core {

Deadline Deadline::after(duration budget) noexcept {
  auto now = clock::now();
  if (budget >= time_point::max() - now) return never();
  return Deadline(now + budget);
}

Deadline::duration Deadline::remaining() const noexcept {
  if (is_never()) return duration::max();
  auto left = when_ - clock::now();
  return left > duration::zero() ? left : duration::zero();
}

Timeout::Timeout(std::chrono::milliseconds budget)
    : Timeout(fmt::format("operation timed out after {} ms", budget.count()), budget) {}

Timeout::Timeout(const std::string& what, std::chrono::milliseconds budget)
    : std::runtime_error(what), budget_(budget) {}

DeadlineExceeded::DeadlineExceeded(std::chrono::milliseconds budget)
    : Timeout(fmt::format("deadline exceeded ({} ms budget)", budget.count()), budget) {}

namespace detail {

void throw_timeout(TimeoutKind kind, std::chrono::milliseconds budget) {
  if (kind == TimeoutKind::deadline) throw DeadlineExceeded(budget);
  throw Timeout(budget);
}

} // namespace detail
} // namespace ruoyi::core
