// cache::Redis: the production Cache — hiredis 0.14's async API driven by the Asio loop.
//
// Design (per loop): ONE Redis object serves every event loop; it keeps one connection per
// execution context (io_context), created on the first command issued from that loop, so the
// app wires one `std::shared_ptr<Cache>` and there is no lock between loops on the hot path (a
// thread-local remembers the calling loop's connection). A loop must be run by one thread (the
// architecture's layout): a connection is only touched on its own loop.
//
// Each connection is pipelined: many callers' commands are in flight at once, hiredis matches
// replies to them in order. One owner coroutine per connection (`run`) resolves the host with
// Asio (hiredis would call a blocking getaddrinfo), connects, AUTH/SELECT/PING, sends a health-
// check PING every health_check_interval and reconnects when the link drops; callers only submit
// and await their own completion, always resumed on their own executor.
//
// Failure behaviour (every wait bounded, STYLE rule 4):
//  - each command has a timer (hiredis has none): on expiry the caller gets CacheUnavailable and
//    the connection is reset, because replies are ordered and a late one could not be matched;
//    the other commands in flight on it fail with CacheUnavailable too, then it reconnects at once;
//  - while Redis is known to be down (the last connect failed) commands fail at once with
//    CacheUnavailable; a new attempt is made every reconnect_interval, so service resumes by
//    itself when Redis is back;
//  - a caller cancelled through its Asio cancellation slot (request deadline) fails alone with
//    operation_aborted; its reply, when it comes, is dropped;
//  - an error reply (WRONGTYPE, not an integer, …) is a CommandError: the store is fine.
#pragma once

#include "cache/cache.hpp"
#include "cache/redis_protocol.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio {
class execution_context;
}

namespace ruoyi::cache {

struct RedisOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  int db = 0;
  std::optional<std::string> username;  // Redis 6 ACL user; AUTH <user> <password>
  std::optional<std::string> password;  // AUTH <password>

  std::chrono::milliseconds connect_timeout{2000};        // resolve + TCP connect + AUTH/SELECT/PING
  std::chrono::milliseconds command_timeout{1000};        // each command, from submission to reply
  std::chrono::milliseconds reconnect_interval{1000};     // between failed connect attempts
  std::chrono::milliseconds health_check_interval{5000};  // PING on an idle-or-busy ready link
  std::size_t max_pending = 10'000;  // commands queued + in flight per connection; beyond: fail fast
  std::size_t scan_count = 200;      // COUNT hint of each SCAN step

  // "redis://[[user]:password@]host[:port][/db]" (percent-decoded; IPv6 as [::1]). Port defaults
  // to 6379, db to 0. Throws std::invalid_argument naming the problem.
  static RedisOptions from_url(std::string_view url);
  // "127.0.0.1:6379/0" — never the password; for logs and error messages.
  std::string describe() const;
};

using RedisReply = redis::Reply;

class Redis final : public Cache {
 public:
  explicit Redis(RedisOptions options);
  // Calls shutdown() if it was not called yet, which posts a stop to each live loop's connection.
  // A loop may also die first: its io_context's destruction (an Asio service) drops that loop's
  // connection, so short-lived loops (start-up tasks, test clients) come and go freely.
  ~Redis() override;
  Redis(const Redis&) = delete;
  Redis& operator=(const Redis&) = delete;

  boost::asio::awaitable<std::optional<std::string>> get(std::string key) override;
  boost::asio::awaitable<void> set(std::string key, std::string value, Ttl ttl = std::nullopt) override;
  boost::asio::awaitable<bool> set_if_absent(std::string key, std::string value, Ttl ttl = std::nullopt) override;
  boost::asio::awaitable<bool> del(std::string key) override;
  boost::asio::awaitable<bool> exists(std::string key) override;
  boost::asio::awaitable<bool> expire(std::string key, std::chrono::seconds ttl) override;
  // GETEX (Redis 6.2+); on an older server that refuses it, GET then EXPIRE from then on.
  boost::asio::awaitable<std::optional<std::string>> get_touch(std::string key, std::chrono::seconds ttl) override;
  boost::asio::awaitable<std::int64_t> incr(std::string key) override;
  // Both by EVAL of a small Lua script: Redis runs a script as one command, so no other client's
  // command lands between its steps, and it costs one round trip.
  boost::asio::awaitable<FailureCount> record_failure(std::string counter_key, std::string lock_key, std::int64_t max,
                                                      std::chrono::seconds ttl) override;
  boost::asio::awaitable<std::int64_t> count_in_window(std::string key, std::chrono::seconds window) override;
  // SCAN 0 MATCH pattern COUNT scan_count, until the cursor is back at 0; keys deduplicated
  // (SCAN may return a key twice).
  boost::asio::awaitable<std::vector<std::string>> scan(std::string pattern) override;
  // PING on the calling loop's connection; false (never an exception) when unreachable.
  boost::asio::awaitable<bool> ping() override;

  // Any command, argv style ({"TTL", key}), on the calling loop's connection. Throws
  // CacheUnavailable (down, timed out, reset, shut down), CommandError (error reply),
  // system_error(operation_aborted) when the caller is cancelled.
  boost::asio::awaitable<RedisReply> command(std::vector<std::string> args);

  // Stops every connection: queued and in-flight commands fail with CacheUnavailable, the owner
  // coroutines end (so the loops can run dry), later commands fail at once. Thread-safe, idempotent.
  void shutdown() override;

  // Summed over the loops' connections; counters only grow. For /ready, metrics and tests.
  struct Stats {
    std::uint64_t connects = 0;          // handshakes that succeeded
    std::uint64_t connect_failures = 0;  // attempts that did not
    std::uint64_t disconnects = 0;       // ready links lost (dropped, reset, shut down)
    std::uint64_t commands = 0;          // commands sent on a link
    std::uint64_t timeouts = 0;          // commands that timed out (each reset its link)
    std::uint64_t fail_fast = 0;         // commands refused at once (down, queue full, stopped)
    std::uint64_t cancelled = 0;         // callers cancelled through their slot
    std::uint64_t max_in_flight = 0;     // most commands awaiting replies at once on one link
    std::size_t connections = 0;         // loops with a connection
    std::size_t ready = 0;               // of which currently ready
  };
  Stats stats() const;

  const RedisOptions& options() const noexcept { return options_; }

  class Connection;  // one per loop (redis.cpp)
  struct Registry;    // the loops' connections, shared with each loop's LoopService (redis.cpp)

 private:
  std::shared_ptr<Connection> connection_for(const boost::asio::any_io_executor& executor);

  RedisOptions options_;
  const std::uint64_t instance_;  // tells this object from a later one at the same address
  std::shared_ptr<Registry> registry_;
  std::atomic<bool> getex_refused_{false};
};

}  // namespace ruoyi::cache
