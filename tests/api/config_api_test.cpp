// /system/config (API.md §3.3, §3.4): list, get, add, edit, remove (built-in ones kept), export,
// refreshCache; every rule with its message and nothing written on a refusal; the cached
// GET /system/config/configKey/{key} shows every write at the next read; and the settings the
// server reads (IP blacklist, captcha and register switches, chrtype, init password, password
// validity) take effect on the request after their write.
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/config/config_controller.hpp"
#include "system/config/config_model.hpp"
#include "system/config/config_reader.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <functional>
#include <map>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class ConfigApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    return r.rows.empty() ? std::string() : std::get<std::string>(r.rows[0][0]);
  }
  std::string configs() { return test::tables_text(app(), {"SELECT * FROM sys_config ORDER BY config_id"}); }
  // The shell's cached read: the value in `msg`, "<null>" for an unknown key.
  std::string value_of(const std::string& key) {
    auto r = client().get("/system/config/configKey/" + key);
    EXPECT_EQ(r.code(), 200) << r.body;
    auto json = r.json();
    const auto& msg = json.at("msg");
    return msg.is_null() ? "<null>" : std::string(msg.as_string());
  }
  // PUT /system/config of one parameter's value, by id.
  void set_config(std::int64_t id, const std::string& value) {
    bj::object body{{"configId", id}, {"configValue", value}};
    auto r = client().put("/system/config", bj::serialize(body));
    ASSERT_EQ(r.code(), 200) << r.body;
  }
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return configs(); }, what, code, msg, send, test::Msg::unless_empty);
  }
};

using Strings = std::vector<std::string>;
using test::column;

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, ConfigApi, test::all_backends(), test::backend_name);

TEST(ConfigResource, EveryKeyIsAMemberOfConfigOrConfigBody) {
  auto problems =
      web::key_problems<system::config::Config, system::config::ConfigBody>(system::config::config_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_P(ConfigApi, ListFiltersPagesAndOrdersById) {
  auto all = client().get("/system/config/list").json().as_object();
  ASSERT_EQ(all.at("code").as_int64(), 200) << all;
  EXPECT_EQ(all.at("total").as_int64(), 9);
  EXPECT_EQ(column(all.at("rows"), "configId"), (Strings{"1", "2", "3", "4", "5", "6", "7", "8", "10"}));
  EXPECT_FALSE(all.at("hasNext").as_bool());
  auto paged = client().get("/system/config/list?pageNum=3&pageSize=4").json().as_object();
  EXPECT_EQ(column(paged.at("rows"), "configId"), (Strings{"10"}));
  const auto& second = all.at("rows").as_array().at(1).as_object();
  EXPECT_EQ(second.at("configKey").as_string(), "sys.user.initPassword");
  EXPECT_EQ(second.at("configValue").as_string(), "123456");
  EXPECT_EQ(second.at("configType").as_string(), "Y");
  for (const char* key : {"configName", "createBy", "createTime", "updateBy", "updateTime", "remark"})
    EXPECT_TRUE(second.contains(key)) << key;

  EXPECT_EQ(column(client().get("/system/config/list?configKey=account").json().at("rows"), "configId"),
            (Strings{"4", "5", "7", "8", "10"}));
  // 密码
  EXPECT_EQ(column(client().get("/system/config/list?configName=%E5%AF%86%E7%A0%81").json().at("rows"), "configId"),
            (Strings{"2", "7", "8", "10"}));
  EXPECT_EQ(client().get("/system/config/list?configType=N").json().at("total").as_int64(), 0);
  EXPECT_EQ(client().get("/system/config/list?configType=Y").json().at("total").as_int64(), 9);
  exec("UPDATE sys_config SET create_time = '2021-03-04 23:59:59' WHERE config_id = 5");
  EXPECT_EQ(
      column(client().get("/system/config/list?beginTime=2021-03-04&endTime=2021-03-04").json().at("rows"), "configId"),
      (Strings{"5"}));
  auto bad = client().get("/system/config/list?configType=y");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数configType取值错误");
}

TEST_P(ConfigApi, GetReturnsTheRowAndRefusesAnUnknownId) {
  auto r = client().get("/system/config/4");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.json().at("data").at("configKey").as_string(), "sys.account.captchaEnabled");
  EXPECT_EQ(r.json().at("data").at("configValue").as_string(), "true");
  auto unknown = client().get("/system/config/9");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "参数不存在");
  EXPECT_EQ(client().get("/system/config/-1").code(), 601);
}

TEST_P(ConfigApi, WritesAreServedByTheNextCachedRead) {
  EXPECT_EQ(value_of("app.theme"), "<null>");
  auto r = client().post("/system/config",
                         R"({"configName":"主题","configKey":"app.theme","configValue":"dark","remark":"r"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(text("SELECT config_type FROM sys_config WHERE config_key = 'app.theme'"), "N");  // column default
  EXPECT_EQ(text("SELECT create_by FROM sys_config WHERE config_key = 'app.theme'"), "admin");
  EXPECT_EQ(value_of("app.theme"), "dark");
  const auto id = std::to_string(scalar("SELECT config_id FROM sys_config WHERE config_key = 'app.theme'"));

  r = client().put("/system/config", R"({"configId":)" + id + R"(,"configValue":"light"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT config_name FROM sys_config WHERE config_id = " + id), "主题");  // untouched
  EXPECT_EQ(text("SELECT update_by FROM sys_config WHERE config_id = " + id), "admin");
  EXPECT_EQ(value_of("app.theme"), "light");

  // Renamed: the old key is gone, the new one serves the value.
  ASSERT_EQ(client().put("/system/config", R"({"configId":)" + id + R"(,"configKey":"app.skin"})").code(), 200);
  EXPECT_EQ(value_of("app.theme"), "<null>");
  EXPECT_EQ(value_of("app.skin"), "light");
  EXPECT_FALSE(test::run(app().cache().exists("sys_config:app.theme")));

  // The reads come from the cache: a raw UPDATE is not seen, the key the writes left is.
  exec("UPDATE sys_config SET config_value = 'raw' WHERE config_id = " + id);
  EXPECT_EQ(value_of("app.skin"), "light");

  r = client().del("/system/config/" + id);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_config WHERE config_id = " + id), 0);
  EXPECT_EQ(value_of("app.skin"), "<null>");
  EXPECT_FALSE(test::run(app().cache().exists("sys_config:app.skin")));
}

TEST_P(ConfigApi, DuplicateKeysAreRefused) {
  expect_refused("add", 500, "新增参数皮肤失败，参数键名已存在", [&] {
    return client().post("/system/config",
                         R"({"configName":"皮肤","configKey":"sys.index.skinName","configValue":"x"})");
  });
  expect_refused("edit", 500, "修改参数主框架页-默认皮肤样式名称失败，参数键名已存在",
                 [&] { return client().put("/system/config", R"({"configId":1,"configKey":"sys.index.sideTheme"})"); });
  EXPECT_EQ(client().put("/system/config", R"({"configId":1,"configKey":"sys.index.skinName"})").code(), 200);
  expect_refused("unknown", 500, "参数不存在",
                 [&] { return client().put("/system/config", R"({"configId":99,"configValue":"x"})"); });
  expect_refused("no id", 601, "参数ID不能为空",
                 [&] { return client().put("/system/config", R"({"configValue":"x"})"); });
  EXPECT_EQ(value_of("sys.index.skinName"), "skin-blue");
}

TEST_P(ConfigApi, BuiltInParametersAreNotDeleted) {
  ASSERT_EQ(client().post("/system/config", R"({"configName":"临时","configKey":"app.tmp","configValue":"1"})").code(),
            200);
  const auto id = std::to_string(scalar("SELECT config_id FROM sys_config WHERE config_key = 'app.tmp'"));
  // The whole request is refused: app.tmp stays too.
  expect_refused("built-in", 500, "内置参数sys.index.skinName不能删除",
                 [&] { return client().del("/system/config/" + id + ",1"); });
  EXPECT_EQ(value_of("app.tmp"), "1");
  // Made not built-in, it can go.
  ASSERT_EQ(client().put("/system/config", R"({"configId":1,"configType":"N"})").code(), 200);
  EXPECT_EQ(client().del("/system/config/1," + id).code(), 200);
  EXPECT_EQ(value_of("sys.index.skinName"), "<null>");
  EXPECT_EQ(value_of("app.tmp"), "<null>");
  expect_refused("bad ids", 601, "参数configIds必须是正整数", [&] { return client().del("/system/config/x"); });
}

TEST_P(ConfigApi, InvalidFieldsAre601AndWriteNothing) {
  const std::string k101(101, 'k');
  const std::string v501(501, 'v');
  std::string v500;
  for (int i = 0; i < 500; ++i) v500 += "值";
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"no name", {R"({"configKey":"k","configValue":"v"})", "参数名称不能为空"}},
      {"no key", {R"({"configName":"n","configValue":"v"})", "参数键名不能为空"}},
      {"empty key", {R"({"configName":"n","configKey":"","configValue":"v"})", "参数键名不能为空"}},
      {"no value", {R"({"configName":"n","configKey":"k"})", "参数键值不能为空"}},
      {"long key",
       {R"({"configName":"n","configKey":")" + k101 + R"(","configValue":"v"})", "参数键名长度不能超过100个字符"}},
      {"long value",
       {R"({"configName":"n","configKey":"k","configValue":")" + v501 + R"("})", "参数键值长度不能超过500个字符"}},
      {"bad type",
       {R"({"configName":"n","configKey":"k","configValue":"v","configType":"X"})", "参数configType取值错误"}},
      {"value not a string",
       {R"({"configName":"n","configKey":"k","configValue":5})", "参数configValue类型错误，应为字符串"}},
      {"malformed", {R"({"configName":"n")", ""}},
      {"not an object", {R"("x")", ""}},
  };
  for (const auto& [what, body_msg] : adds)
    expect_refused(what, 601, body_msg.second, [&] { return client().post("/system/config", body_msg.first); });
  expect_refused("edit empty value", 601, "参数键值不能为空",
                 [&] { return client().put("/system/config", R"({"configId":2,"configValue":""})"); });
  EXPECT_EQ(value_of("sys.user.initPassword"), "123456");
  // 500 characters of 3 bytes each fit: lengths count characters.
  auto ok = client().post("/system/config", R"({"configName":"n","configKey":"k","configValue":")" + v500 + R"("})");
  EXPECT_EQ(ok.code(), 200) << ok.body;
  EXPECT_EQ(value_of("k"), v500);
}

TEST_P(ConfigApi, RefreshCacheReloadsEveryParameterFromTheDatabase) {
  exec("UPDATE sys_config SET config_value = '654321' WHERE config_key = 'sys.user.initPassword'");
  EXPECT_EQ(value_of("sys.user.initPassword"), "123456");
  test::run(app().cache().set("sys_config:ghost", "boo"));
  auto r = client().del("/system/config/refreshCache");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "刷新成功");
  EXPECT_EQ(value_of("sys.user.initPassword"), "654321");
  EXPECT_EQ(value_of("ghost"), "<null>");
}

TEST_P(ConfigApi, ExportIsAnXlsxOfTheFilteredList) {
  auto r = client().post("/system/config/export", "configKey=index", "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, files::kXlsxContentType);
  EXPECT_NE(r.headers.get("Content-Disposition").value_or("").find("attachment; filename=config_"), std::string::npos);
  auto sheet = files::read_xlsx(r.body);
  EXPECT_EQ(sheet.header, (Strings{"参数主键", "参数名称", "参数键名", "参数键值", "系统内置"}));
  ASSERT_EQ(sheet.rows.size(), 2u);
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "sys.index.skinName");
  EXPECT_EQ(files::to_text(sheet.rows[0][3]), "skin-blue");
  EXPECT_EQ(files::to_text(sheet.rows[0][4]), "是");
  EXPECT_EQ(files::to_text(sheet.rows[1][2]), "sys.index.sideTheme");
}

// --- the settings the server reads, each changed through the API and applied at the next request

TEST_P(ConfigApi, TheIpBlacklistAppliesToTheNextLogin) {
  set_config(6, "10.0.0.1;127.0.0.1");
  auto refused = form_login("admin", "admin123");
  EXPECT_EQ(refused.code(), 601);
  EXPECT_EQ(refused.msg(), "当前IP禁止登录");
  set_config(6, "10.0.0.1");
  EXPECT_EQ(form_login("admin", "admin123").code(), 200);
}

TEST_P(ConfigApi, ChrtypeAppliesToGetInfoAndTheNextPasswordCheck) {
  ASSERT_EQ(client().get("/getInfo").json().at("pwdChrtype").as_string(), "0");
  set_config(10, "3");
  EXPECT_EQ(client().get("/getInfo").json().at("pwdChrtype").as_string(), "3");
  auto r = client().post("/system/user", R"({"userName":"digits","nickName":"d","password":"123456"})");
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "密码必须同时包含字母和数字");
  EXPECT_EQ(client().post("/system/user", R"({"userName":"mixed","nickName":"m","password":"abc123"})").code(), 200);
}

TEST_P(ConfigApi, PasswordSettingsApplyToTheNextGetInfo) {
  // Without a pwd_update_date and with initPasswordModify 1, admin must change the password.
  exec("UPDATE sys_user SET pwd_update_date = NULL WHERE user_id = 1");
  EXPECT_TRUE(client().get("/getInfo").json().at("isDefaultModifyPwd").as_bool());
  set_config(7, "0");
  EXPECT_FALSE(client().get("/getInfo").json().at("isDefaultModifyPwd").as_bool());
  EXPECT_FALSE(client().get("/getInfo").json().at("isPasswordExpired").as_bool());
  set_config(8, "30");
  EXPECT_TRUE(client().get("/getInfo").json().at("isPasswordExpired").as_bool());
}

TEST_P(ConfigApi, RegisterAndCaptchaSwitchesApplyToTheNextCaptchaImage) {
  // The config gate open, the seeded switch off at start so the fixture's admin can log in.
  exec("UPDATE sys_config SET config_value = 'false' WHERE config_key = 'sys.account.captchaEnabled'");
  auto config = base_config();
  config.captcha_enabled = true;
  start(config);
  http::TestClient anonymous(app().handler(), app().settled());
  auto image = anonymous.get("/captchaImage").json();
  EXPECT_FALSE(image.at("captchaEnabled").as_bool());
  EXPECT_FALSE(image.at("registerEnabled").as_bool());
  set_config(4, "true");
  set_config(5, "true");
  image = anonymous.get("/captchaImage").json();
  EXPECT_TRUE(image.at("captchaEnabled").as_bool());
  EXPECT_TRUE(image.at("registerEnabled").as_bool());
  // The login checks the captcha from that request on.
  EXPECT_EQ(form_login("admin", "admin123").msg(), "验证码已失效");
  set_config(4, "false");
  EXPECT_EQ(form_login("admin", "admin123").code(), 200);
}

TEST_P(ConfigApi, TheInitPasswordAppliesToTheNextImport) {
  // ConfigReader is what user import reads; shown here directly so the test needs no xlsx.
  set_config(2, "abc123");
  system::config::ConfigReader reader(app().cache());
  auto value = test::run([&]() -> boost::asio::awaitable<std::string> {
    db::Session s(app().database());
    co_return co_await reader.value_or(s, "sys.user.initPassword", "?");
  }());
  EXPECT_EQ(value, "abc123");
}

TEST_P(ConfigApi, EachRouteNeedsItsPermission) {
  auto plain = as_user_with("plain", "'system:config:list'");
  EXPECT_EQ(plain->get("/system/config/list").code(), 200);
  EXPECT_EQ(plain->get("/system/config/configKey/sys.index.skinName").msg(), "skin-blue");  // any logged-in user
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"query", [&] { return plain->get("/system/config/1"); }},
      {"add", [&] { return plain->post("/system/config", R"({"configName":"m","configKey":"m","configValue":"m"})"); }},
      {"edit", [&] { return plain->put("/system/config", R"({"configId":1,"configValue":"m"})"); }},
      {"remove", [&] { return plain->del("/system/config/1"); }},
      {"export", [&] { return plain->post("/system/config/export", "", "application/x-www-form-urlencoded"); }},
      {"refreshCache", [&] { return plain->del("/system/config/refreshCache"); }},
  };
  for (const auto& [what, send] : denied) expect_refused(what, 403, "该用户无此接口权限", send);
}

TEST_P(ConfigApi, RoutesDeclareTitleAndBusinessType) {
  test::expect_routes(app(), "/system/config", "参数管理",
                      {
                          {"GET /system/config/list", {"system:config:list", 0}},
                          {"GET /system/config/{configId}", {"system:config:query", 0}},
                          {"POST /system/config", {"system:config:add", 1}},
                          {"PUT /system/config", {"system:config:edit", 2}},
                          {"DELETE /system/config/{configIds}", {"system:config:remove", 3}},
                          {"DELETE /system/config/refreshCache", {"system:config:remove", 2}},
                          {"POST /system/config/export", {"system:config:export", 5}},
                          {"GET /system/config/configKey/{configKey}", {"", 0}},
                      });
}

TEST_P(ConfigApi, WritesAreInTheOperationLogWithTitleAndType) {
  ASSERT_EQ(client().post("/system/config", R"({"configName":"日志","configKey":"app.log","configValue":"1"})").code(),
            200);
  const auto id = std::to_string(scalar("SELECT config_id FROM sys_config WHERE config_key = 'app.log'"));
  ASSERT_EQ(client().put("/system/config", R"({"configId":)" + id + R"(,"configValue":"2"})").code(), 200);
  ASSERT_EQ(client().del("/system/config/refreshCache").code(), 200);
  ASSERT_EQ(client().post("/system/config/export", "", "application/x-www-form-urlencoded").status, 200u);
  ASSERT_EQ(client().del("/system/config/1").code(), 500);  // refused: logged with status 1
  ASSERT_EQ(client().del("/system/config/" + id).code(), 200);
  ASSERT_EQ(client().get("/system/config/configKey/app.log").code(), 200);  // reads: not logged
  test::wait_oper_rows(app(), 6);                                           // the writer batches off the request
  std::string rows;
  for (const auto& row :
       query("SELECT title, business_type, request_method, status FROM sys_oper_log ORDER BY oper_id").rows)
    rows += std::get<std::string>(row[0]) + " " + std::to_string(std::get<std::int64_t>(row[1])) + " " +
            std::get<std::string>(row[2]) + " " + std::to_string(std::get<std::int64_t>(row[3])) + "\n";
  EXPECT_EQ(rows,
            "参数管理 1 POST 0\n"
            "参数管理 2 PUT 0\n"
            "参数管理 2 DELETE 0\n"
            "参数管理 5 POST 0\n"
            "参数管理 3 DELETE 1\n"
            "参数管理 3 DELETE 0\n");
}
