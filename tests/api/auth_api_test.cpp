// Login, the guard (401 vs 403), logout, lockout, getInfo and getRouters through TestClient.
#include "auth/jwt.hpp"
#include "cache/cache.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class AuthApi : public test::AppTest {
protected:
  http::TestResponse as(const std::string& token, const std::string& target) {
    http::TestClient c(app().handler(), app().settled());
    if (!token.empty()) c.set_header("Authorization", "Bearer " + token);
    return c.get(target);
  }
  std::int64_t count(const std::string& sql) {
    return test::run([this, sql]() -> boost::asio::awaitable<std::int64_t> {
      db::Session s(app().database());
      auto r = co_await s.query(sql);
      co_return r.scalar_int();
    }());
  }
  // A user `limited` (id 100) with role 3 whose only menu is the user list page (perm system:user:list).
  void create_limited_user() {
    exec("INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) "
         "VALUES (3, '只读', 'readonly', 3, '1', '0', '0')");
    exec("INSERT INTO sys_role_menu (role_id, menu_id) VALUES (3, 1), (3, 100)");
    auto r = client().post("/system/user",
                           R"({"userName":"limited","nickName":"Limited","password":"secret123","deptId":105,"roleIds":[3]})");
    ASSERT_EQ(r.code(), 200) << r.body;
  }
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Backends, AuthApi, test::all_backends(), test::backend_name);

TEST_P(AuthApi, AdminLogsInByFormAndByJson) {
  auto form = form_login("admin", "admin123");
  ASSERT_EQ(form.code(), 200) << form.body;
  EXPECT_EQ(form.msg(), "登录成功");
  auto token = std::string(form.json().as_object().at("token").as_string());
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);

  http::TestClient anonymous(app().handler(), app().settled());
  auto json = anonymous.post("/login", R"({"username":"admin","password":"admin123","code":"","uuid":""})");
  ASSERT_EQ(json.code(), 200) << json.body;
  EXPECT_TRUE(json.json().as_object().contains("token"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_logininfor WHERE user_name = 'admin' AND status = '0'"), 3);  // + fixture
}

TEST_P(AuthApi, TokenCarriesTheContractsClaims) {
  auto token = std::string(form_login("admin", "admin123").json().as_object().at("token").as_string());
  auto second_dot = token.rfind('.');
  auto payload = auth::base64url_decode(token.substr(token.find('.') + 1, second_dot - token.find('.') - 1));
  auto claims = bj::parse(*payload).as_object();
  EXPECT_EQ(claims.at("user_id").as_string(), "1");  // a string, as the original signs it
  EXPECT_EQ(claims.at("user_name").as_string(), "admin");
  EXPECT_EQ(claims.at("dept_name").as_string(), "研发部门");
  EXPECT_EQ(claims.at("session_id").as_string().size(), 36u);
  EXPECT_EQ(claims.at("login_info").as_object().at("loginLocation").as_string(), "内网IP");
  EXPECT_TRUE(claims.at("exp").is_int64());
}

TEST_P(AuthApi, LoginRefusalsInTheContractsOrderAndMessages) {
  EXPECT_EQ(form_login("nobody", "admin123").msg(), "用户不存在");
  EXPECT_EQ(form_login("admin", "wrong-password").msg(), "密码错误");
  EXPECT_EQ(form_login("admin", "wrong-password").code(), 601);
  exec("UPDATE sys_user SET status = '1' WHERE user_name = 'niangao'");
  EXPECT_EQ(form_login("niangao", "admin123").msg(), "用户已停用");
  // Settings are read through the sys_config cache: changed through the API, as an admin would.
  ASSERT_EQ(client().put("/system/config", R"({"configId":6,"configValue":"10.0.0.1;127.0.0.1"})").code(), 200);
  EXPECT_EQ(form_login("admin", "admin123").msg(), "当前IP禁止登录");
  // Each attempt left a failed login-log row.
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_logininfor WHERE status = '1'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_logininfor WHERE msg = '用户已停用'"), 1);
}

TEST_P(AuthApi, EmptyAndOversizedCredentialsAreRefused) {
  EXPECT_EQ(form_login("", "x").code(), 601);
  EXPECT_EQ(form_login("admin", "").code(), 601);
  EXPECT_EQ(form_login(std::string(100, 'a'), "x").code(), 601);
  EXPECT_EQ(form_login("admin", std::string(200, 'p')).code(), 601);
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.post("/login", "{not json").code(), 601);
  EXPECT_EQ(anonymous.post("/login", R"({"username":1,"password":"x"})").code(), 601);
}

TEST_P(AuthApi, SixWrongPasswordsLockTheAccountThenEvenTheRightOneIsRefused) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(form_login("niangao", "bad-password").msg(), "密码错误") << i;
  EXPECT_EQ(form_login("niangao", "bad-password").msg(), "10分钟内密码已输错超过5次，账号已锁定，请10分钟后再试");
  EXPECT_EQ(form_login("niangao", "admin123").msg(), "账号已锁定，请稍后再试");
  EXPECT_TRUE(test::run(app().cache().exists("account_lock:niangao")));
  // Unlock (what monitor/logininfor/unlock does) and the right password works again.
  test::run(app().cache().del("account_lock:niangao"));
  EXPECT_EQ(form_login("niangao", "admin123").code(), 200);
}

TEST_P(AuthApi, SuccessfulLoginClearsTheFailureCounter) {
  for (int i = 0; i < 4; ++i) form_login("niangao", "bad-password");
  EXPECT_EQ(form_login("niangao", "admin123").code(), 200);
  EXPECT_FALSE(test::run(app().cache().exists("password_error_count:niangao")));
}

TEST_P(AuthApi, GuardAnswers401WithTheContractsMessages) {
  auto none = as("", "/system/user/list");
  EXPECT_EQ(none.status, 200u);
  EXPECT_EQ(none.code(), 401);
  EXPECT_EQ(none.msg(), "用户未登录，请先完成登录");
  EXPECT_EQ(none.json().as_object().at("data").as_string(), "");
  EXPECT_EQ(as("garbage", "/system/user/list").msg(), "用户token已失效，请重新登录");

  auto token = std::string(form_login("admin", "admin123").json().as_object().at("token").as_string());
  auto claims = bj::parse(*auth::base64url_decode(token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1))).as_object();
  // Signed with another secret.
  EXPECT_EQ(as(auth::sign_jwt(claims, "another-secret"), "/getInfo").msg(), "用户token已失效，请重新登录");
  // Expired (right secret, exp in the past): forged through the server's own signer is not
  // possible from outside, so re-sign with the configured secret.
  auto config = base_config();
  config.jwt_secret = "test-secret";
  start(config);
  token = std::string(form_login("admin", "admin123").json().as_object().at("token").as_string());
  claims = bj::parse(*auth::base64url_decode(token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1))).as_object();
  auto expired = claims;
  expired["exp"] = 1000;
  EXPECT_EQ(as(auth::sign_jwt(expired, "test-secret"), "/getInfo").msg(), "用户token已失效，请重新登录");
  auto no_user = claims;
  no_user.erase("user_id");
  EXPECT_EQ(as(auth::sign_jwt(no_user, "test-secret"), "/getInfo").msg(), "用户token不合法");
  // A validly signed token whose session is gone (logged out elsewhere, TTL lapsed).
  auto other_session = claims;
  other_session["session_id"] = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(as(auth::sign_jwt(other_session, "test-secret"), "/getInfo").msg(), "用户token已失效，请重新登录");
  EXPECT_EQ(as(token, "/getInfo").code(), 200);
}

TEST_P(AuthApi, DisabledOrDeletedUserLosesTheSessionAtTheNextRequest) {
  auto token = std::string(form_login("niangao", "admin123").json().as_object().at("token").as_string());
  EXPECT_EQ(as(token, "/getInfo").code(), 200);
  exec("UPDATE sys_user SET status = '1' WHERE user_name = 'niangao'");
  EXPECT_EQ(as(token, "/getInfo").msg(), "用户token不合法");
  exec("UPDATE sys_user SET status = '0', del_flag = '2' WHERE user_name = 'niangao'");
  EXPECT_EQ(as(token, "/getInfo").msg(), "用户token不合法");
}

TEST_P(AuthApi, LogoutEndsTheSessionAndNeverFails) {
  auto token = std::string(form_login("admin", "admin123").json().as_object().at("token").as_string());
  http::TestClient c(app().handler(), app().settled());
  c.set_header("Authorization", "Bearer " + token);
  EXPECT_EQ(c.get("/getInfo").code(), 200);
  auto out = c.post("/logout", "");
  EXPECT_EQ(out.code(), 200);
  EXPECT_EQ(out.msg(), "退出成功");
  EXPECT_EQ(c.get("/getInfo").code(), 401);
  EXPECT_EQ(c.post("/logout", "").code(), 200);  // again, with a dead session
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.post("/logout", "").code(), 200);  // without any token
}

TEST_P(AuthApi, LimitedRoleGets403WhereItLacksThePermission) {
  create_limited_user();
  auto token = std::string(form_login("limited", "secret123").json().as_object().at("token").as_string());
  EXPECT_EQ(as(token, "/system/user/list").code(), 200);
  auto denied = as(token, "/system/user/1");  // needs system:user:query
  EXPECT_EQ(denied.code(), 403);
  EXPECT_EQ(denied.msg(), "该用户无此接口权限");
  http::TestClient c(app().handler(), app().settled());
  c.set_header("Authorization", "Bearer " + token);
  auto add = c.post("/system/user", R"({"userName":"x","nickName":"x","password":"secret123"})");
  EXPECT_EQ(add.code(), 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_user WHERE user_name = 'x'"), 0);
  // Role changes apply from the next request.
  exec("INSERT INTO sys_role_menu (role_id, menu_id) VALUES (3, 1000)");
  EXPECT_EQ(as(token, "/system/user/1").code(), 200);
}

TEST_P(AuthApi, GetInfoForAdminAndForALimitedUser) {
  auto admin = client().get("/getInfo").json().as_object();
  EXPECT_EQ(admin.at("code").as_int64(), 200);
  EXPECT_EQ(admin.at("permissions").as_array(), bj::array({"*:*:*"}));
  EXPECT_EQ(admin.at("roles").as_array(), bj::array({"admin"}));
  auto& user = admin.at("user").as_object();
  EXPECT_EQ(user.at("userName").as_string(), "admin");
  EXPECT_TRUE(user.at("admin").as_bool());
  EXPECT_EQ(user.at("roleIds").as_string(), "1");
  EXPECT_EQ(user.at("dept").as_object().at("deptName").as_string(), "研发部门");
  EXPECT_FALSE(user.contains("password"));
  EXPECT_EQ(admin.at("pwdChrtype").as_string(), "0");
  EXPECT_FALSE(admin.at("isDefaultModifyPwd").as_bool());  // the seed sets pwd_update_date
  EXPECT_FALSE(admin.at("isPasswordExpired").as_bool());

  create_limited_user();
  auto token = std::string(form_login("limited", "secret123").json().as_object().at("token").as_string());
  auto limited = as(token, "/getInfo").json().as_object();
  EXPECT_EQ(limited.at("roles").as_array(), bj::array({"readonly"}));
  EXPECT_EQ(limited.at("permissions").as_array(), bj::array({"system:user:list"}));
  EXPECT_TRUE(limited.at("isDefaultModifyPwd").as_bool());  // new user, never changed the password
}

TEST_P(AuthApi, GetRoutersForAdminFollowsTheSeed) {
  auto body = client().get("/getRouters").json().as_object();
  ASSERT_EQ(body.at("code").as_int64(), 200);
  auto& top = body.at("data").as_array();
  ASSERT_EQ(top.size(), 3u);
  auto& system = top[0].as_object();
  EXPECT_EQ(system.at("name").as_string(), "System");
  EXPECT_EQ(system.at("path").as_string(), "/system");
  EXPECT_EQ(system.at("component").as_string(), "Layout");
  EXPECT_TRUE(system.at("alwaysShow").as_bool());
  EXPECT_EQ(system.at("redirect").as_string(), "noRedirect");
  EXPECT_FALSE(system.at("hidden").as_bool());
  EXPECT_EQ(system.at("meta").as_object().at("title").as_string(), "系统管理");
  // Key order as the contract lists it.
  std::vector<std::string> keys;
  for (auto& kv : system) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "path", "hidden", "redirect", "component", "query", "alwaysShow",
                                            "meta", "children"}));
  auto& children = system.at("children").as_array();
  ASSERT_EQ(children.size(), 9u);
  auto& user = children[0].as_object();
  EXPECT_EQ(user.at("name").as_string(), "User");
  EXPECT_EQ(user.at("path").as_string(), "user");
  EXPECT_EQ(user.at("component").as_string(), "system/user/index");
  EXPECT_FALSE(user.contains("children"));
  auto& log = children[8].as_object();
  EXPECT_EQ(log.at("name").as_string(), "Log");
  EXPECT_EQ(log.at("component").as_string(), "ParentView");
  EXPECT_EQ(log.at("children").as_array()[0].as_object().at("name").as_string(), "Operlog");
  EXPECT_EQ(log.at("children").as_array()[1].as_object().at("name").as_string(), "Logininfor");
  EXPECT_EQ(top[1].as_object().at("name").as_string(), "Monitor");
  EXPECT_EQ(top[1].as_object().at("children").as_array()[0].as_object().at("name").as_string(), "Online");
  auto& link = top[2].as_object();
  EXPECT_EQ(link.at("name").as_string(), "Http://ruoyi.vip");
  EXPECT_EQ(link.at("path").as_string(), "http://ruoyi.vip");
  EXPECT_EQ(link.at("component").as_string(), "Layout");
  EXPECT_EQ(link.at("meta").as_object().at("link").as_string(), "http://ruoyi.vip");
}

TEST_P(AuthApi, GetRoutersForALimitedUserShowsOnlyItsMenus) {
  create_limited_user();
  auto token = std::string(form_login("limited", "secret123").json().as_object().at("token").as_string());
  auto top = as(token, "/getRouters").json().as_object().at("data").as_array();
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].as_object().at("children").as_array().size(), 1u);
}

TEST_P(AuthApi, PublicShellRoutesNeedNoToken) {
  http::TestClient anonymous(app().handler(), app().settled());
  auto captcha = anonymous.get("/captchaImage").json().as_object();
  EXPECT_EQ(captcha.at("code").as_int64(), 200);
  EXPECT_FALSE(captcha.at("captchaEnabled").as_bool());  // the fixture forces the gate off
  EXPECT_FALSE(captcha.at("registerEnabled").as_bool());
  auto crypto = anonymous.get("/transport/crypto/frontend-config").json().as_object();
  EXPECT_FALSE(crypto.at("data").as_object().at("transportCryptoEnabled").as_bool());
  EXPECT_EQ(crypto.at("data").as_object().at("transportCryptoMode").as_string(), "off");
}

TEST_P(AuthApi, HealthAndReadinessArePublic) {
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.get("/health").code(), 200);
  auto ready = anonymous.get("/ready");
  EXPECT_EQ(ready.status, 200u);
  EXPECT_TRUE(ready.json().as_object().at("data").as_object().at("database").as_bool());
  EXPECT_TRUE(ready.json().as_object().at("data").as_object().at("cache").as_bool());
}

TEST_P(AuthApi, DictionaryAndConfigReadsComeFromTheCache) {
  auto sexes = client().get("/system/dict/data/type/sys_user_sex").json().as_object();
  ASSERT_EQ(sexes.at("code").as_int64(), 200);
  auto& rows = sexes.at("data").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].as_object().at("dictLabel").as_string(), "男");
  EXPECT_EQ(rows[0].as_object().at("dictValue").as_string(), "0");
  EXPECT_EQ(client().get("/system/dict/data/type/no_such_type").json().as_object().at("data").as_array().size(), 0u);
  EXPECT_EQ(client().get("/system/config/configKey/sys.user.initPassword").msg(), "123456");
  EXPECT_TRUE(client().get("/system/config/configKey/no.such.key").json().as_object().at("msg").is_null());
  // Loaded at start: the cache answers even when the database row changes behind its back (the
  // config write endpoints rewrite the key; a raw UPDATE does not).
  test::run([this]() -> boost::asio::awaitable<void> {
    db::Session s(app().database());
    co_await s.execute("UPDATE sys_config SET config_value = '654321' WHERE config_key = 'sys.user.initPassword'");
  }());
  EXPECT_EQ(client().get("/system/config/configKey/sys.user.initPassword").msg(), "123456");
  EXPECT_TRUE(test::run(app().cache().exists("sys_dict:sys_normal_disable")));
}
