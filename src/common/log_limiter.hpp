// logging::LogLimiter: keeps an outage from flooding the log. Each message key may write `burst`
// lines per `window`; further lines of that key are dropped and counted, and the next line of the
// key that is written says how many were dropped. Thread-safe (the loops share one), and driven
// by an injectable clock so tests need no real time.
//
//   if (auto verdict = limiter.admit("cache-down"))
//     spdlog::warn("cache down: {}{}", what, logging::suppressed_note(verdict));
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ruoyi::logging {

struct LogVerdict {
  bool write = false;
  std::uint64_t suppressed = 0;  // lines of this key dropped since the last one written
  explicit operator bool() const noexcept { return write; }
};

// " (K similar lines suppressed)" when the verdict carries a count, else "".
std::string suppressed_note(const LogVerdict& verdict);

struct LogLimiterOptions {
  std::size_t burst = 10;  // lines per key per window
  std::chrono::steady_clock::duration window = std::chrono::seconds(1);
  std::size_t max_keys = 256;  // distinct keys remembered; past it the table starts over
};

class LogLimiter {
public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  using Options = LogLimiterOptions;

  explicit LogLimiter(Options options = {}, Now now = &Clock::now);

  // Whether a line with this key may be written now.
  LogVerdict admit(std::string_view key);
  // Lines dropped so far, over all keys.
  std::uint64_t suppressed_total() const;

private:
  struct KeyState {
    Clock::time_point window_start{};
    std::size_t written = 0;
    std::uint64_t suppressed = 0;
  };

  Options options_;
  Now now_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, KeyState> keys_;
  std::uint64_t suppressed_total_ = 0;
};

}  // namespace ruoyi::logging
