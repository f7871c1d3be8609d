// /system/user/* through http::TestClient on a fresh, migrated database: every test runs on SQLite
// and on PostgreSQL 15 with the same expectations.
#include "auth/password.hpp"
#include "core/datetime.hpp"
#include "db/session.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class UserApi : public test::AppTest {
protected:
  std::int64_t user_count() {
    return test::run([this]() -> boost::asio::awaitable<std::int64_t> {
      db::Session s(app().database());
      auto r = co_await s.query("SELECT COUNT(*) FROM sys_user");
      co_return r.scalar_int();
    }());
  }
  std::int64_t link_count() {
    return test::run([this]() -> boost::asio::awaitable<std::int64_t> {
      db::Session s(app().database());
      auto r = co_await s.query("SELECT (SELECT COUNT(*) FROM sys_user_role) + (SELECT COUNT(*) FROM sys_user_post)");
      co_return r.scalar_int();
    }());
  }
  http::TestResponse add(const std::string& body) { return client().post("/system/user", body); }
  // Posts a bad body and checks: the envelope code and message, and that nothing was written.
  void expect_refused(const std::string& body, int code, const std::string& msg_part) {
    auto users = user_count();
    auto links = link_count();
    auto r = add(body);
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.code(), code) << body << " → " << r.body;
    EXPECT_NE(r.msg().find(msg_part), std::string::npos) << "msg: " << r.msg() << " expected: " << msg_part;
    EXPECT_EQ(user_count(), users) << body;
    EXPECT_EQ(link_count(), links) << body;
  }
  static std::string valid_user(const std::string& name = "alice") {
    return R"({"userName":")" + name + R"(","nickName":"Alice","password":"secret123","deptId":105,)"
           R"("email":")" + name + R"(@example.com","phonenumber":"13800000000","sex":"1","status":"0",)"
           R"("roleIds":[2],"postIds":[2,3],"remark":"测试"})";
  }
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Backends, UserApi, test::all_backends(), test::backend_name);

TEST_P(UserApi, GetAdminReturnsRowWithDeptRolesAndOptionsButNoPassword) {
  auto r = client().get("/system/user/1");
  ASSERT_EQ(r.status, 200u);
  auto body = r.json().as_object();
  EXPECT_EQ(body.at("code").as_int64(), 200);
  EXPECT_EQ(body.at("msg").as_string(), "操作成功");
  EXPECT_TRUE(body.at("success").as_bool());
  auto& data = body.at("data").as_object();
  EXPECT_EQ(data.at("userName").as_string(), "admin");
  EXPECT_EQ(data.at("nickName").as_string(), "超级管理员");
  EXPECT_TRUE(data.at("admin").as_bool());
  EXPECT_EQ(data.at("dept").as_object().at("deptName").as_string(), "研发部门");
  EXPECT_EQ(data.at("role").as_array().at(0).as_object().at("roleKey").as_string(), "admin");
  EXPECT_EQ(data.at("roleIds").as_string(), "1");
  EXPECT_EQ(data.at("postIds").as_string(), "1");
  // Datetimes: ISO-8601 with T, no zone, no fraction.
  auto created = std::string(data.at("createTime").as_string());
  EXPECT_EQ(created.size(), 19u);
  EXPECT_EQ(created[10], 'T');
  EXPECT_EQ(body.at("roleIds").as_array(), bj::array({1}));
  EXPECT_EQ(body.at("postIds").as_array(), bj::array({1}));
  EXPECT_EQ(body.at("posts").as_array().size(), 4u);
  ASSERT_EQ(body.at("roles").as_array().size(), 1u);  // role 1 is never offered
  EXPECT_EQ(body.at("roles").as_array()[0].as_object().at("roleId").as_int64(), 2);
  EXPECT_EQ(r.body.find("password"), std::string::npos);
  EXPECT_EQ(r.body.find("$2a$"), std::string::npos);
}

// roleIds lists every role the user holds; `role` (data) only the active ones — one statement
// reads both (RoleRepository::held_by_user).
TEST_P(UserApi, GetListsEveryHeldRoleIdButOnlyActiveRoles) {
  ASSERT_EQ(add(valid_user()).code(), 200);
  auto user_id = std::to_string(client().get("/system/user/list?userName=alice").json().as_object().at("rows").as_array()
                                    .at(0).as_object().at("userId").as_int64());
  test::run([this, user_id]() -> boost::asio::awaitable<void> {
    db::Session s(app().database());
    co_await s.execute("INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) "
                       "VALUES (3, '停用角色', 'off', 0, '1', '1', '0')");
    co_await s.execute("INSERT INTO sys_user_role (user_id, role_id) VALUES (" + user_id + ", 3)");
  }());
  auto body = client().get("/system/user/" + user_id).json().as_object();
  EXPECT_EQ(body.at("roleIds").as_array(), bj::array({2, 3}));
  auto& held = body.at("data").as_object().at("role").as_array();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held.at(0).as_object().at("roleId").as_int64(), 2);
  EXPECT_EQ(body.at("data").as_object().at("roleIds").as_string(), "2,3");
}

TEST_P(UserApi, GetUnknownOrMalformedId) {
  auto missing = client().get("/system/user/999");
  EXPECT_EQ(missing.code(), 500);
  EXPECT_EQ(missing.msg(), "用户不存在");
  auto bad = client().get("/system/user/abc");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_NE(bad.msg().find("userId"), std::string::npos);
  EXPECT_EQ(client().get("/system/user/-1").code(), 601);
  EXPECT_EQ(client().get("/system/user/99999999999999999999").code(), 601);
}

TEST_P(UserApi, EmptyFormWithTrailingSlashAndBarePath) {
  for (auto path : {"/system/user/", "/system/user"}) {
    auto body = client().get(path).json().as_object();
    EXPECT_EQ(body.at("code").as_int64(), 200) << path;
    EXPECT_TRUE(body.at("data").is_null());
    EXPECT_TRUE(body.at("postIds").is_null());
    EXPECT_TRUE(body.at("roleIds").is_null());
    EXPECT_EQ(body.at("posts").as_array().size(), 4u);
    EXPECT_EQ(body.at("roles").as_array().size(), 1u);
  }
}

TEST_P(UserApi, ListDefaultsAndPagingKeys) {
  auto body = client().get("/system/user/list").json().as_object();
  EXPECT_EQ(body.at("code").as_int64(), 200);
  EXPECT_EQ(body.at("total").as_int64(), 2);
  EXPECT_EQ(body.at("pageNum").as_int64(), 1);
  EXPECT_EQ(body.at("pageSize").as_int64(), 10);
  EXPECT_FALSE(body.at("hasNext").as_bool());
  auto& rows = body.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].as_object().at("userId").as_int64(), 1);
  EXPECT_TRUE(rows[0].as_object().at("admin").as_bool());
  EXPECT_FALSE(rows[1].as_object().at("admin").as_bool());
  EXPECT_EQ(rows[1].as_object().at("dept").as_object().at("deptName").as_string(), "测试部门");
  EXPECT_FALSE(rows[0].as_object().contains("password"));
}

TEST_P(UserApi, ListFilters) {
  auto total = [&](const std::string& query) {
    auto body = client().get("/system/user/list?" + query).json().as_object();
    EXPECT_EQ(body.at("code").as_int64(), 200) << query << " " << body;
    return body.at("total").as_int64();
  };
  EXPECT_EQ(total("userName=adm"), 1);
  EXPECT_EQ(total("userName=%25"), 0);  // '%' is escaped: a literal, not a wildcard
  EXPECT_EQ(total("userName=_"), 0);
  EXPECT_EQ(total("phonenumber=156"), 1);
  EXPECT_EQ(total("status=0"), 2);
  EXPECT_EQ(total("status=1"), 0);
  EXPECT_EQ(total("sex=1"), 2);
  EXPECT_EQ(total("deptId=100"), 2);  // the group and everything below it
  EXPECT_EQ(total("deptId=101"), 2);  // 103 and 105 are under 101
  EXPECT_EQ(total("deptId=105"), 1);
  EXPECT_EQ(total("deptId=102"), 0);
  EXPECT_EQ(total("userId=2"), 1);
  EXPECT_EQ(total("userName="), 2);  // empty = absent
  auto today = core::DateTime::now().date();
  auto yesterday = core::DateTime::now().plus_days(-1).date();
  EXPECT_EQ(total("beginTime=" + today + "&endTime=" + today), 2);
  EXPECT_EQ(total("beginTime=" + yesterday + "&endTime=" + yesterday), 0);
  EXPECT_EQ(total("params%5BbeginTime%5D=" + yesterday + "&params%5BendTime%5D=" + yesterday), 0);
  EXPECT_EQ(total("beginTime=" + yesterday), 2);  // only when both are given
}

TEST_P(UserApi, ListPagingEdges) {
  auto page = [&](const std::string& query) { return client().get("/system/user/list?" + query).json().as_object(); };
  auto past_end = page("pageNum=5&pageSize=10");
  EXPECT_EQ(past_end.at("rows").as_array().size(), 0u);
  EXPECT_EQ(past_end.at("total").as_int64(), 2);
  auto one = page("pageNum=1&pageSize=1");
  EXPECT_EQ(one.at("rows").as_array().size(), 1u);
  EXPECT_TRUE(one.at("hasNext").as_bool());
  auto second = page("pageNum=2&pageSize=1");
  EXPECT_EQ(second.at("rows").as_array()[0].as_object().at("userId").as_int64(), 2);
  EXPECT_FALSE(second.at("hasNext").as_bool());
  EXPECT_EQ(page("pageSize=0").at("pageSize").as_int64(), 10);
  EXPECT_EQ(page("pageSize=-5").at("pageSize").as_int64(), 10);
  EXPECT_EQ(page("pageNum=0").at("pageNum").as_int64(), 1);
  EXPECT_EQ(page("pageSize=5000").at("pageSize").as_int64(), 1000);
}

TEST_P(UserApi, ListRejectsMalformedFilters) {
  for (auto query : {"pageNum=abc", "pageSize=1.5", "deptId=x", "status=9", "sex=3", "beginTime=2026-13-01&endTime=2026-12-01",
                     "userId=1e3"}) {
    auto r = client().get(std::string("/system/user/list?") + query);
    EXPECT_EQ(r.code(), 601) << query << " " << r.body;
  }
  auto r = client().get("/system/user/list?pageNum=abc");
  EXPECT_NE(r.msg().find("pageNum"), std::string::npos) << r.msg();
}

TEST_P(UserApi, AddCreatesUserWithHashedPasswordRolesAndPostsInOneGo) {
  auto users = user_count();
  auto r = add(valid_user());
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(user_count(), users + 1);

  auto list = client().get("/system/user/list?userName=alice").json().as_object();
  ASSERT_EQ(list.at("total").as_int64(), 1);
  auto id = list.at("rows").as_array()[0].as_object().at("userId").as_int64();
  EXPECT_EQ(id, 100);  // ids continue after the seed

  auto detail = client().get("/system/user/" + std::to_string(id)).json().as_object();
  auto& data = detail.at("data").as_object();
  EXPECT_EQ(data.at("nickName").as_string(), "Alice");
  EXPECT_EQ(data.at("sex").as_string(), "1");
  EXPECT_EQ(data.at("userType").as_string(), "00");
  EXPECT_EQ(data.at("delFlag").as_string(), "0");
  EXPECT_EQ(data.at("remark").as_string(), "测试");
  EXPECT_FALSE(data.at("createTime").is_null());
  EXPECT_EQ(detail.at("roleIds").as_array(), bj::array({2}));
  EXPECT_EQ(detail.at("postIds").as_array(), bj::array({2, 3}));

  auto hash = test::run([this]() -> boost::asio::awaitable<std::string> {
    db::Session s(app().database());
    auto q = co_await s.query("SELECT password FROM sys_user WHERE user_name = 'alice'");
    co_return std::get<std::string>(q.rows.at(0).at(0));
  }());
  EXPECT_TRUE(hash.starts_with("$2b$04$")) << hash;
  EXPECT_TRUE(auth::verify_password_blocking("secret123", hash));
}

TEST_P(UserApi, AddWithOnlyRequiredFieldsTakesColumnDefaults) {
  auto r = add(R"({"userName":"bob","nickName":"Bob","password":"secret123"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto detail = client().get("/system/user/100").json().as_object();
  auto& data = detail.at("data").as_object();
  EXPECT_EQ(data.at("sex").as_string(), "0");
  EXPECT_EQ(data.at("status").as_string(), "0");
  EXPECT_EQ(data.at("email").as_string(), "");
  EXPECT_TRUE(data.at("deptId").is_null());
  EXPECT_TRUE(data.at("dept").is_null());
  EXPECT_EQ(detail.at("roleIds").as_array().size(), 0u);
}

TEST_P(UserApi, AddRefusesMalformedBodiesAndWritesNothing) {
  expect_refused("{not json", 601, "JSON");
  expect_refused("[1,2,3]", 601, "JSON对象");
  expect_refused("", 601, "JSON");
  expect_refused(R"({"userName":123,"nickName":"x","password":"secret123"})", 601, "userName");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","deptId":"abc"})", 601, "deptId");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","roleIds":"2"})", 601, "roleIds");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","roleIds":[2,"x"]})", 601, "roleIds");
}

TEST_P(UserApi, AddValidatesEachField) {
  expect_refused(R"({"nickName":"x","password":"secret123"})", 601, "用户账号不能为空");
  expect_refused(R"({"userName":"","nickName":"x","password":"secret123"})", 601, "用户账号不能为空");
  expect_refused(R"({"userName":"x","password":"secret123"})", 601, "用户昵称不能为空");
  expect_refused(R"({"userName":")" + std::string(31, 'a') + R"(","nickName":"x","password":"secret123"})", 601,
                 "用户账号长度不能超过30个字符");
  expect_refused(R"({"userName":"x","nickName":")" + std::string(31 * 3, 'a').substr(0, 31) +
                     R"(","password":"secret123"})",
                 601, "用户昵称长度不能超过30个字符");
  expect_refused(R"({"userName":"<b>x</b>","nickName":"x","password":"secret123"})", 601, "脚本字符");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","email":"not-an-email"})", 601,
                 "邮箱格式不正确");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","email":")" + std::string(45, 'a') +
                     R"(@b.com"})",
                 601, "邮箱长度不能超过50个字符");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","phonenumber":"138000000001"})", 601,
                 "手机号码长度不能超过11个字符");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","phonenumber":"1380000abcd"})", 601,
                 "手机号码格式不正确");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","sex":"5"})", 601, "sex");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","status":"2"})", 601, "status");
  // A multi-byte name counts characters: 30 Chinese characters are fine, 31 are not.
  std::string thirty, thirty_one;
  for (int i = 0; i < 30; ++i) thirty += "中";
  thirty_one = thirty + "中";
  expect_refused(R"({"userName":"x","nickName":")" + thirty_one + R"(","password":"secret123"})", 601, "用户昵称长度");
  EXPECT_EQ(add(R"({"userName":"cn","nickName":")" + thirty + R"(","password":"secret123"})").code(), 200);
}

TEST_P(UserApi, AddEnforcesThePasswordPolicy) {
  expect_refused(R"({"userName":"x","nickName":"x"})", 500, "用户密码不能为空");
  expect_refused(R"({"userName":"x","nickName":"x","password":"12345"})", 500, "密码长度必须介于 6 和 20 之间");
  expect_refused(R"({"userName":"x","nickName":"x","password":"123456789012345678901"})", 500, "密码长度");
  expect_refused(R"({"userName":"x","nickName":"x","password":"abc<def"})", 601, "密码不能包含非法字符");
}

TEST_P(UserApi, AddRefusesDuplicatesWithRuoYisMessages) {
  expect_refused(R"({"userName":"admin","nickName":"x","password":"secret123"})", 500,
                 "新增用户admin失败，登录账号已存在");
  expect_refused(R"({"userName":"x1","nickName":"x","password":"secret123","phonenumber":"15888888888"})", 500,
                 "新增用户x1失败，手机号码已存在");
  expect_refused(R"({"userName":"x2","nickName":"x","password":"secret123","email":"niangao@qq.com"})", 500,
                 "新增用户x2失败，邮箱账号已存在");
  // Empty phone / email are not duplicates of each other.
  EXPECT_EQ(add(R"({"userName":"p1","nickName":"x","password":"secret123"})").code(), 200);
  EXPECT_EQ(add(R"({"userName":"p2","nickName":"x","password":"secret123"})").code(), 200);
}

TEST_P(UserApi, AddRefusesUnknownDeptRolesAndPosts) {
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","deptId":999})", 500, "部门不存在");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","roleIds":[2,99]})", 500, "角色不存在");
  expect_refused(R"({"userName":"x","nickName":"x","password":"secret123","postIds":[77]})", 500, "岗位不存在");
}

TEST_P(UserApi, UnknownRouteAndMethodAreEnvelopes) {
  auto missing = client().get("/system/nothing");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.code(), 404);
  auto wrong = client().del("/system/user/list");
  EXPECT_EQ(wrong.status, 405u);
  EXPECT_EQ(wrong.code(), 405);
}

TEST_P(UserApi, RootPathPrefixIsStripped) {
  auto config = base_config();
  config.server.root_path = "/dev-api";
  start(config);
  EXPECT_EQ(client().get("/dev-api/system/user/1").code(), 200);
  EXPECT_EQ(client().get("/system/user/1").code(), 200);
}

TEST_P(UserApi, TwentyConcurrentListRequestsSucceedOnAPoolOfTwo) {
  auto config = base_config();
  config.pool.pool_size = 2;
  config.pool.max_overflow = 0;
  start(config);
  // All 20 in flight at once on one loop; each request's page + count share its session, so
  // the pool of 2 can never deadlock.
  auto& io = client().context();
  io.restart();
  std::vector<std::future<http::Response>> replies;
  for (int i = 0; i < 20; ++i) {
    http::Request req;
    req.method = http::Method::get;
    req.path = "/system/user/list";
    req.query = "pageNum=1&pageSize=10&status=0";
    req.headers.add("Authorization", "Bearer " + token_);
    replies.push_back(boost::asio::co_spawn(io, app().handle(std::move(req)), boost::asio::use_future));
  }
  test::run_until(io, [&] {
    return std::all_of(replies.begin(), replies.end(), [](auto& f) {
      return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
  });
  for (auto& f : replies) {
    auto response = f.get();
    EXPECT_EQ(bj::parse(response.body).as_object().at("code").as_int64(), 200) << response.body;
  }
  EXPECT_EQ(app().database().stats().timeouts, 0u);
}

TEST_P(UserApi, RequestPastItsDeadlineIsCancelledAnsweredAndWritesNothing) {
  auto config = base_config();
  config.server.request_timeout = std::chrono::seconds(1);
  start(config);
  auto users = user_count();
  auto& io = client().context();
  io.restart();
  // Other requests hold every connection the add could use (SQLite: its one writer; PostgreSQL:
  // the whole pool); the add waits for one until its deadline passes.
  std::vector<db::Lease> held;
  std::size_t to_hold = GetParam() == test::Backend::sqlite ? 1 : config.pool.pool_size;
  for (std::size_t i = 0; i < to_hold; ++i)
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> { held.push_back(co_await app().database().acquire(db::Access::write)); },
        boost::asio::detached);
  test::run_until(io, [&] { return held.size() == to_hold; });
  ASSERT_EQ(held.size(), to_hold);
  auto r = add(valid_user("late"));
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(r.code(), 503);
  EXPECT_EQ(app().database().stats().waiters, 0u);  // the cancelled checkout left the queue
  held.clear();
  EXPECT_EQ(user_count(), users);
  EXPECT_EQ(add(valid_user("on-time")).code(), 200);  // the writer is usable again
}
