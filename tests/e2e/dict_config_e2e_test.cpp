// Two real ruoyi-server processes on one PostgreSQL database and one Redis, as production runs
// them behind a balancer: a dictionary or parameter written through instance A is what instance B
// serves at its very next read (the `sys_dict:{type}` / `sys_config:{key}` keys live in Redis and
// every write rewrites them), and a setting the server reads (the login IP blacklist) changed on A
// applies to the next login on B.
#include "e2e/server_process.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <string>
#include <vector>

using namespace ruoyi;
using test::ServerProcess;
namespace bj = boost::json;

namespace {

bj::object call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                const std::string& auth) {
  auto r = test::http_request(port, method, target, body, "application/json", auth);
  if (!r) return {};
  boost::system::error_code ec;
  auto json = bj::parse(r->body, ec);
  if (ec || !json.is_object()) return {};
  return json.as_object();
}

std::int64_t code(const bj::object& reply) {
  const auto* c = reply.if_contains("code");
  return c && c->is_int64() ? c->as_int64() : -1;
}

// "Authorization: Bearer …\r\n", or empty when the login did not succeed (with its reply in `why`).
std::string login(std::uint16_t port, std::string* why = nullptr) {
  auto r = test::http_request(port, "POST", "/login", "username=admin&password=admin123",
                              "application/x-www-form-urlencoded");
  if (!r) return {};
  if (why) *why = r->body;
  boost::system::error_code ec;
  auto json = bj::parse(r->body, ec);
  if (ec || !json.is_object() || !json.as_object().contains("token")) return {};
  return "Authorization: Bearer " + std::string(json.as_object().at("token").as_string()) + "\r\n";
}

std::vector<std::string> labels(std::uint16_t port, const std::string& auth, const std::string& type) {
  auto reply = call(port, "GET", "/system/dict/data/type/" + type, "", auth);
  std::vector<std::string> out;
  if (const auto* data = reply.if_contains("data"); data && data->is_array())
    for (const auto& row : data->as_array()) out.emplace_back(row.as_object().at("dictLabel").as_string());
  return out;
}

std::string config_value(std::uint16_t port, const std::string& auth, const std::string& key) {
  auto reply = call(port, "GET", "/system/config/configKey/" + key, "", auth);
  const auto* msg = reply.if_contains("msg");
  return msg && msg->is_string() ? std::string(msg->as_string()) : "<null>";
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(DictConfigE2E, AWriteThroughOneInstanceIsServedByTheOtherAtItsNextRead) {
  if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  if (std::system("command -v redis-server >/dev/null 2>&1") != 0) GTEST_SKIP() << "redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  test::RedisServer redis;
  test::TempDir dir_a, dir_b;
  const std::vector<std::string> shared{"RUOYI_DB_URL=" + postgres.url(postgres.create_database()),
                                        "RUOYI_REDIS_URL=" + redis.url(2),
                                        "RUOYI_JWT_SECRET=dict-config-e2e-shared-secret"};
  ServerProcess a(dir_a.str(), test::free_port(), shared);
  ASSERT_TRUE(a.wait_ready());
  ServerProcess b(dir_b.str(), test::free_port(), shared);  // migrations already applied by A
  ASSERT_TRUE(b.wait_ready());
  auto auth_a = login(a.port());
  auto auth_b = login(b.port());
  ASSERT_FALSE(auth_a.empty());
  ASSERT_FALSE(auth_b.empty());

  // B has served (and so cached) both before A writes.
  ASSERT_EQ(labels(b.port(), auth_b, "sys_user_sex"), (Strings{"男", "女", "未知"}));
  ASSERT_EQ(config_value(b.port(), auth_b, "sys.index.skinName"), "skin-blue");

  // Dict data: add, edit, delete on A; B's next read shows each.
  auto added = call(a.port(), "POST", "/system/dict/data",
                    R"({"dictType":"sys_user_sex","dictLabel":"保密","dictValue":"3","dictSort":4})", auth_a);
  ASSERT_EQ(code(added), 200) << bj::serialize(added);
  EXPECT_EQ(labels(b.port(), auth_b, "sys_user_sex"), (Strings{"男", "女", "未知", "保密"}));
  auto edited = call(a.port(), "PUT", "/system/dict/data", R"({"dictCode":1,"dictLabel":"男性"})", auth_a);
  ASSERT_EQ(code(edited), 200) << bj::serialize(edited);
  EXPECT_EQ(labels(b.port(), auth_b, "sys_user_sex"), (Strings{"男性", "女", "未知", "保密"}));
  ASSERT_EQ(code(call(a.port(), "DELETE", "/system/dict/data/2", "", auth_a)), 200);
  EXPECT_EQ(labels(b.port(), auth_b, "sys_user_sex"), (Strings{"男性", "未知", "保密"}));
  // A renamed type: B serves the data under its new name at once.
  ASSERT_EQ(code(call(a.port(), "PUT", "/system/dict/type", R"({"dictId":1,"dictType":"sys_gender"})", auth_a)), 200);
  EXPECT_EQ(labels(b.port(), auth_b, "sys_gender"), (Strings{"男性", "未知", "保密"}));
  EXPECT_EQ(labels(b.port(), auth_b, "sys_user_sex"), Strings{});

  // Config: edit and add on A; B's next read shows each.
  auto set = call(a.port(), "PUT", "/system/config", R"({"configId":1,"configValue":"skin-red"})", auth_a);
  ASSERT_EQ(code(set), 200) << bj::serialize(set);
  EXPECT_EQ(config_value(b.port(), auth_b, "sys.index.skinName"), "skin-red");
  ASSERT_EQ(code(call(a.port(), "POST", "/system/config",
                      R"({"configName":"主题","configKey":"app.theme","configValue":"dark"})", auth_a)),
            200);
  EXPECT_EQ(config_value(b.port(), auth_b, "app.theme"), "dark");

  // A setting the server reads: the IP blacklist written on A refuses the next login on B.
  ASSERT_EQ(code(call(a.port(), "PUT", "/system/config", R"({"configId":6,"configValue":"127.0.0.1"})", auth_a)), 200);
  std::string why;
  EXPECT_TRUE(login(b.port(), &why).empty());
  EXPECT_NE(why.find("当前IP禁止登录"), std::string::npos) << why;
  ASSERT_EQ(code(call(b.port(), "PUT", "/system/config", R"({"configId":6,"configValue":"10.9.9.9"})", auth_b)), 200);
  EXPECT_FALSE(login(a.port()).empty());

  EXPECT_EQ(a.terminate(), 0);
  EXPECT_EQ(b.terminate(), 0);
}
