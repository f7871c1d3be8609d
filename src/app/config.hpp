// Configuration: defaults here, then the TOML file, then RUOYI_* environment variables (which win).
// The table of keys and variable names lives in config.cpp and in the README.
#pragma once

#include "auth/rate_limiter.hpp"
#include "db/database.hpp"
#include "monitor/operlog/oper_log_writer.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace ruoyi::app {

struct Config {
  struct Server {
    std::string host = "0.0.0.0";
    std::uint16_t port = 9099;
    std::size_t workers = 0;  // 0 = hardware threads
    // Prefix of the API ("/prod-api"): stripped before routing. With static_dir set, every path
    // outside it is the front end's (docs/frontend.md).
    std::string root_path;
    // A built RuoYi-Vue3 front end (its dist/) served for GET/HEAD; empty = none.
    std::string static_dir;
    std::size_t body_limit = 10 * 1024 * 1024;
    std::chrono::seconds request_timeout{60};
    std::chrono::seconds shutdown_grace{10};
    // Headers + body of one request must arrive within this (a body trickled byte by byte ends).
    std::chrono::seconds request_read_timeout{60};
    // Response bytes a connection may hold queued (pipelining) before its requests stop being read.
    std::size_t queued_response_bytes = 4 * 1024 * 1024;
  } server;
  std::string data_dir = "./data";
  std::string upload_dir;  // empty = <data_dir>/upload
  std::string db_url;      // empty = sqlite file in data_dir
  // /common/download's root; empty = <data_dir>/download.
  std::string download_dir;
  // /common/upload's file size limit (bytes).
  std::size_t upload_max_bytes = 100 * 1024 * 1024;
  db::PoolOptions pool;
  // PostgreSQL: prepare each statement once per connection. Off behind PgBouncer (transaction mode).
  bool db_prepared_cache = true;
  std::string redis_url;
  // In-process copies of rarely changing rows (the guard's account, the user directory), valid
  // while no write happened since (cache::SharedVersion); at most this old (a row changed by hand in
  // the database). 0 = off.
  std::chrono::seconds local_copy_max_age{60};
  std::size_t offload_threads = 0;
  std::string log_level = "info";
  bool access_log = true;
  std::string jwt_secret;
  // Who may read GET /metrics: empty = clients on loopback only; else `Authorization: Bearer
  // <metrics_token>` from anywhere (docs/monitoring.md).
  std::string metrics_token;
  // IP geolocation of the logs (API.md §7): "http://host:port/path?ip={ip}"; empty = off.
  std::string ip_location_url;
  std::chrono::milliseconds ip_location_timeout{1500};
  int bcrypt_cost = 10;
  // false forces the captcha off (tests, benchmarks); true follows sys.account.captchaEnabled.
  bool captcha_enabled = true;
  int token_expire_minutes = 1440;  // JWT `exp`
  int session_ttl_minutes = 30;     // access_token:{id} TTL, refreshed on every request
  bool same_time_login = true;      // false: a new login evicts the user's previous session
  int login_max_retry = 5;          // wrong passwords within lock_minutes before the lock
  int login_lock_minutes = 10;
  // Per client IP (API.md §2); max_requests 0 = off.
  auth::RateLimit login_rate_limit{12, std::chrono::seconds(60)};
  auth::RateLimit captcha_rate_limit{36, std::chrono::seconds(60)};
  // Per user: POST /common/upload.
  auth::RateLimit upload_rate_limit{24, std::chrono::seconds(60)};
  auth::RateLimit register_rate_limit{6, std::chrono::seconds(120)};  // POST /register per client IP
  auth::RateLimit unlock_rate_limit{12, std::chrono::seconds(120)};   // POST /unlockscreen per user
  // The operation log's batching writer (queue bound, rows per INSERT, flush interval).
  monitor::operlog::OperLogOptions oper_log;

  // The SQLite file this configuration selects (db_url "sqlite:///path", or <data_dir>/ruoyi.db).
  std::string sqlite_path() const;
  // Where uploads (avatars) are stored: upload_dir, or <data_dir>/upload.
  std::string upload_path() const;
  // /common/download's root: download_dir, or <data_dir>/download.
  std::string download_path() const;
};

// Loads `path` (skipped if empty; an unreadable or invalid file throws with the reason), then
// applies the environment. Invalid values throw std::runtime_error naming the key and variable.
Config load_config(const std::string& path);

// Only the environment part, over an existing config (tests use it with setenv).
void apply_environment(Config& config);

}  // namespace ruoyi::app
