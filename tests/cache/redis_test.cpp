// cache::Redis against a real redis-server: outages, recovery, timeouts, cancellation, AUTH and
// SELECT, one connection per loop. Every wait is bounded; assertions are on outcomes and counters.
#include "cache/redis.hpp"
#include "cache_test_support.hpp"
#include "core/gather.hpp"
#include "core/timeout.hpp"
#include "support/redis_server.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/system/system_error.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

namespace asio = boost::asio;
using namespace ruoyi;
using namespace std::chrono_literals;
using cache::CacheUnavailable;
using cache::Redis;
using cache::RedisOptions;
using cache_test::run;

RedisOptions options_for(std::uint16_t port, int db = 0) {
  auto options = RedisOptions::from_url("redis://127.0.0.1:" + std::to_string(port) + "/" + std::to_string(db));
  options.connect_timeout = 500ms;
  options.command_timeout = 2s;
  options.reconnect_interval = 100ms;
  options.health_check_interval = 60s;
  return options;
}

// Shuts the client down and lets the loop run dry (bounded).
void finish(asio::io_context& io, Redis& redis) {
  redis.shutdown();
  io.restart();
  io.run_for(10s);
}

// What a command failed with: "" when it succeeded.
template <class T>
std::string failure(asio::io_context& io, asio::awaitable<T> task) {
  try {
    run(io, std::move(task));
    return "";
  } catch (const CacheUnavailable& e) {
    return std::string("unavailable: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("other: ") + e.what();
  }
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// Retries ping() (bounded: 200 × 50 ms) until the client answers again.
asio::awaitable<bool> back_eventually(Redis& redis) {
  for (int i = 0; i < 200; ++i) {
    bool up = co_await redis.ping();
    if (up) co_return true;
    co_await cache_test::sleep_for(50ms);
  }
  co_return false;
}

TEST(Redis, DownFromTheStartFailsFast) {
  asio::io_context io;
  auto options = options_for(test::RedisServer::free_port());  // nobody listens there
  options.reconnect_interval = 60s;                            // stays down for the whole test
  Redis redis(options);
  auto first = failure(io, redis.get("k"));
  EXPECT_TRUE(starts_with(first, "unavailable: ")) << first;
  // The link is known down now: the next commands are refused at once, not after a connect timeout.
  auto second = failure(io, redis.set("k", "v"));
  EXPECT_TRUE(starts_with(second, "unavailable: ")) << second;
  EXPECT_NE(second.find("is down"), std::string::npos) << second;
  EXPECT_GE(redis.stats().fail_fast, 1u);
  EXPECT_FALSE(run(io, redis.ping()));
  EXPECT_EQ(redis.stats().connects, 0u);
  finish(io, redis);
}

// Issues commands (bounded: 200 × 20 ms) until one is refused at once because the link is down.
asio::awaitable<bool> refused_fast_eventually(Redis& redis) {
  auto before = redis.stats().fail_fast;
  for (int i = 0; i < 200; ++i) {
    try {
      co_await redis.get("k");
    } catch (const CacheUnavailable&) {
    }
    if (redis.stats().fail_fast > before) co_return true;
    co_await cache_test::sleep_for(20ms);
  }
  co_return false;
}

TEST(Redis, RecoversByItselfWhenRedisComesBack) {
  test::RedisServer server;
  asio::io_context io;
  Redis redis(options_for(server.port()));
  run(io, redis.set("k", "before"));
  EXPECT_EQ(run(io, redis.get("k")), "before");

  server.stop();
  EXPECT_TRUE(run(io, refused_fast_eventually(redis)));
  EXPECT_FALSE(run(io, redis.ping()));

  server.start();  // same port, empty data set
  EXPECT_TRUE(run(io, back_eventually(redis)));
  run(io, redis.set("k", "after"));
  EXPECT_EQ(run(io, redis.get("k")), "after");
  auto stats = redis.stats();
  EXPECT_GE(stats.connects, 2u);  // the same client reconnected
  EXPECT_GE(stats.disconnects, 1u);
  EXPECT_EQ(stats.connections, 1u);
  finish(io, redis);
}

asio::awaitable<std::vector<std::string>> two_stuck_commands(Redis& redis) {
  // Redis answers OK, then processes nobody's commands for 1.5 s.
  std::vector<std::string> pause{"CLIENT", "PAUSE", "1500", "ALL"};
  co_await redis.command(std::move(pause));
  std::vector<std::string> failures;
  auto a = redis.get("a");
  auto b = redis.get("b");
  auto both = core::gather(std::move(a), std::move(b));
  try {
    co_await std::move(both);
  } catch (const CacheUnavailable& e) {
    failures.emplace_back(e.what());
  }
  co_return failures;
}

TEST(Redis, ACommandWithoutReplyTimesOutResetsTheLinkAndTheClientWorksAfterwards) {
  test::RedisServer server;
  asio::io_context io;
  auto options = options_for(server.port());
  options.command_timeout = 300ms;
  options.connect_timeout = 300ms;
  Redis redis(options);
  run(io, redis.set("a", "1"));

  auto failures = run(io, two_stuck_commands(redis));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("timed out after 300 ms"), std::string::npos) << failures[0];
  EXPECT_GE(redis.stats().timeouts, 1u);
  EXPECT_GE(redis.stats().disconnects, 1u);  // reset: a late reply could not be matched

  EXPECT_TRUE(run(io, back_eventually(redis)));
  EXPECT_EQ(run(io, redis.get("a")), "1");
  finish(io, redis);
}

TEST(Redis, ACancelledCommandFailsAloneAndItsLateReplyIsDropped) {
  test::RedisServer server;
  asio::io_context io;
  auto options = options_for(server.port());
  options.command_timeout = 10s;
  Redis redis(options);
  run(io, redis.set("k1", "one"));
  run(io, redis.set("k2", "two"));
  std::vector<std::string> pause{"CLIENT", "PAUSE", "300", "ALL"};
  run(io, redis.command(std::move(pause)));

  auto sent_before = redis.stats().commands;
  asio::cancellation_signal signal;
  std::exception_ptr outcome;
  bool done = false;
  auto handler = [&](std::exception_ptr e, std::optional<std::string>) {
    done = true;
    outcome = e;
  };
  asio::co_spawn(io, redis.get("k1"), asio::bind_cancellation_slot(signal.slot(), handler));
  ASSERT_TRUE(cache_test::run_until(io, [&] { return redis.stats().commands > sent_before; }));  // on the wire
  ASSERT_FALSE(done);
  signal.emit(asio::cancellation_type::terminal);
  ASSERT_TRUE(cache_test::run_until(io, [&] { return done; }));
  ASSERT_TRUE(outcome);
  try {
    std::rethrow_exception(outcome);
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(e.code(), asio::error::operation_aborted);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected: " << e.what();
  }

  // The next command gets its own reply, not the cancelled one's ("one"), on the same link.
  EXPECT_EQ(run(io, redis.get("k2")), "two");
  auto stats = redis.stats();
  EXPECT_EQ(stats.cancelled, 1u);
  EXPECT_EQ(stats.timeouts, 0u);
  EXPECT_EQ(stats.disconnects, 0u);
  EXPECT_EQ(stats.connects, 1u);
  finish(io, redis);
}

asio::awaitable<std::string> get_within(Redis& redis, std::string key, std::chrono::milliseconds budget) {
  auto op = redis.get(std::move(key));
  try {
    auto value = co_await core::with_timeout(std::move(op), budget);
    co_return value.value_or("(nil)");
  } catch (const core::Timeout& e) {
    co_return std::string("timeout: ") + e.what();
  }
}

TEST(Redis, ARequestDeadlineFailsOnlyThatCallerAndKeepsTheLink) {
  test::RedisServer server;
  asio::io_context io;
  auto options = options_for(server.port());
  options.command_timeout = 10s;
  Redis redis(options);
  run(io, redis.set("k", "v"));
  std::vector<std::string> pause{"CLIENT", "PAUSE", "1000", "ALL"};
  run(io, redis.command(std::move(pause)));

  // The caller's budget (as core::with_deadline would impose) ends long before the pause does.
  auto outcome = run(io, get_within(redis, "k", 50ms));
  EXPECT_TRUE(starts_with(outcome, "timeout: ")) << outcome;
  EXPECT_EQ(run(io, redis.get("k")), "v");  // waits out the pause on the same link
  auto stats = redis.stats();
  EXPECT_EQ(stats.cancelled, 1u);
  EXPECT_EQ(stats.timeouts, 0u);
  EXPECT_EQ(stats.disconnects, 0u);
  finish(io, redis);
}

TEST(Redis, ACommandCancelledWhileWaitingForTheLinkIsNeverSent) {
  test::RedisServer server;
  asio::io_context io;
  Redis redis(options_for(server.port()));
  asio::cancellation_signal signal;
  bool done = false;
  std::exception_ptr outcome;
  auto handler = [&](std::exception_ptr e) {
    done = true;
    outcome = e;
  };
  asio::co_spawn(io, redis.set("never", "v"), asio::bind_cancellation_slot(signal.slot(), handler));
  // Run just until the command is queued (the connection exists), before the handshake completes.
  ASSERT_TRUE(cache_test::run_until(io, [&] { return redis.stats().connections == 1; }));
  signal.emit(asio::cancellation_type::terminal);
  ASSERT_TRUE(cache_test::run_until(io, [&] { return done; }));
  EXPECT_TRUE(outcome);
  EXPECT_TRUE(run(io, redis.ping()));
  EXPECT_EQ(server.run({"EXISTS", "never"}), "0");
  finish(io, redis);
}

TEST(Redis, SelectsTheDatabaseOfTheUrl) {
  test::RedisServer server;
  asio::io_context io;
  Redis redis(options_for(server.port(), 5));
  run(io, redis.set("in5", "v"));
  EXPECT_EQ(server.run({"EXISTS", "in5"}), "0");  // not in db 0
  EXPECT_EQ(run(io, redis.get("in5")), "v");
  finish(io, redis);
}

TEST(Redis, AuthenticatesWithThePasswordOfTheUrl) {
  test::RedisServer server({"--requirepass", "s3cret"});
  asio::io_context io;
  auto options = options_for(server.port());
  options.password = "s3cret";
  Redis redis(options);
  run(io, redis.set("k", "v"));
  EXPECT_EQ(run(io, redis.get("k")), "v");
  finish(io, redis);
}

TEST(Redis, AWrongPasswordIsUnavailableAndNamesAuth) {
  test::RedisServer server({"--requirepass", "s3cret"});
  asio::io_context io;
  auto options = options_for(server.port());
  options.password = "wrong";
  Redis redis(options);
  auto first = failure(io, redis.get("k"));
  EXPECT_TRUE(starts_with(first, "unavailable: ")) << first;
  EXPECT_NE(first.find("AUTH"), std::string::npos) << first;
  EXPECT_EQ(first.find("wrong"), std::string::npos) << first;  // never the password
  EXPECT_EQ(redis.stats().connects, 0u);
  finish(io, redis);
}

// A server without GETEX (older than 6.2; here renamed away): get_touch falls back to GET + EXPIRE,
// with the same outcome, and keeps using the fallback.
TEST(Redis, GetTouchFallsBackToGetAndExpireWhereGetexIsUnknown) {
  test::RedisServer server({"--rename-command", "GETEX", ""});
  asio::io_context io;
  Redis redis(options_for(server.port()));
  run(io, redis.set("session", "token", std::chrono::seconds(5)));
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(run(io, redis.get_touch("session", std::chrono::seconds(300))), "token");
    EXPECT_GT(std::stoll(server.run({"TTL", "session"})), 5);
  }
  EXPECT_EQ(run(io, redis.get_touch("missing", std::chrono::seconds(300))), std::nullopt);
  EXPECT_EQ(server.run({"EXISTS", "missing"}), "0");
  finish(io, redis);
}

TEST(Redis, AfterShutdownCommandsFailAtOnce) {
  test::RedisServer server;
  asio::io_context io;
  Redis redis(options_for(server.port()));
  run(io, redis.set("k", "v"));
  redis.shutdown();
  auto after = failure(io, redis.get("k"));
  EXPECT_TRUE(starts_with(after, "unavailable: ")) << after;
  io.restart();
  io.run_for(10s);
  EXPECT_TRUE(io.stopped());  // nothing of the client is left on the loop
}

TEST(Redis, EachLoopHasItsOwnConnection) {
  test::RedisServer server;
  asio::io_context a;  // loops first: they outlive the client
  asio::io_context b;
  Redis redis(options_for(server.port()));
  std::string from_b;
  std::thread other([&] { from_b = run(b, redis.incr("n")) > 0 ? "ok" : ""; });
  run(a, redis.incr("n"));
  other.join();
  EXPECT_EQ(from_b, "ok");
  EXPECT_EQ(run(a, redis.get("n")), "2");
  auto stats = redis.stats();
  EXPECT_EQ(stats.connections, 2u);
  EXPECT_EQ(stats.connects, 2u);
  redis.shutdown();
  std::thread drain([&] {
    b.restart();
    b.run_for(10s);
  });
  a.restart();
  a.run_for(10s);
  drain.join();
}

TEST(Redis, HealthCheckPingsAnIdleLink) {
  test::RedisServer server;
  asio::io_context io;
  auto options = options_for(server.port());
  options.health_check_interval = 20ms;
  Redis redis(options);
  run(io, redis.set("k", "v"));
  auto sent = redis.stats().commands;
  EXPECT_TRUE(cache_test::run_until(io, [&] { return redis.stats().commands >= sent + 3; }));
  EXPECT_EQ(redis.stats().connects, 1u);
  finish(io, redis);
}

}  // namespace

namespace {

// The app's shutdown order: loops stopped (not running any more), then the application (and its
// Redis) destroyed, then the loops. The posted stop never runs; the connection must go with the
// loop, a command still in flight included, without touching freed memory (ASan) or leaking (LSan).
TEST(Redis, GoesWithItsLoopWhenDestroyedAfterTheLoopStopped) {
  test::RedisServer server;
  auto io = std::make_unique<asio::io_context>();
  auto options = options_for(server.port());
  options.command_timeout = 10s;
  auto redis = std::make_unique<Redis>(options);
  run(*io, redis->set("k", "v"));
  std::vector<std::string> pause{"CLIENT", "PAUSE", "300", "ALL"};
  run(*io, redis->command(std::move(pause)));
  auto sent_before = redis->stats().commands;
  bool done = false;
  auto handler = [&done](std::exception_ptr, std::optional<std::string>) { done = true; };
  asio::co_spawn(*io, redis->get("k"), handler);
  ASSERT_TRUE(cache_test::run_until(*io, [&] { return redis->stats().commands > sent_before; }));
  redis.reset();  // posts stop to a loop that will not run again
  io.reset();     // destroys the connection, its hiredis context and the suspended caller
  EXPECT_FALSE(done);
}

}  // namespace

namespace {

// Short-lived loops (start-up work, one test client per request) come and go while one Redis
// lives: each dying loop drops its own connection (the LoopService), the next loop — even at the
// same address — gets a fresh one, and the counters of the dead ones are kept.
TEST(Redis, ALoopThatDiesFirstTakesItsConnectionAlong) {
  test::RedisServer server;
  Redis redis(options_for(server.port()));
  for (int i = 0; i < 5; ++i) {
    auto io = std::make_unique<asio::io_context>();
    EXPECT_EQ(run(*io, redis.incr("n")), i + 1);
    EXPECT_EQ(redis.stats().connections, 1u);
    io.reset();  // the connection's owner coroutine is still parked in it
    EXPECT_EQ(redis.stats().connections, 0u);
  }
  auto stats = redis.stats();
  EXPECT_EQ(stats.connects, 5u);
  EXPECT_GE(stats.commands, 5u);
  EXPECT_EQ(std::stoll(server.run({"GET", "n"})), 5);
  // Shutdown has no live loop to post to; a later loop is refused at once.
  redis.shutdown();
  asio::io_context late;
  EXPECT_TRUE(starts_with(failure(late, redis.get("n")), "unavailable: "));
}

}  // namespace
