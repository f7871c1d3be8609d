// cache::Cache: the key-value store behind tokens, lockouts, captcha answers and the dict/config
// caches. cache::Redis in production (many instances share it), cache::MemoryCache embedded.
// Every call completes on the caller's executor; a store that is down fails fast with
// CacheUnavailable (→ a clear error envelope), it never hangs a request.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ruoyi::cache {

class CacheUnavailable : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Ttl = std::optional<std::chrono::seconds>;  // nullopt = no expiry

// What record_failure did, decided atomically against every other caller (on Redis: across every
// instance).
struct FailureCount {
  std::int64_t count = 0;       // this failure's number in the window (1, 2, …); 0 when already locked
  bool locked = false;          // this failure crossed the threshold and set the lock
  bool already_locked = false;  // the lock held before: nothing counted, the lock's TTL left as it was
};

class Cache {
public:
  virtual ~Cache() = default;

  virtual boost::asio::awaitable<std::optional<std::string>> get(std::string key) = 0;
  // SET key value [EX ttl]
  virtual boost::asio::awaitable<void> set(std::string key, std::string value, Ttl ttl = std::nullopt) = 0;
  // SET … NX: stores only when the key is absent; true when it stored. Read-path fills use it, so
  // a reader that loaded an old row never overwrites the value a writer has just put back.
  virtual boost::asio::awaitable<bool> set_if_absent(std::string key, std::string value, Ttl ttl = std::nullopt) = 0;
  // DEL key; true when it existed.
  virtual boost::asio::awaitable<bool> del(std::string key) = 0;
  virtual boost::asio::awaitable<bool> exists(std::string key) = 0;
  // EXPIRE key ttl; false when the key does not exist.
  virtual boost::asio::awaitable<bool> expire(std::string key, std::chrono::seconds ttl) = 0;
  // GETEX key EX ttl: the value, and its TTL reset to `ttl` when it exists — a sliding session's
  // read and refresh in one round trip.
  virtual boost::asio::awaitable<std::optional<std::string>> get_touch(std::string key, std::chrono::seconds ttl) = 0;
  // INCR key (a missing key counts from 0); the TTL of an existing key is kept.
  virtual boost::asio::awaitable<std::int64_t> incr(std::string key) = 0;
  // One failed attempt, as ONE atomic step (on Redis a single script): if `lock_key` exists, nothing
  // else happens (already_locked: a refused attempt never lengthens a lock); otherwise INCR
  // `counter_key` and give it `ttl` (the window restarts with each failure); when the count passes
  // `max`, DEL the counter and SET `lock_key` for `ttl`. Concurrent callers each get a distinct
  // count and exactly one of them sets the lock.
  virtual boost::asio::awaitable<FailureCount> record_failure(std::string counter_key, std::string lock_key,
                                                              std::int64_t max, std::chrono::seconds ttl) = 0;
  // One hit of a fixed window, atomically: INCR key, and a key this created (or one left without
  // a TTL) expires after `window`. Returns the count in the current window (rate limits).
  virtual boost::asio::awaitable<std::int64_t> count_in_window(std::string key, std::chrono::seconds window) = 0;
  // Keys matching a glob (`access_token:*`), by SCAN — never KEYS.
  virtual boost::asio::awaitable<std::vector<std::string>> scan(std::string pattern) = 0;
  // Reachability for /ready.
  virtual boost::asio::awaitable<bool> ping() = 0;
  // Closes long-lived connections so the event loops can run dry at shutdown; later calls fail
  // with CacheUnavailable. Thread-safe, idempotent. Nothing to close in process.
  virtual void shutdown() {}
};

} // namespace ruoyi::cache
