// Two real ruoyi-server processes on one PostgreSQL and one Redis: the rate limits of API.md §2
// count in Redis (`api_rate_limit:{route}:{subject}`), so a client spreading its requests over both
// instances meets one limit, and a captcha drawn by one instance is answered on the other.
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

bool have_stack() {
  return test::PostgresServer::available() && std::system("command -v redis-server >/dev/null 2>&1") == 0;
}

struct Reply {
  int status = 0;
  std::int64_t code = 0;
  std::string msg;
  boost::json::object body;
};

Reply call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
           const std::string& type = "application/json") {
  auto r = test::http_request(port, method, target, body, type);
  Reply out;
  if (!r) return out;
  out.status = r->status;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(r->body, ec);
  if (!ec && parsed.is_object()) {
    out.body = parsed.as_object();
    if (auto* c = out.body.if_contains("code"); c && c->is_int64()) out.code = c->as_int64();
    if (auto* m = out.body.if_contains("msg"); m && m->is_string()) out.msg = std::string(m->as_string());
  }
  return out;
}

const std::string kRegister = R"({"username":"nobody","password":"secret123","confirmPassword":"secret123"})";

}  // namespace

TEST(SharedLimitsE2E, TwoInstancesOnOneRedisShareTheRegisterLimitAndItsReset) {
  if (!have_stack()) GTEST_SKIP() << "PostgreSQL 15 or redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  auto db = postgres.create_database();
  test::RedisServer redis;
  test::TempDir dir_a, dir_b;
  const std::vector<std::string> env{"RUOYI_DB_URL=" + postgres.url(db), "RUOYI_REDIS_URL=" + redis.url(2),
                                     "RUOYI_RATE_LIMIT_REGISTER=3", "RUOYI_RATE_LIMIT_REGISTER_WINDOW=120",
                                     "RUOYI_JWT_SECRET=shared-secret-of-the-two"};
  ServerProcess a(dir_a.str(), test::free_port(), env);
  ASSERT_TRUE(a.wait_ready());
  ServerProcess b(dir_b.str(), test::free_port(), env);
  ASSERT_TRUE(b.wait_ready());

  // Registration is closed (seed): each attempt is answered 500 and counted, 3 per window and IP.
  EXPECT_EQ(call(a.port(), "POST", "/register", kRegister).msg, "注册程序已关闭，禁止注册");
  EXPECT_EQ(call(b.port(), "POST", "/register", kRegister).code, 500);
  EXPECT_EQ(call(a.port(), "POST", "/register", kRegister).code, 500);
  // The fourth, on either instance, is over the shared limit.
  auto refused_b = call(b.port(), "POST", "/register", kRegister);
  EXPECT_EQ(refused_b.status, 429);
  EXPECT_EQ(refused_b.code, 429);
  EXPECT_EQ(refused_b.msg, "请求过于频繁，请稍后再试");
  EXPECT_EQ(call(a.port(), "POST", "/register", kRegister).status, 429);
  auto counted = [&] {
    return redis.run({"EVAL", "redis.call('SELECT', 2) return redis.call('GET', ARGV[1])", "0",
                      "api_rate_limit:register:127.0.0.1"});
  };
  EXPECT_EQ(counted(), "5");  // one counter for both, refused requests included

  // The window's end, without waiting for it: the counter goes, both instances admit again.
  redis.run(
      {"EVAL", "redis.call('SELECT', 2) return redis.call('DEL', ARGV[1])", "0", "api_rate_limit:register:127.0.0.1"});
  EXPECT_EQ(call(b.port(), "POST", "/register", kRegister).code, 500);
  EXPECT_EQ(call(a.port(), "POST", "/register", kRegister).code, 500);
  EXPECT_EQ(counted(), "2");
  EXPECT_EQ(a.terminate(), 0);
  EXPECT_EQ(b.terminate(), 0);
}

TEST(SharedLimitsE2E, ACaptchaDrawnByOneInstanceIsAnsweredOnTheOther) {
  if (!have_stack()) GTEST_SKIP() << "PostgreSQL 15 or redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  auto db = postgres.create_database();
  test::RedisServer redis;
  test::TempDir dir_a, dir_b;
  const std::vector<std::string> env{"RUOYI_DB_URL=" + postgres.url(db), "RUOYI_REDIS_URL=" + redis.url(2),
                                     "RUOYI_CAPTCHA_ENABLED=true", "RUOYI_JWT_SECRET=shared-secret-of-the-two"};
  ServerProcess a(dir_a.str(), test::free_port(), env);
  ASSERT_TRUE(a.wait_ready());
  ServerProcess b(dir_b.str(), test::free_port(), env);
  ASSERT_TRUE(b.wait_ready());

  auto image = call(a.port(), "GET", "/captchaImage");
  ASSERT_TRUE(image.body.at("captchaEnabled").as_bool());
  const std::string uuid(image.body.at("uuid").as_string());
  auto answer =
      redis.run({"EVAL", "redis.call('SELECT', 2) return redis.call('GET', ARGV[1])", "0", "captcha_codes:" + uuid});
  ASSERT_NE(answer, "(nil)");
  const std::string form = "username=admin&password=admin123&code=" + answer + "&uuid=" + uuid;
  auto ok = call(b.port(), "POST", "/login", form, "application/x-www-form-urlencoded");
  EXPECT_EQ(ok.code, 200) << ok.msg;
  // Used once, on B: A refuses it.
  auto again = call(a.port(), "POST", "/login", form, "application/x-www-form-urlencoded");
  EXPECT_EQ(again.code, 601);
  EXPECT_EQ(again.msg, "验证码已失效");
  EXPECT_EQ(a.terminate(), 0);
  EXPECT_EQ(b.terminate(), 0);
}
