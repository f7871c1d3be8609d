// Fixed-window rate limit per message key (see log_limiter.hpp).
#include "common/log_limiter.hpp"

#include <fmt/format.h>

namespace ruoyi::logging {

std::string suppressed_note(const LogVerdict& verdict) {
  if (verdict.suppressed == 0) return {};
  return fmt::format(" ({} similar lines suppressed)", verdict.suppressed);
}

LogLimiter::LogLimiter(Options options, Now now) : options_(options), now_(std::move(now)) {
  if (options_.burst == 0) options_.burst = 1;
  if (options_.max_keys == 0) options_.max_keys = 1;
}

LogVerdict LogLimiter::admit(std::string_view key) {
  auto now = now_();
  std::lock_guard lock(mutex_);
  auto it = keys_.find(std::string(key));
  if (it == keys_.end()) {
    // Keys are message kinds, a handful; a flood of distinct keys must not grow the table.
    if (keys_.size() >= options_.max_keys) keys_.clear();
    it = keys_.emplace(std::string(key), KeyState{now, 0, 0}).first;
  }
  auto& state = it->second;
  if (now - state.window_start >= options_.window) {
    state.window_start = now;
    state.written = 0;
  }
  if (state.written >= options_.burst) {
    ++state.suppressed;
    ++suppressed_total_;
    return {};
  }
  ++state.written;
  LogVerdict verdict{true, state.suppressed};
  state.suppressed = 0;
  return verdict;
}

std::uint64_t LogLimiter::suppressed_total() const {
  std::lock_guard lock(mutex_);
  return suppressed_total_;
}

}  // namespace ruoyi::logging
