// logging::LogLimiter, driven by a fake clock: a burst per key and window, then silence that is
// counted and reported by the next line written.
#include "common/log_limiter.hpp"

#include <gtest/gtest.h>

using namespace ruoyi::logging;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
  LogLimiter::Clock::time_point now{std::chrono::seconds(1000)};
  LogLimiter::Now fn() {
    return [this] { return now; };
  }
};

int written(LogLimiter& limiter, std::string_view key, int attempts) {
  int n = 0;
  for (int i = 0; i < attempts; ++i)
    if (limiter.admit(key)) ++n;
  return n;
}

}  // namespace

TEST(LogLimiter, ABurstPerWindowThenSuppressedLinesAreCountedAndReported) {
  FakeClock clock;
  LogLimiter limiter({.burst = 3, .window = 1s}, clock.fn());
  EXPECT_EQ(written(limiter, "cache-unavailable", 100), 3);
  EXPECT_EQ(limiter.suppressed_total(), 97u);

  clock.now += 1s;  // a new window: the first line carries the count
  auto verdict = limiter.admit("cache-unavailable");
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict.suppressed, 97u);
  EXPECT_EQ(suppressed_note(verdict), " (97 similar lines suppressed)");
  auto next = limiter.admit("cache-unavailable");
  ASSERT_TRUE(next);
  EXPECT_EQ(next.suppressed, 0u);
  EXPECT_EQ(suppressed_note(next), "");
}

TEST(LogLimiter, WithinTheWindowNothingMoreIsWritten) {
  FakeClock clock;
  LogLimiter limiter({.burst = 2, .window = 1s}, clock.fn());
  EXPECT_EQ(written(limiter, "k", 2), 2);
  clock.now += 999ms;
  EXPECT_FALSE(limiter.admit("k"));
  clock.now += 1ms;
  EXPECT_TRUE(limiter.admit("k"));
}

TEST(LogLimiter, KeysAreLimitedIndependently) {
  FakeClock clock;
  LogLimiter limiter({.burst = 1, .window = 1s}, clock.fn());
  EXPECT_TRUE(limiter.admit("pool-timeout"));
  EXPECT_FALSE(limiter.admit("pool-timeout"));
  EXPECT_TRUE(limiter.admit("deadline"));  // another kind of failure still shows
  EXPECT_FALSE(limiter.admit("deadline"));
}

TEST(LogLimiter, ManyDistinctKeysDoNotGrowItWithoutBound) {
  FakeClock clock;
  LogLimiter limiter({.burst = 1, .window = 1s, .max_keys = 4}, clock.fn());
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.admit("key" + std::to_string(i)));
}
