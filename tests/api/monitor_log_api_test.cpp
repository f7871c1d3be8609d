// /monitor/operlog and /monitor/logininfor (API.md §3.5): lists with filters, the orderByColumn
// whitelist and paging; delete by ids, clean, export; logininfor/unlock. Each write adds its own
// operation-log row (操作日志 / 登录日志 / 账户解锁 with business type 3, 9, 5, 0).
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "monitor/logininfor/logininfor_controller.hpp"
#include "monitor/logininfor/logininfor_model.hpp"
#include "monitor/operlog/oper_log_controller.hpp"
#include "monitor/operlog/oper_log_model.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <chrono>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

const std::string kForm = "application/x-www-form-urlencoded";

class MonitorLogApi : public test::ApiTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    if (IsSkipped()) return;
    // The admin's own login row, written in the background at set-up: start from a known table.
    exec("DELETE FROM sys_logininfor");
  }
  // Five operation-log rows with known values (ids in insertion order).
  void seed_oper_logs() {
    exec(
        "INSERT INTO sys_oper_log (title, business_type, method, request_method, operator_type, oper_name, dept_name, "
        "oper_url, oper_ip, oper_location, oper_param, json_result, status, error_msg, oper_time, cost_time) VALUES "
        "('用户管理', 1, '/system/user', 'POST', 1, 'admin', '研发部门', '/system/user', '127.0.0.1', '内网IP', '{}', "
        "'{}', 0, '', '2024-01-01 10:00:00', 30),"
        "('用户管理', 2, '/system/user', 'PUT', 1, 'niangao', '测试部门', '/system/user', '10.0.0.2', '内网IP', '{}', "
        "'{}', 1, '用户不存在', '2024-01-02 10:00:00', 10),"
        "('岗位管理', 3, '/system/post/{postIds}', 'DELETE', 0, 'admin', '研发部门', '/system/post/4', '127.0.0.1', "
        "'内网IP', '{}', '{}', 0, '', '2024-01-03 23:59:59', 50),"
        "('岗位管理', 5, '/system/post/export', 'POST', 2, 'tester', '', '/system/post/export', '127.0.0.1', "
        "'内网IP', '', '', 0, '', '2024-01-04 00:00:00', 20),"
        "('角色管理', 4, '/system/role', 'PUT', 1, 'admin', '', '/system/role', '127.0.0.1', '内网IP', '', '', 0, '', "
        "'2024-01-05 08:00:00', 40)");
  }
  void seed_login_logs() {
    exec(
        "INSERT INTO sys_logininfor (user_name, ipaddr, login_location, browser, os, status, msg, login_time) VALUES "
        "('admin', '127.0.0.1', '内网IP', 'Chrome 120', 'Windows 10', '0', '登录成功', '2024-02-01 09:00:00'),"
        "('niangao', '192.168.1.7', '内网IP', 'Firefox 1', 'Linux', '1', '密码错误', '2024-02-02 09:00:00'),"
        "('zoe', '8.8.8.8', '未知', 'Safari 17', 'Mac OS X', '0', '登录成功', '2024-02-03 09:00:00'),"
        "('admin', '192.168.1.8', '内网IP', 'Chrome 120', 'Windows 10', '1', '用户不存在', '2024-02-04 09:00:00')");
  }
  bj::object list(const std::string& target) {
    auto r = client().get(target);
    EXPECT_EQ(r.code(), 200) << target << ": " << r.body;
    return r.json().as_object();
  }
  void lock(const std::string& name) {
    test::run(app().cache().set("account_lock:" + name, "1", std::chrono::seconds(600)));
  }
  bool locked(const std::string& name) { return test::run(app().cache().exists("account_lock:" + name)); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, MonitorLogApi, test::all_backends(), test::backend_name);

TEST(MonitorLogResources, EveryKeyIsAMember) {
  auto oper = web::key_problems<monitor::operlog::OperLog, monitor::operlog::OperLogBody>(
      monitor::operlog::oper_log_resource());
  EXPECT_TRUE(oper.empty()) << ::testing::PrintToString(oper);
  auto login = web::key_problems<monitor::logininfor::Logininfor, monitor::logininfor::LogininforBody>(
      monitor::logininfor::logininfor_resource());
  EXPECT_TRUE(login.empty()) << ::testing::PrintToString(login);
  // Every sortable key is a column of the row: the whitelist is the only source of ORDER BY text.
  for (const auto* r : {&monitor::operlog::oper_log_resource(), &monitor::logininfor::logininfor_resource()})
    for (const auto& key : r->sortable) EXPECT_NE(r->columns.find(r->column(key)), std::string::npos) << key;
}

TEST_P(MonitorLogApi, OperLogListIsNewestFirstFilteredAndPaged) {
  seed_oper_logs();
  auto all = list("/monitor/operlog/list");
  EXPECT_EQ(all.at("total").as_int64(), 5);
  EXPECT_EQ(test::column(all.at("rows"), "operName"),
            (std::vector<std::string>{"admin", "tester", "admin", "niangao", "admin"}));
  const auto& first = all.at("rows").as_array().at(0).as_object();
  EXPECT_EQ(first.at("title").as_string(), "角色管理");
  EXPECT_EQ(first.at("businessType").as_int64(), 4);
  EXPECT_EQ(first.at("status").as_int64(), 0);
  EXPECT_EQ(first.at("costTime").as_int64(), 40);
  EXPECT_EQ(first.at("operTime").as_string(), "2024-01-05T08:00:00");
  for (const char* key : {"operId", "method", "requestMethod", "operatorType", "deptName", "operUrl", "operIp",
                          "operLocation", "operParam", "jsonResult", "errorMsg"})
    EXPECT_TRUE(first.contains(key)) << key;

  auto paged = list("/monitor/operlog/list?pageNum=2&pageSize=2");
  EXPECT_EQ(test::column(paged.at("rows"), "costTime"), (std::vector<std::string>{"50", "10"}));
  EXPECT_EQ(paged.at("total").as_int64(), 5);
  EXPECT_TRUE(paged.at("hasNext").as_bool());

  EXPECT_EQ(list("/monitor/operlog/list?title=%E7%94%A8%E6%88%B7").at("total").as_int64(), 2);  // 用户
  EXPECT_EQ(list("/monitor/operlog/list?operName=nian").at("total").as_int64(), 1);
  EXPECT_EQ(test::column(list("/monitor/operlog/list?businessType=3").at("rows"), "costTime"),
            (std::vector<std::string>{"50"}));
  EXPECT_EQ(test::column(list("/monitor/operlog/list?status=1").at("rows"), "errorMsg"),
            (std::vector<std::string>{"用户不存在"}));
  // Whole days, inclusive; top-level keys and the upstream UI's params[…].
  EXPECT_EQ(test::column(list("/monitor/operlog/list?beginTime=2024-01-02&endTime=2024-01-03").at("rows"), "costTime"),
            (std::vector<std::string>{"50", "10"}));
  EXPECT_EQ(list("/monitor/operlog/list?params%5BbeginTime%5D=2024-01-04&params%5BendTime%5D=2024-01-04")
                .at("total")
                .as_int64(),
            1);
  EXPECT_EQ(list("/monitor/operlog/list?title=%25").at("total").as_int64(), 0);  // % is literal
}

TEST_P(MonitorLogApi, OperLogOrdersByAWhitelistedColumnOnly) {
  seed_oper_logs();
  EXPECT_EQ(test::column(list("/monitor/operlog/list?orderByColumn=costTime&isAsc=ascending").at("rows"), "costTime"),
            (std::vector<std::string>{"10", "20", "30", "40", "50"}));
  EXPECT_EQ(test::column(list("/monitor/operlog/list?orderByColumn=costTime&isAsc=descending").at("rows"), "costTime"),
            (std::vector<std::string>{"50", "40", "30", "20", "10"}));
  EXPECT_EQ(test::column(list("/monitor/operlog/list?orderByColumn=operTime&isAsc=ascending").at("rows"), "costTime"),
            (std::vector<std::string>{"30", "10", "50", "20", "40"}));
  // Ties broken by id in the same direction.
  EXPECT_EQ(test::column(list("/monitor/operlog/list?orderByColumn=operName&isAsc=ascending").at("rows"), "costTime"),
            (std::vector<std::string>{"30", "50", "40", "10", "20"}));
  for (const char* bad : {"orderByColumn=operParam", "orderByColumn=oper_time", "orderByColumn=costTime%20DESC",
                          "orderByColumn=1", "orderByColumn=costTime&isAsc=sideways", "businessType=x",
                          "businessType=10", "status=2", "beginTime=2024-13-01&endTime=2024-01-01", "pageNum=x"}) {
    auto r = client().get(std::string("/monitor/operlog/list?") + bad);
    EXPECT_EQ(r.code(), 601) << bad << ": " << r.body;
  }
  EXPECT_EQ(client().get("/monitor/operlog/list?orderByColumn=operParam").msg(), "参数orderByColumn取值错误");
  EXPECT_EQ(client().get("/monitor/operlog/list?orderByColumn=costTime&isAsc=up").msg(), "参数isAsc取值错误");
}

TEST_P(MonitorLogApi, OperLogDeleteAndCleanAreLogged) {
  seed_oper_logs();
  auto first = scalar("SELECT MIN(oper_id) FROM sys_oper_log");
  auto bad = client().del("/monitor/operlog/" + std::to_string(first) + ",x");
  EXPECT_EQ(bad.code(), 601) << bad.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title <> '操作日志'"), 5);

  auto r = client().del("/monitor/operlog/" + std::to_string(first) + "," + std::to_string(first + 1));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title <> '操作日志'"), 3);
  EXPECT_EQ(test::wait_oper_rows(
                app(), 1,
                "title = '操作日志' AND business_type = 3 AND status = 0 AND method = '/monitor/operlog/{operIds}'"),
            1);

  auto cleaned = client().del("/monitor/operlog/clean");
  ASSERT_EQ(cleaned.code(), 200) << cleaned.body;
  EXPECT_EQ(cleaned.msg(), "清除成功");
  // Emptied; then the clean's own row arrives (written after its reply).
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '操作日志' AND business_type = 9"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log"), 1);
}

TEST_P(MonitorLogApi, OperLogExportIsAnXlsxOfTheFilteredList) {
  seed_oper_logs();
  auto r = client().post("/monitor/operlog/export", "businessType=3", kForm);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, files::kXlsxContentType);
  EXPECT_NE(r.headers.get("Content-Disposition").value_or("").find("attachment; filename=operlog_"), std::string::npos);
  auto sheet = files::read_xlsx(r.body);
  ASSERT_EQ(sheet.header.size(), 17u);
  EXPECT_EQ(sheet.header[0], "操作序号");
  EXPECT_EQ(sheet.header[2], "业务类型");
  ASSERT_EQ(sheet.rows.size(), 1u);
  EXPECT_EQ(files::to_text(sheet.rows[0][1]), "岗位管理");
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "删除");
  EXPECT_EQ(files::to_text(sheet.rows[0][5]), "其它");
  EXPECT_EQ(files::to_text(sheet.rows[0][13]), "正常");
  EXPECT_EQ(files::to_text(sheet.rows[0][15]), "2024-01-03 23:59:59");
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '操作日志' AND business_type = 5"), 1);
  exec("DELETE FROM sys_oper_log WHERE title = '操作日志'");  // the export's own row
  // Ordered as the list is (orderByColumn from the form), and refused the same way.
  auto asc =
      files::read_xlsx(client().post("/monitor/operlog/export", "orderByColumn=costTime&isAsc=ascending", kForm).body);
  ASSERT_EQ(asc.rows.size(), 5u);
  EXPECT_EQ(files::to_text(asc.rows[0][16]), "10");
  EXPECT_EQ(client().post("/monitor/operlog/export", "orderByColumn=x", kForm).code(), 601);
}

TEST_P(MonitorLogApi, LoginLogListFiltersOrdersAndExports) {
  seed_login_logs();
  auto all = list("/monitor/logininfor/list");
  EXPECT_EQ(all.at("total").as_int64(), 4);
  EXPECT_EQ(test::column(all.at("rows"), "ipaddr"),
            (std::vector<std::string>{"192.168.1.8", "8.8.8.8", "192.168.1.7", "127.0.0.1"}));
  const auto& first = all.at("rows").as_array().at(0).as_object();
  EXPECT_EQ(first.at("userName").as_string(), "admin");
  EXPECT_EQ(first.at("status").as_string(), "1");
  EXPECT_EQ(first.at("msg").as_string(), "用户不存在");
  EXPECT_EQ(first.at("loginTime").as_string(), "2024-02-04T09:00:00");
  for (const char* key : {"infoId", "loginLocation", "browser", "os"}) EXPECT_TRUE(first.contains(key)) << key;

  EXPECT_EQ(list("/monitor/logininfor/list?ipaddr=192.168").at("total").as_int64(), 2);
  EXPECT_EQ(list("/monitor/logininfor/list?userName=adm").at("total").as_int64(), 2);
  EXPECT_EQ(test::column(list("/monitor/logininfor/list?status=0").at("rows"), "userName"),
            (std::vector<std::string>{"zoe", "admin"}));
  EXPECT_EQ(list("/monitor/logininfor/list?beginTime=2024-02-02&endTime=2024-02-03").at("total").as_int64(), 2);
  EXPECT_EQ(test::column(list("/monitor/logininfor/list?orderByColumn=userName&isAsc=descending").at("rows"), "ipaddr"),
            (std::vector<std::string>{"8.8.8.8", "192.168.1.7", "192.168.1.8", "127.0.0.1"}));
  EXPECT_EQ(test::column(list("/monitor/logininfor/list?orderByColumn=loginTime&isAsc=ascending&pageSize=1").at("rows"),
                         "ipaddr"),
            (std::vector<std::string>{"127.0.0.1"}));
  for (const char* bad : {"orderByColumn=msg", "orderByColumn=browser", "status=9", "isAsc=x"})
    EXPECT_EQ(client().get(std::string("/monitor/logininfor/list?") + bad).code(), 601) << bad;

  auto r = client().post("/monitor/logininfor/export", "status=1", kForm);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, files::kXlsxContentType);
  auto sheet = files::read_xlsx(r.body);
  EXPECT_EQ(sheet.header, (std::vector<std::string>{"序号", "用户账号", "登录状态", "登录地址", "登录地点", "浏览器",
                                                    "操作系统", "提示消息", "访问时间"}));
  ASSERT_EQ(sheet.rows.size(), 2u);
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "失败");
  EXPECT_EQ(files::to_text(sheet.rows[0][8]), "2024-02-04 09:00:00");
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '登录日志' AND business_type = 5"), 1);
}

TEST_P(MonitorLogApi, LoginLogDeleteAndClean) {
  seed_login_logs();
  auto first = scalar("SELECT MIN(info_id) FROM sys_logininfor");
  EXPECT_EQ(client().del("/monitor/logininfor/0").code(), 601);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor"), 4);
  auto r = client().del("/monitor/logininfor/" + std::to_string(first));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor WHERE info_id = " + std::to_string(first)), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor"), 3);
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '登录日志' AND business_type = 3 AND status = 0"), 1);
  auto cleaned = client().del("/monitor/logininfor/clean");
  EXPECT_EQ(cleaned.msg(), "清除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor"), 0);
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '登录日志' AND business_type = 9"), 1);
}

TEST_P(MonitorLogApi, UnlockDropsTheLockAndRefusesAnAccountThatIsNotLocked) {
  // Locked by six wrong passwords, as a person would lock it.
  for (int i = 0; i < 6; ++i) form_login("niangao", "wrong-password");
  ASSERT_TRUE(locked("niangao"));
  EXPECT_EQ(form_login("niangao", "admin123").json().at("msg").as_string(), "账号已锁定，请稍后再试");

  auto r = client().get("/monitor/logininfor/unlock/niangao");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "解锁成功");
  EXPECT_FALSE(locked("niangao"));
  EXPECT_EQ(form_login("niangao", "admin123").json().at("code").as_int64(), 200);
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '账户解锁' AND business_type = 0 AND status = 0"), 1);

  auto again = client().get("/monitor/logininfor/unlock/niangao");
  EXPECT_EQ(again.code(), 500);
  EXPECT_EQ(again.msg(), "该用户未锁定");
  // Exactly that name: another account's lock is untouched.
  lock("admin2");
  EXPECT_EQ(client().get("/monitor/logininfor/unlock/admin").msg(), "该用户未锁定");
  EXPECT_TRUE(locked("admin2"));
  EXPECT_EQ(test::wait_oper_rows(app(), 2, "title = '账户解锁' AND status = 1"), 2);
}

TEST_P(MonitorLogApi, EachRouteNeedsItsPermission) {
  seed_oper_logs();
  seed_login_logs();
  lock("zoe");
  auto plain = as_user_with("plain", "'monitor:operlog:list', 'monitor:logininfor:list'");
  EXPECT_EQ(plain->get("/monitor/operlog/list").code(), 200);
  EXPECT_EQ(plain->get("/monitor/logininfor/list").code(), 200);
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"operlog remove", [&] { return plain->del("/monitor/operlog/1"); }},
      {"operlog clean", [&] { return plain->del("/monitor/operlog/clean"); }},
      {"operlog export", [&] { return plain->post("/monitor/operlog/export", "", kForm); }},
      {"logininfor remove", [&] { return plain->del("/monitor/logininfor/1"); }},
      {"logininfor clean", [&] { return plain->del("/monitor/logininfor/clean"); }},
      {"logininfor export", [&] { return plain->post("/monitor/logininfor/export", "", kForm); }},
      {"unlock", [&] { return plain->get("/monitor/logininfor/unlock/zoe"); }},
  };
  for (const auto& [what, send] : denied) {
    auto r = send();
    EXPECT_EQ(r.code(), 403) << what << ": " << r.body;
    EXPECT_EQ(r.msg(), "该用户无此接口权限") << what;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log"), 5);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM sys_logininfor"), 4);
  EXPECT_TRUE(locked("zoe"));
}
