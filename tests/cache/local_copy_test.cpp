// cache::LocalCache and cache::SharedVersion: an in-process copy is used only under the version it
// was loaded at; every bump (this instance's or another's on the same store) ends it; a bump that
// cannot reach the store still ends this instance's copies; a lost version key starts elsewhere.
#include "cache/local_cache.hpp"
#include "cache/memory_cache.hpp"
#include "cache/redis.hpp"
#include "cache/shared_version.hpp"
#include "cache_test_support.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

using namespace ruoyi;
using namespace ruoyi::cache;
using cache_test::run;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const std::string> text(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

}  // namespace

TEST(LocalCache, ACopyIsFoundOnlyUnderTheVersionItWasLoadedAt) {
  LocalCache<int, std::string> copies(60s, 10);
  Version v1{7, 0}, v2{8, 0}, v1_after_local_bump{7, 1};
  copies.put(1, v1, text("one"));
  ASSERT_TRUE(copies.find(1, v1));
  EXPECT_EQ(*copies.find(1, v1), "one");
  EXPECT_FALSE(copies.find(1, v2));
  EXPECT_FALSE(copies.find(1, v1_after_local_bump));
  EXPECT_FALSE(copies.find(2, v1));
  EXPECT_EQ(copies.stats().hits, 2u);
  EXPECT_EQ(copies.stats().misses, 3u);
  // Reloaded under the new version: the old one no longer matches.
  copies.put(1, v2, text("two"));
  EXPECT_EQ(*copies.find(1, v2), "two");
  EXPECT_FALSE(copies.find(1, v1));
}

TEST(LocalCache, OffWithMaxAgeZeroAndNeverUnderAnUnreadVersion) {
  LocalCache<int, std::string> off(0s, 10);
  off.put(1, Version{7, 0}, text("one"));
  EXPECT_FALSE(off.find(1, Version{7, 0}));
  LocalCache<int, std::string> on(60s, 10);
  on.put(1, Version{}, text("one"));  // shared 0 = the version was not read
  EXPECT_FALSE(on.find(1, Version{}));
}

TEST(LocalCache, AFullTableStartsOver) {
  LocalCache<int, std::string> copies(60s, 2);
  Version v{5, 0};
  copies.put(1, v, text("a"));
  copies.put(2, v, text("b"));
  copies.put(3, v, text("c"));  // full: the table is cleared first
  EXPECT_FALSE(copies.find(1, v));
  EXPECT_FALSE(copies.find(2, v));
  EXPECT_TRUE(copies.find(3, v));
}

TEST(SharedVersion, TwoInstancesOnOneStoreSeeEachOthersBumps) {
  asio::io_context io;
  MemoryCache store;
  SharedVersion a(store), b(store);
  auto first = run(io, a.read());
  ASSERT_TRUE(first.usable());
  EXPECT_EQ(run(io, b.read()).shared, first.shared);  // created once, at a random value, by whoever read first
  run(io, a.bump());
  auto on_b = run(io, b.read());
  EXPECT_EQ(on_b.shared, first.shared + 1);
  EXPECT_EQ(on_b.local, 0u);  // b bumped nothing itself
  auto on_a = run(io, a.read());
  EXPECT_EQ(on_a.shared, first.shared + 1);
  EXPECT_NE(on_a, first);
  EXPECT_EQ(a.bumps(), 1u);
}

TEST(SharedVersion, ALostKeyStartsAtANewRandomValue) {
  asio::io_context io;
  MemoryCache store;
  SharedVersion v(store);
  auto before = run(io, v.read());
  run(io, store.del(std::string(SharedVersion::default_key)));
  auto after = run(io, v.read());
  ASSERT_TRUE(after.usable());
  // A copy tagged before the loss must not match after it (a flushed or restarted Redis).
  EXPECT_NE(after, before);
}

TEST(SharedVersion, ABumpTheStoreRefusesStillEndsThisInstancesCopies) {
  if (std::system("command -v redis-server >/dev/null 2>&1") != 0) GTEST_SKIP() << "redis-server not installed";
  asio::io_context io;
  test::RedisServer server({"--rename-command", "INCR", ""});  // a store that takes reads but no bump
  RedisOptions options;
  options.port = server.port();
  Redis redis(options);
  SharedVersion v(redis);
  auto before = run(io, v.read());
  ASSERT_TRUE(before.usable());
  LocalCache<int, std::string> copies(60s, 10);
  copies.put(1, before, text("old"));
  run(io, v.bump());  // never throws: the write it follows has committed
  auto after = run(io, v.read());
  EXPECT_EQ(after.shared, before.shared);  // the store never counted it…
  EXPECT_FALSE(copies.find(1, after));     // …but this instance's copies from before it no longer match
  redis.shutdown();
  io.run_for(1s);
}
