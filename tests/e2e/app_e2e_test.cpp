// The real ruoyi-server binary over a real socket: start, serve, refuse bad input, stop on SIGTERM.
#include "e2e/server_process.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace ruoyi;
using test::ServerProcess;

namespace {

// Logs in as admin over the socket; returns the Authorization header line.
std::string login_header(std::uint16_t port) {
  auto r = test::http_request(port, "POST", "/login", "username=admin&password=admin123",
                              "application/x-www-form-urlencoded");
  auto token = boost::json::parse(r.value().body).as_object().at("token").as_string();
  return "Authorization: Bearer " + std::string(token) + "\r\n";
}

std::int64_t total_users(std::uint16_t port, const std::string& auth) {
  auto r = test::http_request(port, "GET", "/system/user/list", {}, "application/json", auth);
  return boost::json::parse(r.value().body).as_object().at("total").as_int64();
}

}  // namespace

TEST(AppE2E, ServesSeededAdminRefusesBadInputAndStopsOnSigterm) {
  test::TempDir dir;
  ServerProcess server(dir.str(), test::free_port());
  ASSERT_TRUE(server.wait_ready());

  auto anonymous = test::http_request(server.port(), "GET", "/system/user/1");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(boost::json::parse(anonymous->body).as_object().at("code").as_int64(), 401);
  auto auth = login_header(server.port());
  auto admin = test::http_request(server.port(), "GET", "/system/user/1", {}, "application/json", auth);
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 200);
  auto body = boost::json::parse(admin->body).as_object();
  EXPECT_EQ(body.at("code").as_int64(), 200);
  EXPECT_EQ(body.at("data").as_object().at("userName").as_string(), "admin");
  EXPECT_EQ(admin->body.find("password"), std::string::npos);

  auto before = total_users(server.port(), auth);
  auto bad = test::http_request(server.port(), "POST", "/system/user", "{\"userName\": ", "application/json", auth);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 200);
  EXPECT_EQ(boost::json::parse(bad->body).as_object().at("code").as_int64(), 601);
  auto bad_id = test::http_request(server.port(), "GET", "/system/user/abc", {}, "application/json", auth);
  EXPECT_EQ(boost::json::parse(bad_id->body).as_object().at("code").as_int64(), 601);
  EXPECT_EQ(total_users(server.port(), auth), before);

  auto created =
      test::http_request(server.port(), "POST", "/system/user",
                         R"({"userName":"e2e","nickName":"E2E","password":"secret123"})", "application/json", auth);
  EXPECT_EQ(boost::json::parse(created->body).as_object().at("code").as_int64(), 200) << created->body;
  EXPECT_EQ(total_users(server.port(), auth), before + 1);

  auto missing = test::http_request(server.port(), "GET", "/nowhere");
  EXPECT_EQ(missing->status, 404);

  EXPECT_EQ(server.terminate(), 0);
}

TEST(AppE2E, DataSurvivesARestart) {
  test::TempDir dir;
  auto port = test::free_port();
  {
    ServerProcess server(dir.str(), port);
    ASSERT_TRUE(server.wait_ready());
    auto created = test::http_request(port, "POST", "/system/user",
                                      R"({"userName":"kept","nickName":"Kept","password":"secret123"})",
                                      "application/json", login_header(port));
    ASSERT_EQ(boost::json::parse(created->body).as_object().at("code").as_int64(), 200);
    EXPECT_EQ(server.terminate(), 0);
  }
  ServerProcess again(dir.str(), port);
  ASSERT_TRUE(again.wait_ready());
  EXPECT_EQ(total_users(port, login_header(port)), 3);
  EXPECT_EQ(again.terminate(), 0);
}

// Production's set-up: PostgreSQL + Redis. Start-up work (migrations, cache warm-up) runs on a
// short-lived loop before the server's loops; the session lands in Redis; SIGTERM still exits 0
// with Redis connections open on every loop.
TEST(AppE2E, ServesOnPostgresAndRedisAndStopsCleanly) {
  if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  if (std::system("command -v redis-server >/dev/null 2>&1") != 0) GTEST_SKIP() << "redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  test::RedisServer redis;
  test::TempDir dir;
  ServerProcess server(dir.str(), test::free_port(),
                       {"RUOYI_DB_URL=" + postgres.url(postgres.create_database()), "RUOYI_REDIS_URL=" + redis.url(3)});
  ASSERT_TRUE(server.wait_ready());
  auto auth = login_header(server.port());
  EXPECT_EQ(total_users(server.port(), auth), 2);
  // The session and the warmed keys are in the URL's database 3 (each run() is a fresh connection,
  // so the SELECT goes inside one script).
  auto in_db3 = [&](const std::string& pattern) {
    return redis.run({"EVAL", "redis.call('SELECT', 3) return #redis.call('KEYS', ARGV[1])", "0", pattern});
  };
  EXPECT_EQ(in_db3("access_token:*"), "1");
  EXPECT_EQ(in_db3("sys_config:sys.user.initPassword"), "1");
  EXPECT_EQ(redis.run({"DBSIZE"}), "0");  // database 0 untouched
  auto info = test::http_request(server.port(), "GET", "/getInfo", {}, "application/json", auth);
  ASSERT_TRUE(info);
  EXPECT_EQ(boost::json::parse(info->body).as_object().at("code").as_int64(), 200);
  EXPECT_EQ(server.terminate(), 0);
}
