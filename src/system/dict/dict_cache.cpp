#include "system/dict/dict_cache.hpp"

#include "common/json.hpp"
#include "common/log_limiter.hpp"
#include "db/mapping.hpp"
#include "system/config/config_reader.hpp"
#include "system/dict/dict_model.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <spdlog/spdlog.h>

namespace ruoyi::system::dict {

namespace asio = boost::asio;
namespace bj = boost::json;

namespace {

// During a cache outage every dictionary read falls back: one line per read would
// flood the log, so the lines are rate-limited like the request pipeline's failure lines.
logging::LogLimiter& outage_log() {
  static logging::LogLimiter limiter;
  return limiter;
}

constexpr std::string_view active_data_of_type =
    "SELECT d.dict_code, d.dict_sort, d.dict_label, d.dict_value, d.dict_type, d.css_class, d.list_class, "
    "d.is_default, d.status, d.create_by, d.create_time, d.update_by, d.update_time, d.remark "
    "FROM sys_dict_data d JOIN sys_dict_type t ON t.dict_type = d.dict_type "
    "WHERE d.dict_type = ? AND d.status = '0' AND t.status = '0' ORDER BY d.dict_sort, d.dict_code";

asio::awaitable<bj::array> read_type(db::Session& db, std::string dict_type) {
  db::Params params{db::bind(std::move(dict_type))};
  auto result = co_await db.query(std::string(active_data_of_type), std::move(params));
  co_return bj::value_from(db::map_rows<DictData>(result)).as_array();
}

std::string dict_key(const std::string& type) { return "sys_dict:" + type; }

}  // namespace

asio::awaitable<bj::array> DictCache::dict_data(db::Session& db, std::string dict_type) {
  bool cache_down = false;
  try {
    if (auto cached = co_await cache_.get(dict_key(dict_type))) {
      boost::system::error_code ec;
      auto parsed = bj::parse(*cached, ec);
      if (!ec && parsed.is_array()) co_return std::move(parsed.as_array());
    }
  } catch (const cache::CacheUnavailable& e) {
    // The database still answers: a cache outage degrades speed, not correctness.
    if (auto verdict = outage_log().admit("dict-cache-down"))
      spdlog::warn("dict cache unavailable, reading the database: {}{}", e.what(), logging::suppressed_note(verdict));
    cache_down = true;
  }
  auto rows = co_await read_type(db, dict_type);
  // Fill only what exists: an unknown type (any text a caller sends) is never cached, so a loop of
  // random names cannot fill the store and evict sessions and lockouts. NX: a writer's rewrite made
  // meanwhile wins over the row this reader loaded before the writer committed.
  if (!cache_down && !rows.empty()) {
    auto key = dict_key(dict_type);
    auto text = bj::serialize(rows);
    co_await cache_.set_if_absent(std::move(key), std::move(text));
  }
  co_return rows;
}

asio::awaitable<std::size_t> DictCache::load_types(db::Session& db) {
  std::size_t keys = 0;
  auto types = co_await db.query("SELECT dict_type FROM sys_dict_type");
  for (auto& row : types.rows) {
    auto* type = std::get_if<std::string>(&row[0]);
    if (type == nullptr) continue;
    auto rows = co_await read_type(db, *type);
    auto key = dict_key(*type);
    auto text = bj::serialize(rows);
    co_await cache_.set(std::move(key), std::move(text));
    ++keys;
  }
  co_return keys;
}

asio::awaitable<std::size_t> DictCache::load_all(db::Session& db) {
  auto keys = co_await load_types(db);
  config::ConfigReader configs(cache_);
  keys += co_await configs.load_all(db);
  co_return keys;
}

asio::awaitable<void> DictCache::drop(std::vector<std::string> types) {
  for (const auto& type : types) {
    auto key = dict_key(type);
    co_await cache_.del(std::move(key));
  }
}

asio::awaitable<void> DictCache::rewrite(db::Session& db, std::vector<std::string> types) {
  try {
    for (const auto& type : types) {
      auto key = dict_key(type);
      db::Params params{db::bind(type)};
      auto exists = co_await db.query("SELECT 1 FROM sys_dict_type WHERE dict_type = ?", std::move(params));
      if (exists.empty()) {
        co_await cache_.del(std::move(key));
        continue;
      }
      auto rows = co_await read_type(db, type);
      auto text = bj::serialize(rows);
      co_await cache_.set(std::move(key), std::move(text));
    }
  } catch (const cache::CacheUnavailable& e) {
    if (auto verdict = outage_log().admit("dict-cache-rewrite"))
      spdlog::warn("dict cache not rewritten after a write (the keys were dropped): {}{}", e.what(),
                   logging::suppressed_note(verdict));
  }
}

asio::awaitable<std::size_t> DictCache::refresh(db::Session& db) {
  auto stale = co_await cache_.scan("sys_dict:*");
  for (auto& key : stale) co_await cache_.del(std::move(key));
  co_return co_await load_types(db);
}

}  // namespace ruoyi::system::dict
