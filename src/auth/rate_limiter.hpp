// auth::RateLimiter: a fixed-window request limit per subject (a client IP, a user id) for one
// route (API.md §1/§2: 429 `请求过于频繁，请稍后再试`). The counter is `api_rate_limit:{route}:{subject}`
// in the cache, counted by the atomic Cache::count_in_window, so on Redis the limit holds across
// every instance. A limit of 0 requests is off: no cache call at all.
//
//   RateLimiter login_limit(cache, "login", {12, std::chrono::seconds(60)});
//   co_await login_limit.admit(client_ip);  // the 13th in the window throws TooManyRequests
#pragma once

#include "cache/cache.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace ruoyi::auth {

struct RateLimit {
  std::int64_t max_requests = 0;  // per window and subject; 0 = off
  std::chrono::seconds window{60};
  bool on() const noexcept { return max_requests > 0 && window.count() > 0; }
};

class RateLimiter {
 public:
  // `cache` outlives the limiter; `route` names the counter ("login", "captcha", "register", …).
  RateLimiter(cache::Cache& cache, std::string route, RateLimit limit);

  // Counts one request of `subject` in the current window; past the limit throws TooManyRequests
  // (the refused request counts too, so a client that keeps hammering stays refused until the
  // window ends). CacheUnavailable propagates (→ 503): a limit that cannot count does not admit.
  boost::asio::awaitable<void> admit(std::string subject);

  const RateLimit& limit() const noexcept { return limit_; }
  std::string key(std::string_view subject) const;

 private:
  cache::Cache& cache_;
  std::string route_;
  RateLimit limit_;
};

}  // namespace ruoyi::auth
