// An Application on a fresh database — SQLite in a temp dir, or a fresh database on the test
// binary's PostgreSQL 15 (support/postgres_server.hpp), with the in-process cache or the test
// binary's redis-server (support/redis_server.hpp, flushed before each test) — driven through
// http::TestClient. Suites derive from AppTest and run once per backend:
//   INSTANTIATE_TEST_SUITE_P(Backends, MyApi, test::all_backends(), test::backend_name);
#pragma once

#include "app/application.hpp"
#include "cache/shared_version.hpp"
#include "db/session.hpp"
#include "http/test_client.hpp"
#include "support/postgres_server.hpp"
#include "support/redis_server.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace ruoyi::test {

// sqlite: the embedded default (SQLite + in-process cache); postgres: PostgreSQL + in-process
// cache; postgres_redis: production's PostgreSQL + Redis (RUOYI_REDIS_URL).
enum class Backend { sqlite, postgres, postgres_redis };

inline ::testing::internal::ParamGenerator<Backend> all_backends() {
  return ::testing::Values(Backend::sqlite, Backend::postgres, Backend::postgres_redis);
}
inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::sqlite: return "sqlite";
    case Backend::postgres: return "postgres";
    case Backend::postgres_redis: return "postgres_redis";
  }
  return "unknown";
}

inline bool redis_available() { return std::system("command -v redis-server >/dev/null 2>&1") == 0; }

// One redis-server per test binary, started on first use, stopped at exit.
inline RedisServer& shared_redis() {
  static RedisServer server;
  return server;
}

inline app::Config test_config(const TempDir& dir) {
  app::Config config;
  config.data_dir = dir.str();
  config.access_log = false;
  config.bcrypt_cost = 4;  // the cheapest valid cost: tests check behaviour, not hashing speed
  config.pool.pool_size = 2;
  // Tests log in and fetch captchas far more often than a person: the per-IP limits are off here;
  // the tests of the limits turn them on.
  config.login_rate_limit.max_requests = 0;
  config.captcha_rate_limit.max_requests = 0;
  config.register_rate_limit.max_requests = 0;
  config.unlock_rate_limit.max_requests = 0;
  // The captcha follows sys.account.captchaEnabled (seeded "true") unless forced off: tests log in
  // without one; the captcha tests turn it back on.
  config.captcha_enabled = false;
  return config;
}

class AppTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() != Backend::sqlite && !PostgresServer::available())
      GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
    if (GetParam() == Backend::postgres_redis) {
      if (!redis_available()) GTEST_SKIP() << "redis-server not installed";
      auto& redis = shared_redis();
      if (!redis.running()) redis.start();  // an outage test may have left it stopped
      redis.run({"FLUSHALL"});
    }
    start(base_config());
  }
  // The backend's configuration: a fresh database per test (created on first call).
  app::Config base_config() {
    auto config = test_config(dir_);
    if (GetParam() != Backend::sqlite) {
      auto& server = PostgresServer::instance();
      if (pg_db_.empty()) pg_db_ = server.create_database();
      config.db_url = server.url(pg_db_);
    }
    if (GetParam() == Backend::postgres_redis) config.redis_url = shared_redis().url();

    return config;
  }
  void start(app::Config config) {
    client_.reset();
    app_.reset();
    app_ = std::make_unique<app::Application>(std::move(config));
    client_ = std::make_unique<http::TestClient>(app_->handler(), app_->settled());
    token_ = login("admin", "admin123");
    client_->set_header("Authorization", "Bearer " + token_);
  }
  // POST /login as the UI sends it (a form), on a client without a token.
  http::TestResponse form_login(const std::string& user, const std::string& password) {
    http::TestClient anonymous(app_->handler(), app_->settled());
    return anonymous.post("/login", "username=" + user + "&password=" + password, "application/x-www-form-urlencoded");
  }
  // Logs in through form_login and returns the token.
  std::string login(const std::string& user, const std::string& password) {
    auto r = form_login(user, password);
    auto body = r.json().as_object();
    if (body.at("code").as_int64() != 200) throw std::runtime_error("login failed: " + r.body);
    return std::string(body.at("token").as_string());
  }
  http::TestClient& client() { return *client_; }
  app::Application& app() { return *app_; }

  // Straight to the database, on a session of its own: test set-up and the rows a test asserts.
  std::int64_t scalar(const std::string& sql) {
    return run([this, sql]() -> boost::asio::awaitable<std::int64_t> {
      db::Session s(app().database());
      auto r = co_await s.query(sql);
      co_return r.scalar_int();
    }());
  }
  // A write behind the server's back, so it announces itself as every write request does: the
  // in-process copies (cache::LocalCache) must not outlive it.
  void exec(const std::string& sql) {
    run([this, sql]() -> boost::asio::awaitable<void> {
      db::Session s(app().database());
      co_await s.execute(sql);
      co_await app().local_versions().bump();
    }());
  }

  TempDir dir_;
  std::string token_;  // the admin's, set on every request of client()
  std::string pg_db_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::TestClient> client_;
};

} // namespace ruoyi::test
