// One behaviour suite over the Cache interface, run against both implementations: the embedded
// MemoryCache and cache::Redis on a real redis-server. No timing assertions: expiry is awaited with
// bounded polling, pipelining is shown by counters.
#include "cache/memory_cache.hpp"
#include "cache/redis.hpp"
#include "cache_test_support.hpp"
#include "core/gather.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using namespace ruoyi;
using namespace std::chrono_literals;
using cache::Cache;
using cache_test::run;
using Keys = std::vector<std::string>;

class CacheBehaviour : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { server_ = new test::RedisServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    if (GetParam() == "redis") {
      ASSERT_EQ(server_->run({"FLUSHALL"}), "OK");
      auto options = cache::RedisOptions::from_url(server_->url(1));
      redis_ = std::make_shared<cache::Redis>(options);
      cache_ = redis_;
    } else {
      cache_ = std::make_shared<cache::MemoryCache>();
    }
  }
  void TearDown() override {
    if (redis_) {
      redis_->shutdown();
      io_.restart();
      io_.run_for(10s);  // the connection's owner ends: the loop runs dry
    }
  }

  template <class T>
  T go(asio::awaitable<T> task) {
    return run(io_, std::move(task));
  }

  // The Redis TTL of a key (seconds; -1 no expiry, -2 missing), through Redis::command.
  long long redis_ttl(const std::string& key) {
    std::vector<std::string> args{"TTL", key};
    auto reply = go(redis_->command(std::move(args)));
    return cache::redis::expect_integer(reply, "TTL");
  }

  static test::RedisServer* server_;
  asio::io_context io_;  // outlives the cache: a Redis object must not outlive its loops
  std::shared_ptr<Cache> cache_;
  std::shared_ptr<cache::Redis> redis_;
};

test::RedisServer* CacheBehaviour::server_ = nullptr;

// Polls `exists` (bounded: 100 × 50 ms) until the key is gone.
asio::awaitable<bool> gone_eventually(std::shared_ptr<Cache> cache, std::string key) {
  for (int i = 0; i < 100; ++i) {
    bool present = co_await cache->exists(key);
    if (!present) co_return true;
    co_await cache_test::sleep_for(50ms);
  }
  co_return false;
}

TEST_P(CacheBehaviour, SetThenGet) {
  go(cache_->set("k", "v"));
  EXPECT_EQ(go(cache_->get("k")), "v");
  EXPECT_EQ(go(cache_->get("missing")), std::nullopt);
  go(cache_->set("k", "w"));
  EXPECT_EQ(go(cache_->get("k")), "w");
}

TEST_P(CacheBehaviour, SetIfAbsentStoresOnlyWhenTheKeyIsMissing) {
  EXPECT_TRUE(go(cache_->set_if_absent("k", "first")));
  EXPECT_FALSE(go(cache_->set_if_absent("k", "second")));  // a writer's value is never overwritten
  EXPECT_EQ(go(cache_->get("k")), "first");
  go(cache_->del("k"));
  EXPECT_TRUE(go(cache_->set_if_absent("k", "third", std::chrono::seconds(100))));
  EXPECT_EQ(go(cache_->get("k")), "third");
  if (redis_) {
    EXPECT_GT(redis_ttl("k"), 0);
  }
}

TEST_P(CacheBehaviour, ValuesAreBinarySafe) {
  std::string value("a\0b\r\nc", 6);
  go(cache_->set("bin", value));
  EXPECT_EQ(go(cache_->get("bin")), value);
}

TEST_P(CacheBehaviour, DelAndExists) {
  go(cache_->set("k", "v"));
  EXPECT_TRUE(go(cache_->exists("k")));
  EXPECT_TRUE(go(cache_->del("k")));
  EXPECT_FALSE(go(cache_->exists("k")));
  EXPECT_FALSE(go(cache_->del("k")));
  EXPECT_EQ(go(cache_->get("k")), std::nullopt);
}

TEST_P(CacheBehaviour, SetWithTtlExpires) {
  go(cache_->set("short", "v", std::chrono::seconds(1)));
  go(cache_->set("long", "v", std::chrono::seconds(100)));
  go(cache_->set("forever", "v"));
  if (redis_) {
    EXPECT_GT(redis_ttl("long"), 0);
    EXPECT_LE(redis_ttl("long"), 100);
    EXPECT_EQ(redis_ttl("forever"), -1);
  }
  EXPECT_TRUE(go(gone_eventually(cache_, "short")));
  EXPECT_TRUE(go(cache_->exists("long")));
  EXPECT_TRUE(go(cache_->exists("forever")));
}

TEST_P(CacheBehaviour, GetTouchReadsAndSlidesTheTtlInOneCall) {
  EXPECT_EQ(go(cache_->get_touch("missing", std::chrono::seconds(100))), std::nullopt);
  EXPECT_FALSE(go(cache_->exists("missing")));  // never created by the touch
  go(cache_->set("session", "token", std::chrono::seconds(1)));
  EXPECT_EQ(go(cache_->get_touch("session", std::chrono::seconds(100))), "token");
  if (redis_) {
    EXPECT_GT(redis_ttl("session"), 1);
    EXPECT_LE(redis_ttl("session"), 100);
  }
  // Outlives its first TTL: the touch moved the expiry.
  go(cache_test::sleep_for(1500ms));
  EXPECT_EQ(go(cache_->get("session")), "token");
}

TEST_P(CacheBehaviour, ExpireSetsATtlOnlyOnExistingKeys) {
  EXPECT_FALSE(go(cache_->expire("missing", std::chrono::seconds(10))));
  go(cache_->set("k", "v"));
  EXPECT_TRUE(go(cache_->expire("k", std::chrono::seconds(100))));
  if (redis_) {
    EXPECT_GT(redis_ttl("k"), 0);
    EXPECT_LE(redis_ttl("k"), 100);
  }
  EXPECT_TRUE(go(cache_->expire("k", std::chrono::seconds(1))));
  EXPECT_TRUE(go(gone_eventually(cache_, "k")));
}

TEST_P(CacheBehaviour, IncrCountsFromZeroAndKeepsTheTtl) {
  EXPECT_EQ(go(cache_->incr("n")), 1);
  EXPECT_EQ(go(cache_->incr("n")), 2);
  go(cache_->set("fails", "5", std::chrono::seconds(100)));
  EXPECT_EQ(go(cache_->incr("fails")), 6);
  EXPECT_EQ(go(cache_->get("fails")), "6");
  if (redis_) {
    EXPECT_GT(redis_ttl("fails"), 0);
  }
}

TEST_P(CacheBehaviour, IncrOnANonIntegerIsAnErrorNotUnavailability) {
  go(cache_->set("word", "abc"));
  try {
    go(cache_->incr("word"));
    FAIL() << "no exception";
  } catch (const cache::CacheUnavailable& e) {
    FAIL() << "reported as unavailable: " << e.what();
  } catch (const std::runtime_error&) {
  }
  // The store is still usable afterwards.
  EXPECT_EQ(go(cache_->get("word")), "abc");
}

TEST_P(CacheBehaviour, ScanMatchesAGlob) {
  for (const char* key : {"user:1", "user:2", "user:10", "other:1", "userx"}) go(cache_->set(key, "v"));
  auto all = go(cache_->scan("user:*"));
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (Keys{"user:1", "user:10", "user:2"}));
  auto one_char = go(cache_->scan("user:?"));
  std::sort(one_char.begin(), one_char.end());
  EXPECT_EQ(one_char, (Keys{"user:1", "user:2"}));
  EXPECT_TRUE(go(cache_->scan("nothing:*")).empty());
}

asio::awaitable<void> fill(std::shared_ptr<Cache> cache, int n) {
  for (int i = 0; i < n; ++i) co_await cache->set("bulk:" + std::to_string(i), "v");
}

TEST_P(CacheBehaviour, ScanWalksEveryPage) {
  go(fill(cache_, 1000));  // several SCAN steps with COUNT 200
  go(cache_->set("other", "v"));
  auto keys = go(cache_->scan("bulk:*"));
  EXPECT_EQ(keys.size(), 1000u);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());  // no duplicates
}

asio::awaitable<std::int64_t> concurrent_incr(std::shared_ptr<Cache> cache, int n) {
  std::vector<asio::awaitable<std::int64_t>> ops;
  for (int i = 0; i < n; ++i) ops.push_back(cache->incr("counter"));
  auto results = co_await core::gather(std::move(ops));
  co_return static_cast<std::int64_t>(results.size());
}

TEST_P(CacheBehaviour, ManyConcurrentCommandsFromOneLoop) {
  EXPECT_EQ(go(concurrent_incr(cache_, 200)), 200);
  EXPECT_EQ(go(cache_->get("counter")), "200");
  if (redis_) {
    auto stats = redis_->stats();
    EXPECT_EQ(stats.connections, 1u);  // one connection for the loop
    EXPECT_EQ(stats.connects, 1u);
    EXPECT_GT(stats.max_in_flight, 1u);  // pipelined: many commands awaiting replies at once
  }
}

// `threads` loops (each its own thread and, on Redis, its own connection), each firing `per_thread`
// calls of `op` at once: truly parallel callers, as instances or loops of a server are.
template <class T, class Op>
std::vector<T> from_parallel_loops(int threads, int per_thread, Op op) {
  std::vector<std::vector<T>> results(static_cast<std::size_t>(threads));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        asio::io_context io;
        std::vector<asio::awaitable<T>> ops;
        for (int i = 0; i < per_thread; ++i) ops.push_back(op());
        results[static_cast<std::size_t>(t)] = run(io, core::gather(std::move(ops)));
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<T> all;
  for (auto& r : results) all.insert(all.end(), r.begin(), r.end());
  return all;
}

std::vector<std::int64_t> one_to(std::int64_t n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 1);
  return v;
}

TEST_P(CacheBehaviour, ConcurrentFailuresEachGetADistinctCountAndExactlyOneSetsTheLock) {
  auto cache = cache_;
  auto op = [cache] { return cache->record_failure("fails:bob", "lock:bob", 20, std::chrono::seconds(100)); };
  auto results = from_parallel_loops<cache::FailureCount>(4, 12, op);  // 48 failures, threshold 20
  std::vector<std::int64_t> counts;
  int locks = 0, refused = 0;
  for (const auto& r : results) {
    if (r.already_locked) {
      ++refused;
      EXPECT_EQ(r.count, 0);
      EXPECT_FALSE(r.locked);
      continue;
    }
    counts.push_back(r.count);
    if (r.locked) {
      ++locks;
      EXPECT_EQ(r.count, 21);  // the one past the threshold
    }
  }
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, one_to(21));  // 1..21, each exactly once
  EXPECT_EQ(locks, 1);
  EXPECT_EQ(refused, 48 - 21);
  EXPECT_TRUE(go(cache_->exists("lock:bob")));
  EXPECT_FALSE(go(cache_->exists("fails:bob")));  // dropped with the lock
  if (redis_) {
    EXPECT_GT(redis_ttl("lock:bob"), 0);
    EXPECT_LE(redis_ttl("lock:bob"), 100);
  }
}

TEST_P(CacheBehaviour, ConcurrentFailuresBelowTheThresholdCountOneToNAndSlideTheWindow) {
  auto cache = cache_;
  auto op = [cache] { return cache->record_failure("fails:amy", "lock:amy", 100, std::chrono::seconds(100)); };
  auto results = from_parallel_loops<cache::FailureCount>(4, 10, op);
  std::vector<std::int64_t> counts;
  for (const auto& r : results) {
    EXPECT_FALSE(r.locked);
    EXPECT_FALSE(r.already_locked);
    counts.push_back(r.count);
  }
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, one_to(40));
  EXPECT_EQ(go(cache_->get("fails:amy")), "40");
  EXPECT_FALSE(go(cache_->exists("lock:amy")));
  if (redis_) {
    EXPECT_GT(redis_ttl("fails:amy"), 0);
    EXPECT_LE(redis_ttl("fails:amy"), 100);
  }
}

TEST_P(CacheBehaviour, AFailureWhileLockedCountsNothingAndNeverLengthensTheLock) {
  go(cache_->set("lock:eve", "1", std::chrono::seconds(1)));
  auto r = go(cache_->record_failure("fails:eve", "lock:eve", 5, std::chrono::seconds(100)));
  EXPECT_TRUE(r.already_locked);
  EXPECT_FALSE(r.locked);
  EXPECT_FALSE(go(cache_->exists("fails:eve")));
  if (redis_) {
    EXPECT_LE(redis_ttl("lock:eve"), 1);
  }
  EXPECT_TRUE(go(gone_eventually(cache_, "lock:eve")));  // still its own 1 s, not 100 s
  // Once the lock is gone, counting starts afresh.
  EXPECT_EQ(go(cache_->record_failure("fails:eve", "lock:eve", 5, std::chrono::seconds(100))).count, 1);
}

TEST_P(CacheBehaviour, CountInWindowCountsParallelHitsOnceEach) {
  auto cache = cache_;
  auto op = [cache] { return cache->count_in_window("hits", std::chrono::seconds(100)); };
  auto counts = from_parallel_loops<std::int64_t>(4, 10, op);
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, one_to(40));
  if (redis_) {
    EXPECT_GT(redis_ttl("hits"), 0);
    EXPECT_LE(redis_ttl("hits"), 100);
  }
}

TEST_P(CacheBehaviour, CountInWindowIsAFixedWindowThatLaterHitsDoNotExtend) {
  EXPECT_EQ(go(cache_->count_in_window("tick", std::chrono::seconds(1))), 1);
  // Hit on: a sliding expiry would keep the key (and the count) forever; a fixed window restarts.
  bool restarted = false;
  for (int i = 0; i < 60 && !restarted; ++i) {
    go(cache_test::sleep_for(100ms));
    restarted = go(cache_->count_in_window("tick", std::chrono::seconds(1))) == 1;
  }
  EXPECT_TRUE(restarted);
}

TEST_P(CacheBehaviour, CountInWindowGivesAKeyWithoutExpiryOne) {
  go(cache_->set("stuck", "7"));  // left without a TTL (by hand, or an older version)
  EXPECT_EQ(go(cache_->count_in_window("stuck", std::chrono::seconds(1))), 8);
  EXPECT_TRUE(go(gone_eventually(cache_, "stuck")));
}

TEST_P(CacheBehaviour, Ping) { EXPECT_TRUE(go(cache_->ping())); }

INSTANTIATE_TEST_SUITE_P(Both, CacheBehaviour, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
