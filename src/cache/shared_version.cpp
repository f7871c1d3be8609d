#include "cache/shared_version.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <charconv>

namespace ruoyi::cache {

namespace asio = boost::asio;

namespace {

// A positive value; below 2^62 so INCR (signed 64-bit in Redis) has room for ever.
std::uint64_t random_start() {
  std::uint64_t v = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1) throw std::runtime_error("RAND_bytes failed");
  return (v >> 2) | 1;
}

std::uint64_t parse(const std::optional<std::string>& text) {
  if (!text) return 0;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size()) return 0;
  return v;
}

}  // namespace

SharedVersion::SharedVersion(Cache& cache, std::string key) : cache_(cache), key_(std::move(key)) {}

asio::awaitable<Version> SharedVersion::read() {
  auto key = key_;
  auto current = parse(co_await cache_.get(std::move(key)));
  if (current != 0) co_return with_local(current);
  auto start = std::to_string(random_start());
  auto again = key_;
  co_await cache_.set_if_absent(std::move(again), std::move(start));
  auto after = key_;
  // 0 (someone stored a non-number): copies are simply not used until the next bump fixes it.
  co_return with_local(parse(co_await cache_.get(std::move(after))));
}

asio::awaitable<void> SharedVersion::bump() {
  bumps_.fetch_add(1, std::memory_order_relaxed);
  // Local first: this process's copies stop matching even before the store answers.
  local_.fetch_add(1, std::memory_order_acq_rel);
  try {
    auto key = key_;
    co_await cache_.incr(std::move(key));
  } catch (const CacheUnavailable& e) {
    spdlog::warn("local cache version: bump not stored ({}); this instance's copies are dropped, others age out",
                 e.what());
  } catch (const std::exception& e) {
    spdlog::warn("local cache version: bump failed ({})", e.what());
  }
}

}  // namespace ruoyi::cache
