// One behaviour suite over the Cache interface, run against both implementations: the embedded
// MemoryCache and cache::Redis on a real redis-server. No timing assertions: expiry is awaited with
// bounded polling, pipelining is shown by counters.
#include "cache/memory_cache.hpp"
#include "cache/redis.hpp"
#include "cache_test_support.hpp"
#include "core/gather.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
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

TEST_P(CacheBehaviour, Ping) { EXPECT_TRUE(go(cache_->ping())); }

INSTANTIATE_TEST_SUITE_P(Both, CacheBehaviour, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
