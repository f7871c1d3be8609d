// The one way to read a parameter (sys_config) on the server: `ConfigReader(cache).value(db, key)`.
// Values live as `sys_config:{key}` in the cache (Redis when configured, so every instance shares
// them; in-process otherwise), loaded at start-up and rewritten by every /system/config write, so a
// setting changed through the API (captcha switch, register switch, init password, chrtype, IP
// blacklist, password validity, …) takes effect on the next request, on every instance. A miss (key
// evicted, cleared, never loaded) reads the database and fills the key; a cache outage reads the
// database. A raw UPDATE of sys_config bypasses the cache: use the API, or refreshCache after it.
#pragma once

#include "cache/cache.hpp"
#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::config {

class ConfigReader {
 public:
  explicit ConfigReader(cache::Cache& cache) : cache_(cache) {}

  // The parameter's value; nullopt when no parameter has that key.
  boost::asio::awaitable<std::optional<std::string>> value(db::Session& db, std::string key);
  // value(), or `fallback` for an unknown key.
  boost::asio::awaitable<std::string> value_or(db::Session& db, std::string key, std::string fallback);

  // --- for the writes (config_controller): drop the keys inside the write's transaction (a cache
  // that cannot be reached rolls the write back), rewrite them from the database after the commit.
  boost::asio::awaitable<void> drop(std::vector<std::string> keys);
  // Each key from the database: SET its value, or DEL when the parameter is gone. Never throws for
  // a cache outage (the keys were dropped before the commit: readers go to the database).
  boost::asio::awaitable<void> rewrite(db::Session& db, std::vector<std::string> keys);
  // Start-up and refreshCache: every parameter into the cache. Returns how many keys.
  boost::asio::awaitable<std::size_t> load_all(db::Session& db);
  // refreshCache: every `sys_config:*` key dropped (SCAN), then load_all.
  boost::asio::awaitable<std::size_t> refresh(db::Session& db);

  static std::string cache_key(const std::string& key) { return "sys_config:" + key; }

 private:
  cache::Cache& cache_;
};

}  // namespace ruoyi::system::config
