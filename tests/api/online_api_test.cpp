// /monitor/online (API.md §3.5): the sessions of the session store, read by SCAN (also against a
// redis-server whose KEYS is renamed away), undecodable entries skipped; a force logout ends the
// session at its next request, leaves the others, and is logged as 强退 (7).
#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "monitor/online/online_controller.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <chrono>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class OnlineApi : public test::AppTest {
 protected:
  std::unique_ptr<http::TestClient> as(const std::string& user, const std::string& password,
                                       const std::string& agent = "") {
    auto c = std::make_unique<http::TestClient>(app().handler(), app().settled());
    http::TestClient anonymous(app().handler(), app().settled());
    if (!agent.empty()) anonymous.set_header("User-Agent", agent);
    auto r =
        anonymous.post("/login", "username=" + user + "&password=" + password, "application/x-www-form-urlencoded");
    c->set_header("Authorization", "Bearer " + std::string(r.json().at("token").as_string()));
    return c;
  }
  bj::array rows(const std::string& query = "") {
    auto r = client().get("/monitor/online/list" + query);
    EXPECT_EQ(r.code(), 200) << r.body;
    auto body = r.json().as_object();
    EXPECT_FALSE(body.contains("pageNum"));
    EXPECT_EQ(body.at("total").as_int64(), static_cast<std::int64_t>(body.at("rows").as_array().size()));
    return body.at("rows").as_array();
  }
  std::vector<std::string> names(const bj::array& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.emplace_back(r.at("userName").as_string());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string token_of(const bj::array& rows, const std::string& user) {
    for (const auto& r : rows)
      if (r.at("userName").as_string() == user) return std::string(r.at("tokenId").as_string());
    return {};
  }
  void put(const std::string& key, const std::string& value) {
    test::run(app().cache().set(key, value, std::chrono::seconds(600)));
  }
  bool has(const std::string& key) { return test::run(app().cache().exists(key)); }
};

const std::string kChrome =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, OnlineApi, test::all_backends(), test::backend_name);

TEST_P(OnlineApi, ListsEverySessionOfTheStoreAndSkipsWhatIsNotOne) {
  auto niangao = as("niangao", "admin123", kChrome);
  // Not sessions of ours: garbage, a token signed with another secret, an empty value.
  put("access_token:junk", "not a jwt");
  put("access_token:forged", auth::sign_jwt(bj::object{{"user_id", "1"}, {"user_name", "admin"}}, "other-secret"));
  put("access_token:empty", "");
  put("access_tokens:x", "near miss of the prefix");

  auto all = rows();
  EXPECT_EQ(names(all), (std::vector<std::string>{"admin", "niangao"}));
  for (const auto& r : all) {
    auto id = std::string(r.at("tokenId").as_string());
    EXPECT_TRUE(has("access_token:" + id)) << id;
    for (const char* key : {"deptName", "ipaddr", "loginLocation", "browser", "os", "loginTime"})
      EXPECT_TRUE(r.as_object().contains(key)) << key;
  }
  const auto& n = *std::find_if(all.begin(), all.end(), [](const auto& r) { return r.at("userName") == "niangao"; });
  EXPECT_EQ(n.at("deptName").as_string(), "测试部门");
  EXPECT_EQ(n.at("ipaddr").as_string(), "127.0.0.1");
  EXPECT_EQ(n.at("loginLocation").as_string(), "内网IP");
  EXPECT_NE(std::string(n.at("browser").as_string()).find("Chrome"), std::string::npos);
  EXPECT_EQ(n.at("os").as_string(), "Windows 10");
  EXPECT_EQ(n.at("loginTime").as_string().size(), 19u);
  EXPECT_EQ(n.at("loginTime").as_string()[10], 'T');

  // Filters are exact.
  EXPECT_EQ(names(rows("?userName=niangao")), (std::vector<std::string>{"niangao"}));
  EXPECT_TRUE(rows("?userName=niang").empty());
  EXPECT_EQ(rows("?ipaddr=127.0.0.1").size(), 2u);
  EXPECT_TRUE(rows("?ipaddr=127.0.0").empty());
  EXPECT_EQ(rows("?userName=").size(), 2u);  // empty = absent
}

TEST_P(OnlineApi, ForceLogoutEndsThoseSessionsAtTheirNextRequest) {
  auto first = as("niangao", "admin123");
  auto second = as("niangao", "admin123");
  ASSERT_EQ(first->get("/getInfo").code(), 200);
  auto before = rows("?userName=niangao");
  ASSERT_EQ(before.size(), 2u);
  auto a = std::string(before[0].at("tokenId").as_string());
  auto b = std::string(before[1].at("tokenId").as_string());

  // A malformed id refuses the whole request: nothing is dropped.
  for (const std::string& bad :
       std::vector<std::string>{a + ",*", a + ",", "a b", a + ",access_token:x", std::string(65, 'a')}) {
    auto r = client().del("/monitor/online/" + bad);
    EXPECT_EQ(r.code(), 601) << bad << ": " << r.body;
    EXPECT_EQ(r.msg(), "参数tokenIds取值错误") << bad;
  }
  EXPECT_EQ(rows("?userName=niangao").size(), 2u);

  auto r = client().del("/monitor/online/" + a + "," + b + ",no-such-session");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "强退成功");
  EXPECT_FALSE(has("access_token:" + a));
  EXPECT_FALSE(has("access_token:" + b));
  for (auto* c : {first.get(), second.get()}) {
    auto after = c->get("/getInfo");
    EXPECT_EQ(after.code(), 401) << after.body;
    EXPECT_EQ(after.msg(), "用户token已失效，请重新登录");
  }
  // The caller's own session and the list are untouched by the others' logout.
  EXPECT_EQ(names(rows()), (std::vector<std::string>{"admin"}));
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '在线用户' AND business_type = 7 AND status = 0"), 1);
}

TEST_P(OnlineApi, EachRouteNeedsItsPermission) {
  static const std::string hash = auth::hash_password_blocking("secret123", 4);
  exec(
      "INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) VALUES (50, "
      "'r50', 'r50', 50, '1', '0', '0')");
  exec(
      "INSERT INTO sys_role_menu (role_id, menu_id) SELECT 50, menu_id FROM sys_menu WHERE perms = "
      "'monitor:online:list'");
  exec(
      "INSERT INTO sys_user (dept_id, user_name, nick_name, password, status, del_flag) VALUES (103, 'viewer', "
      "'viewer', '" +
      hash + "', '0', '0')");
  exec("INSERT INTO sys_user_role (user_id, role_id) SELECT user_id, 50 FROM sys_user WHERE user_name = 'viewer'");
  auto viewer = as("viewer", "secret123");
  auto listed = viewer->get("/monitor/online/list");
  ASSERT_EQ(listed.code(), 200) << listed.body;
  auto admin_token = token_of(listed.json().at("rows").as_array(), "admin");
  ASSERT_FALSE(admin_token.empty());
  auto denied = viewer->del("/monitor/online/" + admin_token);
  EXPECT_EQ(denied.code(), 403);
  EXPECT_EQ(denied.msg(), "该用户无此接口权限");
  EXPECT_TRUE(has("access_token:" + admin_token));
  EXPECT_EQ(client().get("/getInfo").code(), 200);
}

// The list never needs KEYS: against a redis-server where KEYS does not exist it still works.
TEST(OnlineRedis, ListsSessionsWhenKeysIsRenamedAway) {
  if (!test::redis_available()) GTEST_SKIP() << "redis-server not installed";
  test::RedisServer redis({"--rename-command", "KEYS", ""});
  ASSERT_NE(redis.run({"KEYS", "*"}).find("unknown command"), std::string::npos) << "KEYS is still there";
  test::TempDir dir;
  auto config = test::test_config(dir);
  config.redis_url = redis.url();
  app::Application app(config);
  http::TestClient anonymous(app.handler(), app.settled());
  std::vector<std::string> tokens;
  for (const char* user : {"admin", "niangao", "admin"}) {
    auto r = anonymous.post("/login", std::string("username=") + user + "&password=admin123",
                            "application/x-www-form-urlencoded");
    ASSERT_EQ(r.code(), 200) << r.body;
    tokens.emplace_back(r.json().at("token").as_string());
  }
  // More keys than one SCAN step returns (COUNT 200): the cursor is followed to its end.
  for (int i = 0; i < 500; ++i) redis.run({"SET", "sys_other:" + std::to_string(i), "x"});
  redis.run({"RPUSH", "access_token:a-list", "x"});  // not a string: skipped, not an error
  http::TestClient admin(app.handler(), app.settled());
  admin.set_header("Authorization", "Bearer " + tokens[0]);
  auto r = admin.get("/monitor/online/list");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.json().at("total").as_int64(), 3);
  auto niangao = admin.get("/monitor/online/list?userName=niangao").json().at("rows").as_array();
  ASSERT_EQ(niangao.size(), 1u);
  auto id = std::string(niangao[0].at("tokenId").as_string());
  EXPECT_EQ(redis.run({"EXISTS", "access_token:" + id}), "1");
  EXPECT_EQ(admin.del("/monitor/online/" + id).msg(), "强退成功");
  EXPECT_EQ(redis.run({"EXISTS", "access_token:" + id}), "0");
  EXPECT_EQ(admin.get("/monitor/online/list").json().at("total").as_int64(), 2);
}
