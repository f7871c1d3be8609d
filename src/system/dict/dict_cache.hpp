// Dictionary data through the cache (API.md §2 "Other keys"): `sys_dict:{type}` holds the type's
// active data rows as a JSON list. Loaded at start-up and rewritten by every dictionary write
// (cache-aside: a miss reads the database and fills the key), so many instances sharing Redis see
// one truth. A write drops its keys inside its transaction (a cache that cannot be reached rolls
// the write back) and rewrites them from the database after the commit.
#pragma once

#include "cache/cache.hpp"
#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::dict {

class DictCache {
 public:
  explicit DictCache(cache::Cache& cache) : cache_(cache) {}

  // Active data rows of an active type, by dictSort; unknown type → [].
  boost::asio::awaitable<boost::json::array> dict_data(db::Session& db, std::string dict_type);

  // Start-up: every dict type and every parameter (config::ConfigReader) into the cache. Returns
  // how many keys.
  boost::asio::awaitable<std::size_t> load_all(db::Session& db);

  // --- for the writes (dict_controller)
  // DEL sys_dict:{type} for each type; inside the write's transaction.
  boost::asio::awaitable<void> drop(std::vector<std::string> types);
  // After the commit: each type's rows from the database, or DEL when the type is gone. Never
  // throws for a cache outage (the keys were dropped before the commit).
  boost::asio::awaitable<void> rewrite(db::Session& db, std::vector<std::string> types);
  // refreshCache: every `sys_dict:*` key dropped (SCAN), then every type loaded. Returns how many.
  boost::asio::awaitable<std::size_t> refresh(db::Session& db);

  cache::Cache& cache() noexcept { return cache_; }

 private:
  boost::asio::awaitable<std::size_t> load_types(db::Session& db);

  cache::Cache& cache_;
};

}  // namespace ruoyi::system::dict
