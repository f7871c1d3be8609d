// Two real ruoyi-server processes on one PostgreSQL and one Redis (production's layout): a force
// logout through instance A ends the session on instance B at B's next request.
#include "e2e/server_process.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <string>

using namespace ruoyi;
using test::ServerProcess;

namespace {

boost::json::object call(std::uint16_t port, const std::string& method, const std::string& target,
                         const std::string& auth = {}, const std::string& body = {},
                         const std::string& type = "application/json") {
  auto r = test::http_request(port, method, target, body, type, auth);
  if (!r) return {};
  boost::system::error_code ec;
  auto json = boost::json::parse(r->body, ec);
  return !ec && json.is_object() ? json.as_object() : boost::json::object{};
}

// "Authorization: Bearer …\r\n" for that user on that instance, "" when the login failed.
std::string login(std::uint16_t port, const std::string& user) {
  auto r =
      call(port, "POST", "/login", {}, "username=" + user + "&password=admin123", "application/x-www-form-urlencoded");
  auto* token = r.if_contains("token");
  return token && token->is_string() ? "Authorization: Bearer " + std::string(token->as_string()) + "\r\n" : "";
}

std::int64_t code(const boost::json::object& o) {
  auto* c = o.if_contains("code");
  return c && c->is_int64() ? c->as_int64() : -1;
}

}  // namespace

TEST(OnlineE2E, ForceLogoutThroughOneInstanceEndsTheSessionOnAnother) {
  if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  if (std::system("command -v redis-server >/dev/null 2>&1") != 0) GTEST_SKIP() << "redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  auto dbname = postgres.create_database();
  test::RedisServer redis;
  const std::vector<std::string> shared{"RUOYI_DB_URL=" + postgres.url(dbname), "RUOYI_REDIS_URL=" + redis.url(0),
                                        "RUOYI_JWT_SECRET=online-e2e-shared-secret", "RUOYI_LOG_LEVEL=critical"};
  test::TempDir dir_a, dir_b;
  ServerProcess a(dir_a.str(), test::free_port(), shared);
  ASSERT_TRUE(a.wait_ready());  // A applies the migrations; B starts on an up-to-date schema
  ServerProcess b(dir_b.str(), test::free_port(), shared);
  ASSERT_TRUE(b.wait_ready());

  auto on_b = login(b.port(), "niangao");
  ASSERT_FALSE(on_b.empty());
  EXPECT_EQ(code(call(b.port(), "GET", "/getInfo", on_b)), 200);
  auto admin_on_a = login(a.port(), "admin");
  ASSERT_FALSE(admin_on_a.empty());

  // A lists B's session (the store is shared) and ends it.
  auto listed = call(a.port(), "GET", "/monitor/online/list?userName=niangao", admin_on_a);
  ASSERT_EQ(code(listed), 200);
  const auto& rows = listed.at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u);
  auto token_id = std::string(rows[0].at("tokenId").as_string());
  auto ended = call(a.port(), "DELETE", "/monitor/online/" + token_id, admin_on_a);
  EXPECT_EQ(code(ended), 200);
  EXPECT_EQ(ended.at("msg").as_string(), "强退成功");

  // B's very next request with that session is refused; the admin's session is untouched.
  auto after = call(b.port(), "GET", "/getInfo", on_b);
  EXPECT_EQ(code(after), 401);
  EXPECT_EQ(after.at("msg").as_string(), "用户token已失效，请重新登录");
  EXPECT_EQ(code(call(b.port(), "GET", "/getInfo", admin_on_a)), 200) << "a session works on every instance";
  EXPECT_EQ(b.terminate(), 0);
  EXPECT_EQ(a.terminate(), 0);
}
