#include "auth/rate_limiter.hpp"

#include "common/errors.hpp"

namespace ruoyi::auth {

RateLimiter::RateLimiter(cache::Cache& cache, std::string route, RateLimit limit)
    : cache_(cache), route_(std::move(route)), limit_(limit) {}

std::string RateLimiter::key(std::string_view subject) const {
  std::string out = "api_rate_limit:";
  out += route_;
  out += ':';
  out += subject;
  return out;
}

boost::asio::awaitable<void> RateLimiter::admit(std::string subject) {
  if (!limit_.on()) co_return;
  auto counter = key(subject);
  auto hits = co_await cache_.count_in_window(std::move(counter), limit_.window);
  if (hits > limit_.max_requests) throw TooManyRequests();
}

}  // namespace ruoyi::auth
