#include "app/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <functional>
#include <stdexcept>

namespace ruoyi::app {

namespace {

// One configuration key: where it sits in the TOML file, its environment variable, and how a
// text value (from either) is stored.
struct Key {
  const char* toml_path;
  const char* env;
  std::function<void(Config&, std::string_view)> set;
};

template <class Int>
Int parse_int(std::string_view text, const char* what) {
  Int value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw std::runtime_error(fmt::format("{}: '{}' is not a valid number", what, text));
  return value;
}

bool parse_bool(std::string_view text, const char* what) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off" || text.empty()) return false;
  throw std::runtime_error(fmt::format("{}: '{}' is not a boolean (true/false)", what, text));
}

const std::vector<Key>& keys() {
  static const std::vector<Key> all = {
      {"server.host", "RUOYI_HOST", [](Config& c, std::string_view v) { c.server.host = v; }},
      {"server.port", "RUOYI_PORT",
       [](Config& c, std::string_view v) { c.server.port = parse_int<std::uint16_t>(v, "server.port"); }},
      {"server.workers", "RUOYI_WORKERS",
       [](Config& c, std::string_view v) { c.server.workers = parse_int<std::size_t>(v, "server.workers"); }},
      {"server.root_path", "RUOYI_ROOT_PATH", [](Config& c, std::string_view v) { c.server.root_path = v; }},
      {"server.body_limit", "RUOYI_BODY_LIMIT",
       [](Config& c, std::string_view v) { c.server.body_limit = parse_int<std::size_t>(v, "server.body_limit"); }},
      {"server.request_timeout", "RUOYI_REQUEST_TIMEOUT",
       [](Config& c, std::string_view v) {
         c.server.request_timeout = std::chrono::seconds(parse_int<int>(v, "server.request_timeout"));
       }},
      {"server.shutdown_grace", "RUOYI_SHUTDOWN_GRACE",
       [](Config& c, std::string_view v) {
         c.server.shutdown_grace = std::chrono::seconds(parse_int<int>(v, "server.shutdown_grace"));
       }},
      {"server.request_read_timeout", "RUOYI_REQUEST_READ_TIMEOUT",
       [](Config& c, std::string_view v) {
         c.server.request_read_timeout = std::chrono::seconds(parse_int<int>(v, "server.request_read_timeout"));
       }},
      {"server.queued_response_bytes", "RUOYI_QUEUED_RESPONSE_BYTES",
       [](Config& c, std::string_view v) {
         c.server.queued_response_bytes = parse_int<std::size_t>(v, "server.queued_response_bytes");
       }},
      {"server.static_dir", "RUOYI_STATIC_DIR", [](Config& c, std::string_view v) { c.server.static_dir = v; }},
      {"data.dir", "RUOYI_DATA_DIR", [](Config& c, std::string_view v) { c.data_dir = v; }},
      {"data.upload_dir", "RUOYI_UPLOAD_DIR", [](Config& c, std::string_view v) { c.upload_dir = v; }},
      {"data.download_dir", "RUOYI_DOWNLOAD_DIR", [](Config& c, std::string_view v) { c.download_dir = v; }},
      {"data.upload_max_size", "RUOYI_UPLOAD_MAX_SIZE",
       [](Config& c, std::string_view v) { c.upload_max_bytes = parse_int<std::size_t>(v, "data.upload_max_size"); }},
      {"database.url", "RUOYI_DB_URL", [](Config& c, std::string_view v) { c.db_url = v; }},
      {"database.pool_size", "RUOYI_DB_POOL_SIZE",
       [](Config& c, std::string_view v) { c.pool.pool_size = parse_int<std::size_t>(v, "database.pool_size"); }},
      {"database.max_overflow", "RUOYI_DB_MAX_OVERFLOW",
       [](Config& c, std::string_view v) {
         c.pool.max_overflow = parse_int<std::size_t>(v, "database.max_overflow");
       }},
      {"database.pool_timeout", "RUOYI_DB_POOL_TIMEOUT",
       [](Config& c, std::string_view v) {
         c.pool.pool_timeout = std::chrono::seconds(parse_int<int>(v, "database.pool_timeout"));
       }},
      {"database.pool_recycle", "RUOYI_DB_POOL_RECYCLE",
       [](Config& c, std::string_view v) {
         c.pool.pool_recycle = std::chrono::seconds(parse_int<int>(v, "database.pool_recycle"));
       }},
      {"database.pre_ping", "RUOYI_DB_PRE_PING",
       [](Config& c, std::string_view v) { c.pool.pre_ping = parse_bool(v, "database.pre_ping"); }},
      {"database.echo", "RUOYI_DB_ECHO",
       [](Config& c, std::string_view v) { c.pool.echo = parse_bool(v, "database.echo"); }},
      {"database.prepared_cache", "RUOYI_DB_PREPARED_CACHE",
       [](Config& c, std::string_view v) { c.db_prepared_cache = parse_bool(v, "database.prepared_cache"); }},
      {"redis.url", "RUOYI_REDIS_URL", [](Config& c, std::string_view v) { c.redis_url = v; }},
      {"redis.local_copy_seconds", "RUOYI_LOCAL_COPY_SECONDS",
       [](Config& c, std::string_view v) {
         c.local_copy_max_age = std::chrono::seconds(parse_int<int>(v, "redis.local_copy_seconds"));
         if (c.local_copy_max_age.count() < 0) throw std::runtime_error("redis.local_copy_seconds must be >= 0");
       }},
      {"offload.threads", "RUOYI_OFFLOAD_THREADS",
       [](Config& c, std::string_view v) { c.offload_threads = parse_int<std::size_t>(v, "offload.threads"); }},
      {"log.level", "RUOYI_LOG_LEVEL", [](Config& c, std::string_view v) { c.log_level = v; }},
      {"log.access_log", "RUOYI_ACCESS_LOG",
       [](Config& c, std::string_view v) { c.access_log = parse_bool(v, "log.access_log"); }},
      {"security.jwt_secret", "RUOYI_JWT_SECRET", [](Config& c, std::string_view v) { c.jwt_secret = v; }},
      {"metrics.token", "RUOYI_METRICS_TOKEN", [](Config& c, std::string_view v) { c.metrics_token = v; }},
      {"ip_location.url", "RUOYI_IP_LOCATION_URL", [](Config& c, std::string_view v) { c.ip_location_url = v; }},
      {"ip_location.timeout_ms", "RUOYI_IP_LOCATION_TIMEOUT_MS",
       [](Config& c, std::string_view v) {
         c.ip_location_timeout = std::chrono::milliseconds(parse_int<int>(v, "ip_location.timeout_ms"));
         if (c.ip_location_timeout.count() < 1 || c.ip_location_timeout.count() > 60'000)
           throw std::runtime_error("ip_location.timeout_ms must be between 1 and 60000");
       }},
      {"security.bcrypt_cost", "RUOYI_BCRYPT_COST",
       [](Config& c, std::string_view v) {
         c.bcrypt_cost = parse_int<int>(v, "security.bcrypt_cost");
         if (c.bcrypt_cost < 4 || c.bcrypt_cost > 31)
           throw std::runtime_error("security.bcrypt_cost must be between 4 and 31");
       }},
      {"security.captcha_enabled", "RUOYI_CAPTCHA_ENABLED",
       [](Config& c, std::string_view v) { c.captcha_enabled = parse_bool(v, "security.captcha_enabled"); }},
      {"security.token_expire_minutes", "RUOYI_TOKEN_EXPIRE_MINUTES",
       [](Config& c, std::string_view v) {
         c.token_expire_minutes = parse_int<int>(v, "security.token_expire_minutes");
       }},
      {"security.session_ttl_minutes", "RUOYI_SESSION_TTL_MINUTES",
       [](Config& c, std::string_view v) {
         c.session_ttl_minutes = parse_int<int>(v, "security.session_ttl_minutes");
       }},
      {"security.same_time_login", "RUOYI_SAME_TIME_LOGIN",
       [](Config& c, std::string_view v) { c.same_time_login = parse_bool(v, "security.same_time_login"); }},
      {"security.login_max_retry", "RUOYI_LOGIN_MAX_RETRY",
       [](Config& c, std::string_view v) { c.login_max_retry = parse_int<int>(v, "security.login_max_retry"); }},
      {"security.login_lock_minutes", "RUOYI_LOGIN_LOCK_MINUTES",
       [](Config& c, std::string_view v) {
         c.login_lock_minutes = parse_int<int>(v, "security.login_lock_minutes");
       }},
      {"rate_limit.login", "RUOYI_RATE_LIMIT_LOGIN",
       [](Config& c, std::string_view v) {
         c.login_rate_limit.max_requests = parse_int<std::int64_t>(v, "rate_limit.login");
       }},
      {"rate_limit.login_window", "RUOYI_RATE_LIMIT_LOGIN_WINDOW",
       [](Config& c, std::string_view v) {
         c.login_rate_limit.window = std::chrono::seconds(parse_int<int>(v, "rate_limit.login_window"));
       }},
      {"rate_limit.captcha", "RUOYI_RATE_LIMIT_CAPTCHA",
       [](Config& c, std::string_view v) {
         c.captcha_rate_limit.max_requests = parse_int<std::int64_t>(v, "rate_limit.captcha");
       }},
      {"rate_limit.captcha_window", "RUOYI_RATE_LIMIT_CAPTCHA_WINDOW",
       [](Config& c, std::string_view v) {
         c.captcha_rate_limit.window = std::chrono::seconds(parse_int<int>(v, "rate_limit.captcha_window"));
       }},
      {"rate_limit.upload", "RUOYI_RATE_LIMIT_UPLOAD",
       [](Config& c, std::string_view v) {
         c.upload_rate_limit.max_requests = parse_int<std::int64_t>(v, "rate_limit.upload");
       }},
      {"rate_limit.upload_window", "RUOYI_RATE_LIMIT_UPLOAD_WINDOW",
       [](Config& c, std::string_view v) {
         c.upload_rate_limit.window = std::chrono::seconds(parse_int<int>(v, "rate_limit.upload_window"));
       }},
      {"rate_limit.register", "RUOYI_RATE_LIMIT_REGISTER",
       [](Config& c, std::string_view v) {
         c.register_rate_limit.max_requests = parse_int<std::int64_t>(v, "rate_limit.register");
       }},
      {"rate_limit.register_window", "RUOYI_RATE_LIMIT_REGISTER_WINDOW",
       [](Config& c, std::string_view v) {
         c.register_rate_limit.window = std::chrono::seconds(parse_int<int>(v, "rate_limit.register_window"));
       }},
      {"rate_limit.unlock", "RUOYI_RATE_LIMIT_UNLOCK",
       [](Config& c, std::string_view v) {
         c.unlock_rate_limit.max_requests = parse_int<std::int64_t>(v, "rate_limit.unlock");
       }},
      {"rate_limit.unlock_window", "RUOYI_RATE_LIMIT_UNLOCK_WINDOW",
       [](Config& c, std::string_view v) {
         c.unlock_rate_limit.window = std::chrono::seconds(parse_int<int>(v, "rate_limit.unlock_window"));
       }},
  };
  return all;
}

std::string node_text(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto i = node.value<std::int64_t>()) return std::to_string(*i);
  if (auto b = node.value<bool>()) return *b ? "true" : "false";
  if (auto d = node.value<double>()) return fmt::format("{}", *d);
  throw std::runtime_error("unsupported value type");
}

} // namespace

void apply_environment(Config& config) {
  for (const auto& key : keys()) {
    if (const char* value = std::getenv(key.env)) {
      try {
        key.set(config, value);
      } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("environment {}: {}", key.env, e.what()));
      }
    }
  }
}

Config load_config(const std::string& path) {
  Config config;
  if (!path.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      throw std::runtime_error(fmt::format("config file {}: {} (line {})", path, e.description(),
                                           e.source().begin.line));
    }
    for (const auto& key : keys()) {
      auto node = table.at_path(key.toml_path);
      if (!node) continue;
      try {
        key.set(config, node_text(*node.node()));
      } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("config file {}: key {}: {}", path, key.toml_path, e.what()));
      }
    }
  }
  apply_environment(config);
  return config;
}

std::string Config::sqlite_path() const {
  constexpr std::string_view scheme = "sqlite://";
  if (db_url.starts_with(scheme)) return db_url.substr(scheme.size());
  auto dir = data_dir.empty() ? std::string(".") : data_dir;
  if (dir.back() == '/') dir.pop_back();
  return dir + "/ruoyi.db";
}

} // namespace ruoyi::app

namespace ruoyi::app {

std::string Config::upload_path() const {
  if (!upload_dir.empty()) return upload_dir;
  auto dir = data_dir.empty() ? std::string(".") : data_dir;
  if (dir.back() == '/') dir.pop_back();
  return dir + "/upload";
}

std::string Config::download_path() const {
  if (!download_dir.empty()) return download_dir;
  auto dir = data_dir.empty() ? std::string(".") : data_dir;
  if (dir.back() == '/') dir.pop_back();
  return dir + "/download";
}

} // namespace ruoyi::app
