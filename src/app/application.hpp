// The application: configuration, worker pool, database, services and routes wired together,
// and the request pipeline every request goes through:
//   root_path strip → route match (404/405) → [auth guard seam] → controller → error mapping
//   → access log line with the request id.
#pragma once

#include "app/config.hpp"
#include "common/log_limiter.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "http/handler.hpp"
#include "web/context.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ruoyi::system::user {
class UserService;
}
namespace ruoyi::auth {
class AuthService;
}
namespace ruoyi::system::dict {
class DictCache;
}
namespace ruoyi::cache {
class Cache;
class SharedVersion;
}  // namespace ruoyi::cache
namespace ruoyi::core {
class BackgroundTasks;
}
namespace ruoyi::monitor::job {
class Scheduler;
}
namespace ruoyi::monitor::operlog {
class OperLogWriter;
struct OperLogDraft;
}  // namespace ruoyi::monitor::operlog

namespace ruoyi::web {
class StaticSite;
}

namespace ruoyi::app {

class Application {
 public:
  // Opens the database and applies pending migrations (blocking: call before serving).
  explicit Application(Config config);
  // Waits (bounded) for background work such as login logs, then closes the database.
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  boost::asio::awaitable<http::Response> handle(http::Request request);
  http::Handler handler();
  // The body limit of one request by its method and raw target (http::ServerOptions::body_limit_for):
  // POST /common/upload with a token this server signed takes upload_max_bytes plus room for the
  // multipart framing; everything else (anonymous uploads included) body_limit.
  std::size_t body_limit_for(std::string_view method, std::string_view target, std::string_view authorization) const;
  std::size_t max_body_limit() const noexcept;
  // True when no background task runs (http::TestClient waits for it after each response).
  std::function<bool()> settled();

  const Config& config() const noexcept { return config_; }
  db::Database& database() noexcept { return *db_; }
  cache::Cache& cache() noexcept { return *cache_; }
  // The version of in-process copies: every write request bumps it (handle()); so must anything
  // else that writes the tables they copy (tests' direct SQL).
  cache::SharedVersion& local_versions() noexcept { return *versions_; }
  core::BackgroundTasks& background() noexcept { return *background_; }
  core::WorkerPool& workers() noexcept { return *workers_; }
  const web::Router& router() const noexcept { return router_; }
  // The job scheduler (monitor/job/scheduler.hpp): main() starts it once serving and stops it first
  // at shutdown; without start() only manual runs execute (API tests).
  void start_scheduler();
  void stop_scheduler();
  monitor::job::Scheduler& scheduler() noexcept { return *scheduler_; }
  // Rate limit of the request pipeline's warn/error lines (an outage fails every request alike).
  const logging::LogLimiter& log_limiter() const noexcept { return log_limiter_; }
  // The operation log's writer (its counters: rows written, statements, drops).
  monitor::operlog::OperLogWriter& oper_log() noexcept { return *oper_log_; }

 private:
  // Fills `log` when the matched route declares an operation-log business type and the guard let
  // the caller through.
  // `route` gets the matched template (metrics label), left empty for a 404/405.
  boost::asio::awaitable<http::Response> dispatch(http::Request& request,
                                                  std::optional<monitor::operlog::OperLogDraft>& log,
                                                  std::string& route, bool& may_write);
  // After a request that may have written: the shared version moves on before the reply, in a task
  // of its own (a request cancelled after its commit still bumps it).
  boost::asio::awaitable<void> bump_local_versions();
  void submit_oper_log(monitor::operlog::OperLogDraft draft, http::Request& request, const http::Response& response,
                       std::chrono::steady_clock::time_point started);
  void register_routes();
  // With a static site: whether a GET/HEAD of `path` (outside root_path) is the API's (docs/frontend.md).
  bool api_path(std::string_view path) const;

  Config config_;
  std::unique_ptr<core::WorkerPool> workers_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<cache::Cache> cache_;
  std::unique_ptr<cache::SharedVersion> versions_;
  std::unique_ptr<core::BackgroundTasks> background_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<system::dict::DictCache> dicts_;
  std::unique_ptr<system::user::UserService> users_;
  std::unique_ptr<monitor::operlog::OperLogWriter> oper_log_;
  std::shared_ptr<monitor::job::Scheduler> scheduler_;
  web::Router router_;
  std::unique_ptr<web::StaticSite> static_site_;     // RUOYI_STATIC_DIR
  std::set<std::string, std::less<>> api_segments_;  // first path segments of the API
  logging::LogLimiter log_limiter_;
};

}  // namespace ruoyi::app
