#include "app/application.hpp"

#include "auth/auth_service.hpp"
#include "cache/memory_cache.hpp"
#include "cache/redis.hpp"
#include "cache/shared_version.hpp"
#include "common/errors.hpp"
#include "common/log_sanitize.hpp"
#include "common/validation.hpp"
#include "core/background_tasks.hpp"
#include "core/block_on.hpp"
#include "core/deadline.hpp"
#include "core/event.hpp"
#include "db/migrations.hpp"
#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"
#include "http/envelope.hpp"
#include "monitor/iplocation/ip_locator.hpp"
#include "monitor/job/job_controller.hpp"
#include "monitor/job/scheduler.hpp"
#include "monitor/metrics/metrics.hpp"
#include "monitor/monitor_routes.hpp"
#include "monitor/operlog/oper_log.hpp"
#include "monitor/operlog/oper_log_writer.hpp"
#include "system/common/common_files_controller.hpp"
#include "system/config/config_controller.hpp"
#include "system/dept/dept_controller.hpp"
#include "system/dict/dict_cache.hpp"
#include "system/dict/dict_controller.hpp"
#include "system/health/health_controller.hpp"
#include "system/login/login_controller.hpp"
#include "system/menu/menu_controller.hpp"
#include "system/notice/notice_controller.hpp"
#include "system/post/post_controller.hpp"
#include "system/profile/profile_files_controller.hpp"
#include "system/role/role_controller.hpp"
#include "system/user/user_controller.hpp"
#include "system/user/user_service.hpp"
#include "web/static_site.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include <spdlog/spdlog.h>

#include <openssl/rand.h>
#include <algorithm>
#include <atomic>
#include <filesystem>

#include <random>
#include <typeinfo>

namespace ruoyi::app {

namespace asio = boost::asio;

namespace {

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::unique_ptr<db::Database> open_database(const Config& config, core::WorkerPool& workers) {
  if (is_postgres_url(config.db_url)) {
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
  auto applied = core::block_on(io, migrate());
  spdlog::info("migrations: {} applied, schema up to date", applied.size());
}

// sys_config / sys_dict keys are loaded at start (API.md §2). A cache that is down at start is not
// fatal: readers fall back to the database and fill the keys on the way.
void warm_cache(db::Database& database, system::dict::DictCache& dicts) {
  asio::io_context io;
  auto load = [&database, &dicts]() -> asio::awaitable<std::size_t> {
    db::Session session(database);
    co_return co_await dicts.load_all(session);
  };
  try {
    spdlog::info("cache: {} dictionary and parameter keys loaded", core::block_on(io, load()));
  } catch (const cache::CacheUnavailable& e) {
    spdlog::warn("cache: not warmed ({}); keys fill on first use", e.what());
  }
}

std::string new_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint64_t salt = std::random_device{}();
  return fmt::format("{:08x}{:06x}", static_cast<std::uint32_t>(salt), ++counter & 0xffffff);
}

std::string random_secret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("cannot generate a JWT secret");
  std::string hex;
  for (auto b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

auth::AuthOptions auth_options(const Config& config) {
  auth::AuthOptions options;
  options.jwt_secret = config.jwt_secret;
  if (options.jwt_secret.empty()) {
    spdlog::warn(
        "RUOYI_JWT_SECRET is empty: using a random secret; tokens end with this process and other "
        "instances cannot verify them");
    options.jwt_secret = random_secret();
  }
  options.token_expire = std::chrono::minutes(config.token_expire_minutes);
  options.session_ttl = std::chrono::minutes(config.session_ttl_minutes);
  options.same_time_login = config.same_time_login;
  options.max_retry = config.login_max_retry;
  options.lock_time = std::chrono::minutes(config.login_lock_minutes);
  options.captcha_enabled = config.captcha_enabled;
  options.account_copy_max_age = config.local_copy_max_age;
  return options;
}

// The API's path prefix as "/x" (no trailing '/'), or "" for none.
std::string normal_root(std::string root) {
  while (!root.empty() && root.back() == '/') root.pop_back();
  if (!root.empty() && root.front() != '/') root.insert(root.begin(), '/');
  return root;
}

// Whether `path` is `root` or lies below it ("/prod-api", "/prod-api/x"; not "/prod-apix").
bool under_root(std::string_view path, std::string_view root) {
  return !root.empty() && path.starts_with(root) && (path.size() == root.size() || path[root.size()] == '/');
}

// First path segments the API owns even before its routes exist on this build (the RuoYi UI's API
// modules): a GET under them is never answered with the front end's index.html.
const std::set<std::string, std::less<>> kReservedApiSegments{
    "captchaImage", "common", "getInfo",  "getRouters", "health", "login",     "logout",      "monitor",
    "profile",      "ready",  "register", "system",     "tool",   "transport", "unlockscreen"};

std::unique_ptr<cache::Cache> open_cache(const Config& config) {
  if (config.redis_url.empty()) {
    spdlog::info("cache: in-process");
    return std::make_unique<cache::MemoryCache>();
  }
  cache::RedisOptions options;
  try {
    options = cache::RedisOptions::from_url(config.redis_url);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("RUOYI_REDIS_URL: ") + e.what() +
                             " (expected redis://[[user]:password@]host[:port][/db])");
  }
  spdlog::info("cache: Redis {}", options.describe());
  return std::make_unique<cache::Redis>(options);
}

}  // namespace

Application::Application(Config config) : config_(std::move(config)) {
  config_.server.root_path = normal_root(config_.server.root_path);
  if (config_.offload_threads != 0) core::configure_default_worker_pool(config_.offload_threads);
  db_ = open_database(config_, core::default_worker_pool());
  run_migrations(*db_);
  cache_ = open_cache(config_);
  versions_ = std::make_unique<cache::SharedVersion>(*cache_);
  background_ = std::make_unique<core::BackgroundTasks>();
  // IP location (off unless ip_location.url is set): the login log waits for it after the reply,
  // the token and the operation log take what is cached (monitor/iplocation).
  auto locator = std::make_shared<monitor::iplocation::IpLocator>(
      monitor::iplocation::IpLocationOptions{config_.ip_location_url, config_.ip_location_timeout});
  // In-process copies need a version every instance sees. Redis is shared; the embedded mode
  // (SQLite + in-process cache) is one instance. PostgreSQL without Redis may have several
  // instances that cannot see each other's bumps: copies off.
  if (config_.redis_url.empty() && is_postgres_url(config_.db_url) && config_.local_copy_max_age.count() > 0) {
    spdlog::info("in-process copies: off (PostgreSQL without Redis: other instances' writes would not reach them)");
    config_.local_copy_max_age = std::chrono::seconds(0);
  }
  auto auth_opts = auth_options(config_);
  auto oper_log_opts = config_.oper_log;
  if (locator->enabled()) {
    auth_opts.locate_now = [locator](std::string_view ip) { return locator->now(ip); };
    auth_opts.locate = [locator](std::string ip) { return locator->lookup(std::move(ip)); };
    oper_log_opts.locate = [locator](std::string_view ip) { return locator->now(ip); };
  }
  auth_ = std::make_unique<auth::AuthService>(std::move(auth_opts), *cache_, *db_, *background_, *versions_);
  dicts_ = std::make_unique<system::dict::DictCache>(*cache_);
  warm_cache(*db_, *dicts_);
  users_ = std::make_unique<system::user::UserService>(
      system::user::UserServiceOptions{config_.bcrypt_cost, config_.local_copy_max_age}, *cache_);
  oper_log_ = std::make_unique<monitor::operlog::OperLogWriter>(*db_, std::move(oper_log_opts));
  monitor::job::SchedulerOptions jobs;
  jobs.shutdown_grace = config_.server.shutdown_grace;
  scheduler_ = std::make_shared<monitor::job::Scheduler>(*db_, cache_.get(), *background_, jobs);
  register_routes();
  spdlog::info("routes: {} registered", router_.size());
  if (!config_.server.static_dir.empty()) {
    static_site_ = std::make_unique<web::StaticSite>(config_.server.static_dir);
    api_segments_ = kReservedApiSegments;
    router_.for_each([this](http::Method, std::string_view pattern, const http::RouteInfo&) {
      auto rest = pattern.substr(1);
      api_segments_.emplace(rest.substr(0, rest.find('/')));
    });
    spdlog::info("front end: {} served at /{}", static_site_->root().string(),
                 config_.server.root_path.empty() ? "" : ", the API under " + config_.server.root_path);
  }
}

Application::~Application() {
  stop_scheduler();  // its last runs write their log rows while the database is open
  // Every operation already answered is in the log before the database closes.
  if (oper_log_) oper_log_->stop();
  if (background_ && !background_->join_for(std::chrono::seconds(5)))
    spdlog::warn("shutdown: background work did not finish in 5 s and was cancelled");
}

void Application::start_scheduler() { scheduler_->start(); }

void Application::stop_scheduler() {
  if (scheduler_) scheduler_->stop();
}

void Application::register_routes() {
  system::health::register_health_routes(router_, *cache_);
  system::login::LoginRateLimits limits{config_.login_rate_limit, config_.captcha_rate_limit,
                                        config_.register_rate_limit, config_.unlock_rate_limit};
  system::login::register_login_routes(router_, *auth_, *users_, *cache_, limits);
  system::dict::register_dict_routes(router_, *dicts_);
  system::config::register_config_routes(router_, *cache_);
  system::user::register_user_routes(router_, *users_, config_.upload_path());
  system::post::register_post_routes(router_);
  system::menu::register_menu_routes(router_);
  system::role::register_role_routes(router_);
  system::notice::register_notice_routes(router_);
  system::dept::register_dept_routes(router_);
  monitor::job::register_job_routes(router_, scheduler_, *cache_);
  system::profile::register_profile_file_routes(router_, config_.upload_path());
  system::common::register_common_file_routes(router_, *cache_,
                                              {config_.upload_path(), config_.download_path(), config_.server.root_path,
                                               config_.upload_max_bytes, config_.upload_rate_limit});
  auto local_copies = [this] {
    return std::vector<std::pair<std::string, cache::LocalCacheStats>>{{"account", auth_->account_copy_stats()},
                                                                       {"user_directory", users_->directory_stats()}};
  };
  monitor::register_monitor_routes(router_, {*cache_, *auth_, *dicts_, *db_, *background_, *oper_log_,
                                             config_.server.port, config_.metrics_token, local_copies});
}

std::size_t Application::body_limit_for(std::string_view method, std::string_view target,
                                        std::string_view authorization) const {
  auto path = target.substr(0, target.find('?'));
  if (under_root(path, config_.server.root_path)) path.remove_prefix(config_.server.root_path.size());
  // The large limit only for a caller holding a token this server signed: an anonymous client
  // cannot make the server buffer upload_max_bytes per connection before the guard has run.
  if (method == "POST" && path == "/common/upload" && auth_->signed_and_current(std::string(authorization)))
    return max_body_limit();
  return config_.server.body_limit;
}

std::size_t Application::max_body_limit() const noexcept {
  // The file plus its multipart framing (boundaries, part headers, other small fields).
  return std::max(config_.server.body_limit, config_.upload_max_bytes + 1024 * 1024);
}

bool Application::api_path(std::string_view path) const {
  // With a prefix the API lives under it: every other path is the front end's (its history-mode
  // routes /system/user, /login, /monitor/server must reload as index.html).
  if (!config_.server.root_path.empty()) return false;
  auto rest = path.substr(path.empty() ? 0 : 1);
  return api_segments_.contains(rest.substr(0, rest.find('/')));
}

http::Handler Application::handler() {
  return [this](http::Request request) { return handle(std::move(request)); };
}

std::function<bool()> Application::settled() {
  return [this] { return background_->stats().running == 0; };
}

asio::awaitable<http::Response> Application::dispatch(http::Request& request,
                                                      std::optional<monitor::operlog::OperLogDraft>& log,
                                                      std::string& route, bool& may_write) {
  const auto& root = config_.server.root_path;
  bool prefixed = under_root(request.path, root);
  if (prefixed) {
    request.path.erase(0, root.size());
    if (request.path.empty() || request.path.front() != '/') request.path.insert(request.path.begin(), '/');
  }
  // The front end: GET/HEAD outside the API (public, no session, no database).
  if (static_site_ && !prefixed && (request.method == http::Method::get || request.method == http::Method::head) &&
      !api_path(request.path)) {
    co_return co_await static_site_->serve(request);
  }
  auto match = router_.match(request.method, request.path, request.params);
  if (match.outcome == web::Router::Outcome::not_found) co_return http::error_response(404, "请求的接口不存在", 404);
  if (match.outcome == web::Router::Outcome::method_not_allowed)
    co_return http::error_response(405, "请求方法不被允许", 405);
  route = match.route->pattern;

  db::Session session(*db_);  // the request's get_db; released when this frame ends
  web::Context ctx{request, session};
  std::optional<auth::LoginUser> user;
  const auto& info = match.route->info;
  if (!info.is_public) {
    // The guard: every non-public route needs a valid session, then the route's permission.
    std::optional<std::string> authorization;
    if (auto h = request.headers.get("Authorization")) authorization = std::string(*h);
    user = co_await auth_->authenticate(session, std::move(authorization));
    if (!user->has_permission(info.permission)) throw AuthError(http::code::forbidden, "该用户无此接口权限");
    request.user_id = user->userId;
    request.user_name = user->userName;
    ctx.user = &*user;
  }
  // A write request the guard let through (or a public one: /login, /register) may change what
  // in-process copies hold: handle() bumps their version before replying.
  may_write = request.method != http::Method::get && request.method != http::Method::head &&
              request.method != http::Method::options;
  // Logged from here on: a caller the guard refused (401/403) did no operation.
  if (info.business_type != 0) {
    auto& draft = log.emplace();
    draft.title = info.title;
    draft.business_type = info.business_type;
    draft.method = match.route->pattern;
    if (user) {
      draft.oper_name = user->userName;
      draft.dept_name = user->deptName;
    }
  }
  // Path segments are request text like any other (a `%00` in /system/dict/data/type/{dictType}).
  for (const auto& [name, value] : request.params.items()) validation::require_clean_text(name, value);
  co_return co_await match.route->target(ctx);
}

asio::awaitable<http::Response> Application::handle(http::Request request) {
  auto started = std::chrono::steady_clock::now();
  // In-process callers may leave it empty or pass anything; it ends up in every log line.
  if (!logging::acceptable_request_id(request.request_id)) request.request_id = new_request_id();
  // The request's budget (the server sets it on arrival; in-process callers get it here). Every
  // await below — pool checkout, statements, offloaded work still queued — is cancelled when it
  // passes, through Asio's cancellation slots.
  if (request.deadline == std::chrono::steady_clock::time_point::max())
    request.deadline = started + config_.server.request_timeout;

  // Every field below that came from the client is made safe for a log line (no CR/LF to forge a
  // line, no password from a query string). Failure lines are rate-limited per kind: during an
  // outage every request fails the same way, and one line per request would flood the log.
  auto failure = [&](spdlog::level::level_enum level, std::string_view key, std::string_view what) {
    auto verdict = log_limiter_.admit(key);
    if (!verdict) return;
    spdlog::log(level, "rid={} {} {}: {}{}", request.request_id, http::method_name(request.method),
                logging::safe(request.path), logging::safe(what), logging::suppressed_note(verdict));
  };

  http::Response response;
  std::optional<monitor::operlog::OperLogDraft> oper_log;
  std::string route;
  bool may_write = false;
  auto& metrics = monitor::metrics::Registry::global();
  monitor::metrics::InFlight in_flight(metrics);
  try {
    auto pipeline = dispatch(request, oper_log, route, may_write);
    response = co_await core::with_deadline(std::move(pipeline), core::Deadline::at(request.deadline));
  } catch (const core::DeadlineExceeded& e) {
    failure(spdlog::level::warn, "deadline", e.what());
    response = http::error_response(503, "请求处理超时，请稍后再试", 503);
  } catch (const AuthError& e) {
    auto body = http::envelope(e.code(), e.what());
    body["data"] = "";
    response = http::json_response(body);
  } catch (const TooManyRequests& e) {
    response = http::error_response(e.code(), e.what(), 429);
  } catch (const ServiceError& e) {
    response = http::error_response(e.code(), e.what());
  } catch (const cache::CacheUnavailable& e) {
    // Redis down or too slow: fail fast with a clear answer; the client reconnects by itself.
    failure(spdlog::level::warn, "cache-unavailable", e.what());
    response = http::error_response(503, "缓存服务不可用，请稍后再试", 503);
  } catch (const PoolTimeout& e) {
    failure(spdlog::level::warn, "pool-timeout", e.what());
    response = http::error_response(503, "服务繁忙，请稍后再试", 503);
  } catch (const std::exception& e) {
    // Keyed by type: a flood of one failure must not hide a different one.
    auto key = std::string("failed:") + typeid(e).name();
    failure(spdlog::level::err, key, std::string("failed: ") + e.what());
    response = http::error_response(http::code::error, "接口异常");
  }

  if (may_write) co_await bump_local_versions();
  if (oper_log) submit_oper_log(std::move(*oper_log), request, response, started);
  metrics.request_done(http::method_name(request.method), route.empty() ? std::string_view("(unmatched)") : route,
                       response.status, std::chrono::steady_clock::now() - started);
  if (config_.access_log) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    auto target = logging::safe_target(request.target.empty() ? request.path : request.target);
    spdlog::info("rid={} {} {} {} {}B {:.2f}ms", request.request_id, http::method_name(request.method), target,
                 response.status, response.body_size(), us.count() / 1000.0);
  }
  co_return response;
}

asio::awaitable<void> Application::bump_local_versions() {
  auto done = std::make_shared<core::Event>();
  auto bump = [](cache::SharedVersion& versions, std::shared_ptr<core::Event> done) -> asio::awaitable<void> {
    co_await versions.bump();
    done->set();
  };
  auto executor = co_await asio::this_coro::executor;
  background_->spawn(executor, bump(*versions_, done), "local-cache-version");
  co_await done->wait();
}

// After the reply is produced: moves and short copies only; the writer's thread does the rest.
void Application::submit_oper_log(monitor::operlog::OperLogDraft draft, http::Request& request,
                                  const http::Response& response, std::chrono::steady_clock::time_point started) {
  using monitor::operlog::max_kept_bytes;
  draft.request_method = http::method_name(request.method);
  draft.oper_url = request.path;
  draft.oper_ip = request.remote_ip;
  draft.user_agent = request.headers.get("User-Agent").value_or("");
  draft.path_params = request.params.items();
  draft.query = request.query;
  draft.content_type = request.headers.get("Content-Type").value_or("");
  draft.body_size = request.body.size();
  // An upload is only described (its size), and a body that could not fit the column is not kept.
  bool multipart = draft.content_type.size() >= 10 && draft.content_type.compare(0, 10, "multipart/") == 0;
  if (!multipart && request.body.size() <= max_kept_bytes) draft.body = std::move(request.body);
  draft.reply_status = response.status;
  draft.reply_is_json = !response.file && response.content_type.starts_with("application/json");
  draft.reply_size = response.body.size();
  if (draft.reply_is_json && response.body.size() <= max_kept_bytes) draft.reply_body = response.body;
  draft.oper_time = core::DateTime::now();
  draft.cost_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  oper_log_->submit(std::move(draft));
}

}  // namespace ruoyi::app
