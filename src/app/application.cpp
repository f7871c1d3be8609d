#include "app/application.hpp"

#include "common/errors.hpp"
#include "db/migrations.hpp"
#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"
#include "http/envelope.hpp"
#include "system/user/user_controller.hpp"
#include "system/user/user_service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/system/system_error.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <random>

namespace ruoyi::app {

namespace asio = boost::asio;

namespace {

std::unique_ptr<db::Database> open_database(const Config& config, core::WorkerPool& workers) {
  if (config.db_url.starts_with("postgresql://") || config.db_url.starts_with("postgres://")) {
    db::PostgresOptions driver;
    driver.prepared_cache = config.db_prepared_cache;
    // The server stops a statement by itself once the request it belongs to is past its deadline.
    driver.statement_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.server.request_timeout);
    auto db = std::make_unique<db::PostgresDatabase>(config.db_url, config.pool, workers, driver);
    spdlog::info("database: PostgreSQL {} (pool_size {}, max_overflow {})",
                 db::pg::redact(db::pg::parse_url(config.db_url)), config.pool.pool_size, config.pool.max_overflow);
    return db;
  }
  if (!config.db_url.empty() && !config.db_url.starts_with("sqlite://"))
    throw std::runtime_error("RUOYI_DB_URL '" + config.db_url +
                             "' is not supported: use an empty value, sqlite:///path/to/file.db or "
                             "postgresql://user:pass@host:port/db");
  auto path = config.sqlite_path();
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  spdlog::info("database: SQLite {} (pool_size {})", path, config.pool.pool_size);
  return std::make_unique<db::SqliteDatabase>(path, config.pool, workers);
}

void run_migrations(db::Database& database) {
  asio::io_context io;
  auto migrate = [&database]() -> asio::awaitable<std::vector<std::string>> {
    db::Session session(database);
    co_return co_await db::migrate(session);
  };
  auto done = asio::co_spawn(io, migrate(), asio::use_future);
  io.run();
  auto applied = done.get();
  spdlog::info("migrations: {} applied, schema up to date", applied.size());
}

std::string new_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint64_t salt = std::random_device{}();
  return fmt::format("{:08x}{:06x}", static_cast<std::uint32_t>(salt), ++counter & 0xffffff);
}

} // namespace

Application::Application(Config config) : config_(std::move(config)) {
  if (config_.offload_threads != 0) core::configure_default_worker_pool(config_.offload_threads);
  db_ = open_database(config_, core::default_worker_pool());
  run_migrations(*db_);
  users_ = std::make_unique<system::user::UserService>(system::user::UserServiceOptions{config_.bcrypt_cost});
  register_routes();
  spdlog::info("routes: {} registered", router_.size());
}

Application::~Application() = default;

void Application::register_routes() { system::user::register_user_routes(router_, *users_); }

http::Handler Application::handler() {
  return [this](http::Request request) { return handle(std::move(request)); };
}

asio::awaitable<http::Response> Application::dispatch(http::Request& request) {
  const auto& root = config_.server.root_path;
  if (!root.empty() && request.path.starts_with(root)) {
    request.path.erase(0, root.size());
    if (request.path.empty() || request.path.front() != '/') request.path.insert(request.path.begin(), '/');
  }
  auto match = router_.match(request.method, request.path, request.params);
  if (match.outcome == Router::Outcome::not_found) co_return http::error_response(404, "请求的接口不存在", 404);
  if (match.outcome == Router::Outcome::method_not_allowed)
    co_return http::error_response(405, "请求方法不被允许", 405);

  // Auth seam: the permission guard (login issue) checks match.route->info here.
  db::Session session(*db_);  // the request's get_db; released when this frame ends
  Context ctx{request, session};
  co_return co_await match.route->target(ctx);
}

asio::awaitable<http::Response> Application::handle(http::Request request) {
  auto started = std::chrono::steady_clock::now();
  if (request.request_id.empty()) request.request_id = new_request_id();

  http::Response response;
  try {
    response = co_await dispatch(request);
  } catch (const ServiceError& e) {
    response = http::error_response(e.code(), e.what());
  } catch (const PoolTimeout& e) {
    spdlog::warn("rid={} {} {}: {}", request.request_id, http::method_name(request.method), request.path, e.what());
    response = http::error_response(503, "服务繁忙，请稍后再试", 503);
  } catch (const std::exception& e) {
    spdlog::error("rid={} {} {} failed: {}", request.request_id, http::method_name(request.method), request.path,
                  e.what());
    response = http::error_response(http::code::error, "接口异常");
  }

  if (config_.access_log) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    spdlog::info("rid={} {} {} {} {}B {:.2f}ms", request.request_id, http::method_name(request.method),
                 request.target.empty() ? request.path : request.target, response.status, response.body.size(),
                 us.count() / 1000.0);
  }
  co_return response;
}

} // namespace ruoyi::app
