#include "system/config/config_reader.hpp"

#include "common/log_limiter.hpp"
#include "system/config/config_repository.hpp"

#include <spdlog/spdlog.h>

namespace ruoyi::system::config {

namespace asio = boost::asio;

namespace {

// During a cache outage every parameter read falls back: one line per read would flood the log.
logging::LogLimiter& outage_log() {
  static logging::LogLimiter limiter;
  return limiter;
}

}  // namespace

asio::awaitable<std::optional<std::string>> ConfigReader::value(db::Session& db, std::string key) {
  bool cache_down = false;
  try {
    auto cached = co_await cache_.get(cache_key(key));
    if (cached) co_return cached;
  } catch (const cache::CacheUnavailable& e) {
    // The database still answers: a cache outage degrades speed, not correctness.
    if (auto verdict = outage_log().admit("config-cache-down"))
      spdlog::warn("config cache unavailable, reading the database: {}{}", e.what(), logging::suppressed_note(verdict));
    cache_down = true;
  }
  ConfigRepository configs(db);
  auto value = co_await configs.value(key);
  if (value && !cache_down) {
    std::string name = cache_key(key);
    std::string text = *value;
    // NX: a writer's rewrite made meanwhile wins over the row this reader loaded before it committed.
    co_await cache_.set_if_absent(std::move(name), std::move(text));
  }
  co_return value;
}

asio::awaitable<std::string> ConfigReader::value_or(db::Session& db, std::string key, std::string fallback) {
  auto found = co_await value(db, std::move(key));
  if (found) co_return *found;
  co_return fallback;
}

asio::awaitable<void> ConfigReader::drop(std::vector<std::string> keys) {
  for (const auto& key : keys) {
    std::string name = cache_key(key);
    co_await cache_.del(std::move(name));
  }
}

asio::awaitable<void> ConfigReader::rewrite(db::Session& db, std::vector<std::string> keys) {
  ConfigRepository configs(db);
  try {
    for (const auto& key : keys) {
      auto value = co_await configs.value(key);
      std::string name = cache_key(key);
      if (value) {
        std::string text = *value;
        co_await cache_.set(std::move(name), std::move(text));
      } else {
        co_await cache_.del(std::move(name));
      }
    }
  } catch (const cache::CacheUnavailable& e) {
    if (auto verdict = outage_log().admit("config-cache-rewrite"))
      spdlog::warn("config cache not rewritten after a write (the keys were dropped): {}{}", e.what(),
                   logging::suppressed_note(verdict));
  }
}

asio::awaitable<std::size_t> ConfigReader::load_all(db::Session& db) {
  std::size_t keys = 0;
  auto configs = co_await db.query("SELECT config_key, config_value FROM sys_config");
  for (auto& row : configs.rows) {
    auto* key = std::get_if<std::string>(&row[0]);
    auto* value = std::get_if<std::string>(&row[1]);
    if (key == nullptr) continue;
    // Named variables, not temporaries in the co_await expression: g++ 12 has mis-destroyed a
    // `?:` temporary across the suspension here (invalid free in valgrind).
    std::string name = cache_key(*key);
    std::string text = value != nullptr ? *value : std::string();
    co_await cache_.set(std::move(name), std::move(text));
    ++keys;
  }
  co_return keys;
}

asio::awaitable<std::size_t> ConfigReader::refresh(db::Session& db) {
  auto stale = co_await cache_.scan("sys_config:*");
  for (auto& key : stale) co_await cache_.del(std::move(key));
  co_return co_await load_all(db);
}

}  // namespace ruoyi::system::config
