// Every /monitor route of this module (API.md §3.5, §3.7, §3.8): the operation and login logs,
// online users, the cache and server monitors. One call from app::Application::register_routes.
#pragma once

#include "cache/local_cache.hpp"
#include "web/context.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ruoyi::cache {
class Cache;
}
namespace ruoyi::auth {
class AuthService;
}
namespace ruoyi::system::dict {
class DictCache;
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

namespace ruoyi::monitor {

struct MonitorDeps {
  cache::Cache& cache;
  auth::AuthService& auth;
  system::dict::DictCache& dicts;
  db::Database& database;
  core::BackgroundTasks& background;
  operlog::OperLogWriter& oper_log;
  std::uint16_t http_port = 0;  // the in-process cache's `tcp_port` on the cache monitor
  std::string metrics_token;    // GET /metrics: empty = loopback only
  // The in-process copies' counters for GET /metrics (metrics::MetricsDeps::local_copies).
  std::function<std::vector<std::pair<std::string, cache::LocalCacheStats>>()> local_copies = {};
};

void register_monitor_routes(web::Router& router, MonitorDeps deps);

}  // namespace ruoyi::monitor
