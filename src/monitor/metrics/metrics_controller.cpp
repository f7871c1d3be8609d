#include "monitor/metrics/metrics_controller.hpp"

#include "auth/password.hpp"
#include "cache/memory_cache.hpp"
#include "cache/redis.hpp"
#include "core/background_tasks.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "http/envelope.hpp"
#include "monitor/metrics/metrics.hpp"
#include "monitor/operlog/oper_log_writer.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <charconv>

namespace ruoyi::monitor::metrics {

namespace asio = boost::asio;

namespace {

// "keyspace_hits:12\r\n" → 12 (0 when absent).
std::uint64_t info_number(std::string_view info, std::string_view key) {
  auto at = info.find(std::string(key) + ":");
  if (at == std::string_view::npos) return 0;
  auto rest = info.substr(at + key.size() + 1);
  std::uint64_t n = 0;
  std::from_chars(rest.data(), rest.data() + rest.size(), n);
  return n;
}

bool token_matches(const http::Request& request, const std::string& token) {
  auto header = request.headers.get("Authorization").value_or("");
  constexpr std::string_view bearer = "Bearer ";
  if (!header.starts_with(bearer)) return false;
  auto given = header.substr(bearer.size());
  return given.size() == token.size() && CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

asio::awaitable<http::Response> scrape(MetricsDeps deps, web::Context& ctx) {
  bool allowed = deps.token.empty() ? is_loopback(ctx.request.remote_ip) : token_matches(ctx.request, deps.token);
  if (!allowed) co_return http::error_response(403, "该用户无此接口权限", 403);

  auto text = Registry::global().render();
  TextWriter w;
  auto pool = deps.database.stats();
  w.family("ruoyi_db_pool_size", "gauge", "Database connections open (idle + in use).");
  w.sample("ruoyi_db_pool_size", "", static_cast<std::uint64_t>(pool.size));
  w.family("ruoyi_db_pool_in_use", "gauge", "Database connections checked out.");
  w.sample("ruoyi_db_pool_in_use", "", static_cast<std::uint64_t>(pool.in_use));
  w.family("ruoyi_db_pool_waiters", "gauge", "Checkouts waiting for a connection.");
  w.sample("ruoyi_db_pool_waiters", "", static_cast<std::uint64_t>(pool.waiters));
  w.family("ruoyi_db_pool_timeouts_total", "counter", "Checkouts that gave up after pool_timeout (503).");
  w.sample("ruoyi_db_pool_timeouts_total", "", static_cast<std::uint64_t>(pool.timeouts));

  std::uint64_t hits = 0, misses = 0, errors = 0;
  if (auto* memory = dynamic_cast<cache::MemoryCache*>(&deps.cache)) {
    auto s = memory->stats();
    hits = s.hits;
    misses = s.misses;
  } else if (auto* redis = dynamic_cast<cache::Redis*>(&deps.cache)) {
    auto s = redis->stats();
    errors = s.timeouts + s.fail_fast;
    try {
      std::vector<std::string> info_cmd{"INFO", "stats"};
      auto info = co_await redis->command(std::move(info_cmd));
      hits = info_number(info.text, "keyspace_hits");
      misses = info_number(info.text, "keyspace_misses");
    } catch (const cache::CacheUnavailable&) {
      ++errors;  // this scrape's own failed read; the gauges below still answer
    } catch (const cache::CommandError&) {
      ++errors;
    }
  }
  w.family("ruoyi_cache_hits_total", "counter", "Cache reads that found their key (Redis: keyspace_hits).");
  w.sample("ruoyi_cache_hits_total", "", hits);
  w.family("ruoyi_cache_misses_total", "counter", "Cache reads that did not (Redis: keyspace_misses).");
  w.sample("ruoyi_cache_misses_total", "", misses);
  w.family("ruoyi_cache_errors_total", "counter",
           "Cache commands that timed out or were refused while the store was down.");
  w.sample("ruoyi_cache_errors_total", "", errors);

  if (deps.local_copies) {
    w.family("ruoyi_local_copy_lookups_total", "counter",
             "Lookups of in-process copies (the guard's accounts, the user directory of roles, posts and depts): "
             "hit = used, "
             "miss = read from the database (absent, written since, or too old).");
    for (const auto& [name, stats] : deps.local_copies()) {
      w.sample("ruoyi_local_copy_lookups_total", label("copy", name) + R"(,result="hit")", stats.hits);
      w.sample("ruoyi_local_copy_lookups_total", label("copy", name) + R"(,result="miss")", stats.misses);
    }
  }

  auto bg = deps.background.stats();
  w.family("ruoyi_background_tasks_pending", "gauge", "Background tasks (login log writes, …) still running.");
  w.sample("ruoyi_background_tasks_pending", "", static_cast<std::uint64_t>(bg.running));
  w.family("ruoyi_offload_queue_depth", "gauge",
           "Jobs handed to a worker pool and not yet started (offload: SQLite, files; hashing: bcrypt).");
  w.sample("ruoyi_offload_queue_depth", R"(pool="offload")",
           static_cast<std::uint64_t>(std::max<std::int64_t>(0, core::default_worker_pool().queued())));
  w.sample("ruoyi_offload_queue_depth", R"(pool="hashing")",
           static_cast<std::uint64_t>(std::max<std::int64_t>(0, auth::hashing_pool().queued())));
  w.family("ruoyi_offload_threads", "gauge", "Threads of each worker pool.");
  w.sample("ruoyi_offload_threads", R"(pool="offload")",
           static_cast<std::uint64_t>(core::default_worker_pool().size()));
  w.sample("ruoyi_offload_threads", R"(pool="hashing")", static_cast<std::uint64_t>(auth::hashing_pool().size()));
  auto ol = deps.oper_log.stats();
  w.family("ruoyi_oper_log_pending", "gauge", "Operation-log rows queued, not yet written.");
  const auto settled = ol.written + ol.failed;
  w.sample("ruoyi_oper_log_pending", "",
           static_cast<std::uint64_t>(ol.submitted > settled ? ol.submitted - settled : 0));
  w.family("ruoyi_oper_log_dropped_total", "counter", "Operation-log rows dropped (queue full).");
  w.sample("ruoyi_oper_log_dropped_total", "", static_cast<std::uint64_t>(ol.dropped));

  http::Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = std::move(text) + w.take();
  co_return response;
}

}  // namespace

bool is_loopback(std::string_view ip) {
  if (ip.starts_with("::ffff:")) ip.remove_prefix(7);
  return ip == "::1" || ip.starts_with("127.");
}

void register_metrics_route(web::Router& router, MetricsDeps deps) {
  auto handler = [deps](web::Context& ctx) { return scrape(deps, ctx); };
  router.add(http::Method::get, "/metrics", handler, http::RouteInfo{"", true, "监控指标"});
}

}  // namespace ruoyi::monitor::metrics
