// The operation log (API.md §3.5): every declared write of the user module adds one sys_oper_log
// row after its reply — title, business type, masked parameters, status and message — written off
// the request path by the batching writer; reads add none; the writer batches and flushes at
// shutdown. Rows are read through the database, waiting for them with a bounded poll.
#include "monitor/operlog/oper_log_writer.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <thread>

using namespace ruoyi;

namespace {

const std::string boundary = "----ruoyiOperLogBoundary0123456789";
const std::string multipart_type = "multipart/form-data; boundary=" + boundary;
std::string multipart(const std::string& field, const std::string& filename, const std::string& data) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--" + boundary + "--\r\n";
}

using Row = std::map<std::string, std::string>;

class OperLogApi : public test::AppTest {
 protected:
  // Every column of the matching sys_oper_log rows as text, oldest first.
  std::vector<Row> rows(const std::string& where = "1 = 1") {
    return test::run([this, where]() -> boost::asio::awaitable<std::vector<Row>> {
      db::Session s(app().database());
      auto r = co_await s.query("SELECT * FROM sys_oper_log WHERE " + where + " ORDER BY oper_id");
      std::vector<Row> out;
      for (const auto& cells : r.rows) {
        Row row;
        for (std::size_t i = 0; i < cells.size(); ++i) {
          if (auto* t = std::get_if<std::string>(&cells[i]))
            row[r.columns[i]] = *t;
          else if (auto* n = std::get_if<std::int64_t>(&cells[i]))
            row[r.columns[i]] = std::to_string(*n);
        }
        out.push_back(std::move(row));
      }
      co_return out;
    }());
  }
  // Polls until `n` rows match (bounded: the writer flushes within its 200 ms interval).
  std::int64_t wait_rows(std::int64_t n, const std::string& where = "1 = 1") {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    auto sql = "SELECT COUNT(*) FROM sys_oper_log WHERE " + where;
    auto count = scalar(sql);
    while (count < n && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      count = scalar(sql);
    }
    return count;
  }
  std::int64_t add_user(const std::string& name) {
    auto r = client().post("/system/user", R"({"userName":")" + name + R"(","nickName":")" + name +
                                               R"(","password":"secret123","deptId":105})");
    EXPECT_EQ(r.code(), 200) << r.body;
    return scalar("SELECT user_id FROM sys_user WHERE user_name = '" + name + "' AND del_flag = '0'");
  }
  // The one row of (request_method, method); fails the test when there is not exactly one.
  Row only(const std::string& request_method, const std::string& method) {
    auto found = rows("request_method = '" + request_method + "' AND method = '" + method + "'");
    EXPECT_EQ(found.size(), 1u) << request_method << " " << method;
    return found.empty() ? Row{} : found.front();
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, OperLogApi, test::all_backends(), test::backend_name);

TEST_P(OperLogApi, EveryWriteRouteOfTheUserModuleAddsOneRow) {
  auto id = add_user("oplog1");
  auto sid = std::to_string(id);
  ASSERT_EQ(client().put("/system/user", R"({"userId":)" + sid + R"(,"nickName":"Renamed"})").code(), 200);
  ASSERT_EQ(client().put("/system/user/resetPwd", R"({"userId":)" + sid + R"(,"password":"Newpass123"})").code(), 200);
  ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + sid + R"(,"status":"1"})").code(), 200);
  ASSERT_EQ(client().put("/system/user/authRole?userId=" + sid + "&roleIds=2", "").code(), 200);
  auto exported = client().post("/system/user/export", "userName=oplog", "application/x-www-form-urlencoded");
  ASSERT_EQ(exported.status, 200u);
  client().post("/system/user/importData?updateSupport=0", multipart("file", "u.xlsx", "not an xlsx"), multipart_type);
  ASSERT_EQ(client().put("/system/user/profile", R"({"nickName":"Boss"})").code(), 200);
  static const char raw[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes";
  ASSERT_EQ(client()
                .post("/system/user/profile/avatar",
                      multipart("avatarfile", "me.png", std::string(raw, sizeof raw - 1)), multipart_type)
                .code(),
            200);
  ASSERT_EQ(client().del("/system/user/" + sid).code(), 200);
  auto pwd = client().put("/system/user/profile/updatePwd", R"({"oldPassword":"admin123","newPassword":"Admin12345"})");
  ASSERT_EQ(pwd.code(), 200) << pwd.body;
  // Not logged: importTemplate (a blank form to download).
  ASSERT_EQ(client().post("/system/user/importTemplate", "", "application/x-www-form-urlencoded").status, 200u);

  ASSERT_EQ(wait_rows(11), 11);
  auto add = only("POST", "/system/user");
  EXPECT_EQ(add["title"], "用户管理");
  EXPECT_EQ(add["business_type"], "1");
  EXPECT_EQ(add["status"], "0");
  EXPECT_EQ(add["error_msg"], "");
  EXPECT_EQ(add["oper_name"], "admin");
  EXPECT_EQ(add["dept_name"], "研发部门");
  EXPECT_EQ(add["oper_url"], "/system/user");
  EXPECT_EQ(add["oper_ip"], "127.0.0.1");
  EXPECT_EQ(add["oper_location"], "内网IP");
  EXPECT_EQ(add["operator_type"], "0");  // no User-Agent
  EXPECT_GE(std::stoll(add["cost_time"]), 0);
  EXPECT_FALSE(add["oper_time"].empty());
  EXPECT_NE(add["oper_param"].find(R"("userName":"oplog1")"), std::string::npos) << add["oper_param"];
  EXPECT_NE(add["oper_param"].find(R"("password":"******")"), std::string::npos) << add["oper_param"];
  EXPECT_EQ(add["oper_param"].find("secret123"), std::string::npos) << add["oper_param"];
  EXPECT_NE(add["json_result"].find("新增成功"), std::string::npos) << add["json_result"];

  EXPECT_EQ(only("PUT", "/system/user")["business_type"], "2");
  auto reset = only("PUT", "/system/user/resetPwd");
  EXPECT_EQ(reset["business_type"], "2");
  EXPECT_EQ(reset["oper_param"], R"({"userId":)" + sid + R"(,"password":"******"})");
  EXPECT_EQ(only("PUT", "/system/user/changeStatus")["business_type"], "2");
  auto grant = only("PUT", "/system/user/authRole");
  EXPECT_EQ(grant["business_type"], "4");
  EXPECT_EQ(grant["oper_param"], R"({"roleIds":"2","userId":")" + sid + R"("})");
  auto exp = only("POST", "/system/user/export");
  EXPECT_EQ(exp["business_type"], "5");
  EXPECT_EQ(exp["status"], "0");
  EXPECT_EQ(exp["json_result"], "");  // a file reply
  EXPECT_EQ(exp["oper_param"], R"({"userName":"oplog"})");
  auto imp = only("POST", "/system/user/importData");
  EXPECT_EQ(imp["business_type"], "6");
  EXPECT_EQ(imp["oper_param"].find("not an xlsx"), std::string::npos) << imp["oper_param"];
  EXPECT_NE(imp["oper_param"].find("multipart/form-data"), std::string::npos) << imp["oper_param"];
  auto del = only("DELETE", "/system/user/{userIds}");
  EXPECT_EQ(del["business_type"], "3");
  EXPECT_EQ(del["oper_param"], R"({"userIds":")" + sid + R"("})");
  EXPECT_EQ(del["oper_url"], "/system/user/" + sid);
  auto profile = only("PUT", "/system/user/profile");
  EXPECT_EQ(profile["title"], "个人信息");
  EXPECT_EQ(profile["business_type"], "2");
  auto avatar = only("POST", "/system/user/profile/avatar");
  EXPECT_EQ(avatar["title"], "个人信息");
  EXPECT_EQ(avatar["business_type"], "2");
  auto updated = only("PUT", "/system/user/profile/updatePwd");
  EXPECT_EQ(updated["title"], "个人信息");
  EXPECT_EQ(updated["oper_param"], R"({"oldPassword":"******","newPassword":"******"})");
  // No password anywhere in the log.
  for (const auto& row : rows())
    for (const auto& secret : {"secret123", "Newpass123", "admin123", "Admin12345"})
      EXPECT_EQ(row.at("oper_param").find(secret), std::string::npos) << row.at("oper_param");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE method = '/system/user/importTemplate'"), 0);
}

TEST_P(OperLogApi, AFailedWriteIsLoggedWithItsMessage) {
  add_user("dupe");
  auto r = client().post("/system/user", R"({"userName":"dupe","nickName":"d","password":"secret123","deptId":105})");
  ASSERT_EQ(r.code(), 500) << r.body;
  auto id = scalar("SELECT user_id FROM sys_user WHERE user_name = 'dupe'");
  auto bad = client().put("/system/user/changeStatus", R"({"userId":)" + std::to_string(id) + R"(,"status":"9"})");
  ASSERT_EQ(bad.code(), 601) << bad.body;
  ASSERT_EQ(wait_rows(3), 3);
  auto all = rows();
  EXPECT_EQ(all[0]["status"], "0");
  EXPECT_EQ(all[1]["status"], "1");
  EXPECT_EQ(all[1]["error_msg"], r.msg());
  EXPECT_NE(all[1]["json_result"].find(R"("code":500)"), std::string::npos) << all[1]["json_result"];
  EXPECT_EQ(all[2]["status"], "1");
  EXPECT_EQ(all[2]["error_msg"], bad.msg());
}

TEST_P(OperLogApi, ReadsAndRefusedCallersAddNoRow) {
  ASSERT_EQ(client().get("/system/user/list").code(), 200);
  ASSERT_EQ(client().get("/system/user/profile").code(), 200);
  http::TestClient anonymous(app().handler(), app().settled());
  ASSERT_EQ(anonymous.post("/system/user", R"({"userName":"x"})").code(), 401);
  // A logged write after them: once its row is there, an earlier one would be too (one FIFO queue).
  add_user("after");
  ASSERT_EQ(wait_rows(1), 1);
  auto all = rows();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["method"], "/system/user");
}

TEST_P(OperLogApi, LongParametersAreCut) {
  std::string remark(2100, 'x');
  auto r = client().post(
      "/system/user",
      R"({"userName":"longp","nickName":"l","password":"secret123","deptId":105,"remark":")" + remark + R"("})");
  ASSERT_EQ(wait_rows(1), 1);
  EXPECT_EQ(rows()[0]["oper_param"], "请求参数过长");
  EXPECT_EQ(rows()[0]["error_msg"], r.code() == 200 ? "" : r.msg());
}

TEST_P(OperLogApi, ClientAddressAndDeviceAreRecorded) {
  http::Request request;
  request.method = http::Method::put;
  request.path = request.target = "/system/user/profile";
  request.body = R"({"nickName":"Phone"})";
  request.headers.add("Content-Type", "application/json");
  request.headers.add("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148");
  request.remote_ip = "8.8.8.8";
  ASSERT_EQ(client().send(std::move(request)).code(), 200);
  ASSERT_EQ(wait_rows(1), 1);
  EXPECT_EQ(rows()[0]["operator_type"], "2");
  EXPECT_EQ(rows()[0]["oper_ip"], "8.8.8.8");
  EXPECT_EQ(rows()[0]["oper_location"], "未知");
}

TEST_P(OperLogApi, ABurstIsWrittenInFewerStatementsThanRows) {
  // A flush interval no test waits for: only full batches (25 rows) trigger the writes.
  auto config = base_config();
  config.oper_log.batch_rows = 25;
  config.oper_log.flush_interval = std::chrono::minutes(10);
  start(config);
  auto id = std::to_string(add_user("burst"));  // row 1
  for (int i = 0; i < 49; ++i)
    ASSERT_EQ(
        client()
            .put("/system/user/changeStatus", R"({"userId":)" + id + R"(,"status":")" + std::to_string(i % 2) + R"("})")
            .code(),
        200);
  ASSERT_EQ(wait_rows(50), 50);
  // The counters move just after the rows land.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (app().oper_log().stats().written < 50 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto stats = app().oper_log().stats();
  EXPECT_EQ(stats.written, 50u);
  EXPECT_EQ(stats.statements, 2u);  // two full batches of 25
  EXPECT_EQ(stats.dropped, 0u);
}

TEST_P(OperLogApi, QueuedRowsAreWrittenWhenTheApplicationStops) {
  auto config = base_config();
  config.oper_log.flush_interval = std::chrono::minutes(10);  // only the shutdown flush can write it
  start(config);
  add_user("lastword");
  client_.reset();
  app_.reset();  // right after the write: the row is queued, not written
  start(config);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE method = '/system/user' AND request_method = 'POST'"), 1);
}

TEST_P(OperLogApi, AFullQueueDropsAndCountsInsteadOfWaiting) {
  auto config = base_config();
  config.oper_log.queue_capacity = 2;
  config.oper_log.batch_rows = 100;
  config.oper_log.flush_interval = std::chrono::minutes(10);
  start(config);
  auto id = std::to_string(add_user("full"));
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + id + R"(,"status":"0"})").code(), 200);
  auto stats = app().oper_log().stats();
  EXPECT_EQ(stats.submitted, 2u);
  EXPECT_EQ(stats.dropped, 2u);
}

// Resources built on web::Routes declare their business types there: a post's add, edit, delete
// and export are logged with the title 岗位管理, its reads are not.
TEST_P(OperLogApi, PostWritesAreLoggedThroughTheSharedRoutes) {
  auto added = client().post("/system/post", R"({"postCode":"qa","postName":"质检","postSort":5})");
  ASSERT_EQ(added.code(), 200) << added.body;
  auto id = std::to_string(scalar("SELECT post_id FROM sys_post WHERE post_code = 'qa'"));
  ASSERT_EQ(client().put("/system/post", R"({"postId":)" + id + R"(,"postName":"质检部"})").code(), 200);
  ASSERT_EQ(client().get("/system/post/list").code(), 200);
  ASSERT_EQ(client().del("/system/post/" + id).code(), 200);
  ASSERT_EQ(wait_rows(3, "title = '岗位管理'"), 3);
  EXPECT_EQ(only("POST", "/system/post")["business_type"], "1");
  EXPECT_EQ(only("PUT", "/system/post")["business_type"], "2");
  EXPECT_EQ(only("DELETE", "/system/post/{postIds}")["business_type"], "3");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title = '岗位管理' AND request_method = 'GET'"), 0);
}
