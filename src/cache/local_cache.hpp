// cache::LocalCache: in-process copies of rows that rarely change (the guard's account, the user
// directory of roles, posts and depts), each valid only under the shared version it was loaded at (cache::SharedVersion).
//
// Why it cannot go stale: every write request bumps the shared version before it replies, and every
// guarded request reads the version in the same round trip as its session, before any statement.
// A copy is used only when it was loaded under exactly the version this request read, so a request
// that starts after a write (on any instance) never sees a copy from before it. A copy loaded by a
// reader racing a writer is tagged with the version read *before* its load: at worst it is reloaded.
// `max_age` bounds what no writer announces (a row changed by hand in the database).
//
// Thread-safe (the loops share one instance); the lock covers a hash lookup and a shared_ptr copy.
#pragma once

#include "cache/version.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace ruoyi::cache {

struct LocalCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;  // absent, loaded under another version, or older than max_age
};

template <class Key, class Value>
class LocalCache {
 public:
  using Clock = std::chrono::steady_clock;

  // max_age 0 = the cache is off: find() always misses, put() keeps nothing.
  LocalCache(std::chrono::seconds max_age, std::size_t max_entries) : max_age_(max_age), max_entries_(max_entries) {}

  // The copy of `key` loaded under `version`, or null.
  std::shared_ptr<const Value> find(const Key& key, const Version& version) {
    std::shared_ptr<const Value> out;
    if (version.usable() && max_age_.count() > 0) {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second.version == version && Clock::now() - it->second.loaded < max_age_)
        out = it->second.value;
    }
    (out ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
    return out;
  }

  // Keeps `value`, loaded after `version` was read. (Two loads racing: the last one stays; if it
  // was the older, the next request only reloads.)
  void put(const Key& key, const Version& version, std::shared_ptr<const Value> value) {
    if (!version.usable() || max_age_.count() == 0) return;
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      it->second = Entry{version, Clock::now(), std::move(value)};
      return;
    }
    // Bounded: a full table starts over (copies are cheap to reload; users are few in an admin system).
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_.emplace(key, Entry{version, Clock::now(), std::move(value)});
  }

  void clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
  }

  LocalCacheStats stats() const noexcept {
    return {hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed)};
  }

 private:
  struct Entry {
    Version version;
    Clock::time_point loaded;
    std::shared_ptr<const Value> value;
  };
  const std::chrono::seconds max_age_;
  const std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<Key, Entry> entries_;
  std::atomic<std::uint64_t> hits_{0}, misses_{0};
};

}  // namespace ruoyi::cache
