// GET /metrics: the registry (metrics.hpp) plus gauges read at scrape time — the database pool,
// the cache (hits, misses, errors), background tasks, the operation-log writer. Not behind the
// session guard (a scraper has no login): without a configured token only loopback clients may
// read it; with one, `Authorization: Bearer <token>` from anywhere (docs/monitoring.md).
#pragma once

#include "cache/local_cache.hpp"
#include "web/context.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruoyi::cache {
class Cache;
}
namespace ruoyi::db {
class Database;
}
namespace ruoyi::core {
class BackgroundTasks;
}
namespace ruoyi::monitor::operlog {
class OperLogWriter;
}

namespace ruoyi::monitor::metrics {

struct MetricsDeps {
  cache::Cache& cache;
  db::Database& database;
  core::BackgroundTasks& background;
  operlog::OperLogWriter& oper_log;
  std::string token;  // empty = loopback only
  // The in-process copies (cache::LocalCache) by name, read at scrape time; unset = none.
  std::function<std::vector<std::pair<std::string, cache::LocalCacheStats>>()> local_copies = {};
};

// 127.0.0.0/8, ::1 and IPv4-mapped loopback.
bool is_loopback(std::string_view ip);

void register_metrics_route(web::Router& router, MetricsDeps deps);

}  // namespace ruoyi::monitor::metrics
