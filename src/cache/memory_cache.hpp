// cache::MemoryCache: the embedded default. One process, thread-safe (loops on several threads
// share it), TTLs checked lazily on access and swept when full, size bounded: when max_entries is
// reached the entries closest to expiry (then the oldest) are evicted first.
#pragma once

#include "cache/cache.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace ruoyi::cache {

class MemoryCache final : public Cache {
public:
  using Clock = std::chrono::steady_clock;

  explicit MemoryCache(std::size_t max_entries = 100'000) : max_entries_(max_entries) {}

  boost::asio::awaitable<std::optional<std::string>> get(std::string key) override;
  boost::asio::awaitable<void> set(std::string key, std::string value, Ttl ttl) override;
  boost::asio::awaitable<bool> set_if_absent(std::string key, std::string value, Ttl ttl) override;
  boost::asio::awaitable<bool> del(std::string key) override;
  boost::asio::awaitable<bool> exists(std::string key) override;
  boost::asio::awaitable<bool> expire(std::string key, std::chrono::seconds ttl) override;
  boost::asio::awaitable<std::optional<std::string>> get_touch(std::string key, std::chrono::seconds ttl) override;
  boost::asio::awaitable<std::int64_t> incr(std::string key) override;
  boost::asio::awaitable<FailureCount> record_failure(std::string counter_key, std::string lock_key, std::int64_t max,
                                                      std::chrono::seconds ttl) override;
  boost::asio::awaitable<std::int64_t> count_in_window(std::string key, std::chrono::seconds window) override;
  boost::asio::awaitable<std::vector<std::string>> scan(std::string pattern) override;
  boost::asio::awaitable<bool> ping() override { co_return true; }

  std::size_t size() const;

  // For the cache monitor (API.md §3.8): live keys, bytes held by keys and values, and the calls
  // of each store operation by its Redis command name (get, set, del, …), in that order.
  struct Stats {
    std::size_t keys = 0;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;    // get / getex that found a live key
    std::uint64_t misses = 0;  // … that did not
    std::vector<std::pair<std::string, std::uint64_t>> calls;
  };
  Stats stats() const;

private:
  enum Op { op_get, op_set, op_del, op_exists, op_expire, op_getex, op_incr, op_eval, op_scan, op_count };
  void count(Op op) noexcept { calls_[op].fetch_add(1, std::memory_order_relaxed); }

  struct Entry {
    std::string value;
    Clock::time_point expires = Clock::time_point::max();
    std::uint64_t written = 0;  // insertion order, for eviction ties
  };
  // Caller holds mutex_. Drops the entry if expired; returns it if live.
  Entry* live(const std::string& key, Clock::time_point now);
  void make_room(Clock::time_point now);
  // INCR under the held mutex_: the new count, the entry (created at 1 without expiry if missing).
  std::pair<std::int64_t, Entry*> increment(const std::string& key, Clock::time_point now);

  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::uint64_t writes_ = 0;
  std::array<std::atomic<std::uint64_t>, op_count> calls_{};
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  void hit(bool found) noexcept { (found ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed); }
};

// Redis-style glob match: `*`, `?`, `[abc]`, `\x`.
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

} // namespace ruoyi::cache
