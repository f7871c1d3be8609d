// cache::SharedVersion: one counter in the shared store that every write request bumps and every
// guarded request reads (in the same round trip as its session), so in-process copies
// (cache::LocalCache) are used only while nothing was written since they were loaded — on any
// instance sharing the store. docs/performance.md ("In-process copies") has the argument.
#pragma once

#include "cache/cache.hpp"
#include "cache/version.hpp"

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <string>

namespace ruoyi::cache {

class SharedVersion {
 public:
  static constexpr std::string_view default_key = "ruoyi_local_cache_version";

  explicit SharedVersion(Cache& cache, std::string key = std::string(default_key));

  // The current version. A missing key (first start, a flushed or restarted store, an eviction) is
  // created at a random value, so a copy tagged before the loss can never match again.
  // Throws CacheUnavailable like the store.
  boost::asio::awaitable<Version> read();

  // After a write (its commit) and before its reply. When the store cannot be reached, this
  // process's own copies stop matching at once (the local count); other instances' requests fail on
  // the same store meanwhile, and their copies age out (LocalCache max_age). Never throws.
  boost::asio::awaitable<void> bump();

  std::uint64_t bumps() const noexcept { return bumps_.load(std::memory_order_relaxed); }

 private:
  Version with_local(std::uint64_t shared) const noexcept {
    return Version{shared, local_.load(std::memory_order_acquire)};
  }

  Cache& cache_;
  std::string key_;
  std::atomic<std::uint64_t> local_{0};
  std::atomic<std::uint64_t> bumps_{0};
};

}  // namespace ruoyi::cache
