// Dictionary data and parameters through the cache (API.md §2 "Other keys"): `sys_dict:{type}`
// holds the type's active data rows as a JSON list, `sys_config:{key}` a parameter's value. Both
// are loaded at start-up and rewritten by the writes that change them (cache-aside: a miss reads
// the database and fills the key), so many instances sharing Redis see one truth.
#pragma once

#include "cache/cache.hpp"
#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>

#include <optional>
#include <string>

namespace ruoyi::system::dict {

class DictCache {
public:
  explicit DictCache(cache::Cache& cache) : cache_(cache) {}

  // Active data rows of an active type, by dictSort; unknown type → [].
  boost::asio::awaitable<boost::json::array> dict_data(db::Session& db, std::string dict_type);
  // A parameter's value; nullopt for an unknown key.
  boost::asio::awaitable<std::optional<std::string>> config_value(db::Session& db, std::string key);

  // Start-up: every dict type and every parameter into the cache. Returns how many keys.
  boost::asio::awaitable<std::size_t> load_all(db::Session& db);

private:
  cache::Cache& cache_;
};

} // namespace ruoyi::system::dict
