// Sessions that end (API.md §2): resetPwd, a disable and a delete end every session of the user;
// updatePwd ends the user's other sessions and keeps the caller's; a re-enabled user logs in again.
#include "auth/jwt.hpp"
#include "cache/cache.hpp"
#include "support/app_fixture.hpp"
#include "support/hashing_gate.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <future>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class SessionEndApi : public test::AppTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    if (IsSkipped()) return;
    auto r = client().post("/system/user",
                           R"({"userName":"bob","nickName":"bob","password":"secret123","deptId":105,"roleIds":[2]})");
    ASSERT_EQ(r.code(), 200) << r.body;
    bob_ = std::to_string(scalar("SELECT user_id FROM sys_user WHERE user_name = 'bob' AND del_flag = '0'"));
  }
  // GET /getInfo with `token`: 200 while its session lives, 401 once it ended.
  std::int64_t probe(const std::string& token) {
    http::TestClient c(app().handler(), app().settled());
    c.set_header("Authorization", "Bearer " + token);
    return c.get("/getInfo").code();
  }
  http::TestResponse as(const std::string& token, const std::string& target, const std::string& body) {
    http::TestClient c(app().handler(), app().settled());
    c.set_header("Authorization", "Bearer " + token);
    return c.put(target, body);
  }
  std::string bob_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, SessionEndApi, test::all_backends(), test::backend_name);

TEST_P(SessionEndApi, ResetPasswordEndsEverySessionOfTheUser) {
  auto a = login("bob", "secret123");
  auto b = login("bob", "secret123");
  ASSERT_EQ(probe(a), 200);
  ASSERT_EQ(probe(b), 200);
  auto reset = client().put("/system/user/resetPwd", R"({"userId":)" + bob_ + R"(,"password":"newpass1"})");
  ASSERT_EQ(reset.code(), 200) << reset.body;
  EXPECT_EQ(probe(a), 401);
  EXPECT_EQ(probe(b), 401);
  http::TestClient c(app().handler(), app().settled());
  c.set_header("Authorization", "Bearer " + a);
  EXPECT_EQ(c.get("/getInfo").msg(), "用户token已失效，请重新登录");
  // A login after the reset works, and the admin's own session was not touched.
  auto fresh = login("bob", "newpass1");
  EXPECT_EQ(probe(fresh), 200);
  EXPECT_EQ(probe(token_), 200);
}

TEST_P(SessionEndApi, UpdatePasswordKeepsTheCallersSessionAndEndsTheOthers) {
  auto a = login("bob", "secret123");
  auto b = login("bob", "secret123");
  auto changed = as(a, "/system/user/profile/updatePwd", R"({"oldPassword":"secret123","newPassword":"newpass1"})");
  ASSERT_EQ(changed.code(), 200) << changed.body;
  EXPECT_EQ(probe(a), 200);
  EXPECT_EQ(probe(b), 401);
  auto fresh = login("bob", "newpass1");
  EXPECT_EQ(probe(fresh), 200);
  EXPECT_EQ(probe(a), 200);  // still kept after another login
  // A second change from the new session keeps that one and ends the first.
  auto again = as(fresh, "/system/user/profile/updatePwd", R"({"oldPassword":"newpass1","newPassword":"newpass2"})");
  ASSERT_EQ(again.code(), 200) << again.body;
  EXPECT_EQ(probe(fresh), 200);
  EXPECT_EQ(probe(a), 401);
}

TEST_P(SessionEndApi, DisableThenEnableDoesNotReviveOldSessions) {
  auto by_status = login("bob", "secret123");
  ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + bob_ + R"(,"status":"1"})").code(), 200);
  EXPECT_EQ(probe(by_status), 401);
  ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + bob_ + R"(,"status":"0"})").code(), 200);
  EXPECT_EQ(probe(by_status), 401);
  auto fresh = login("bob", "secret123");
  EXPECT_EQ(probe(fresh), 200);

  // The same through the edit form.
  ASSERT_EQ(client().put("/system/user", R"({"userId":)" + bob_ + R"(,"status":"1"})").code(), 200);
  ASSERT_EQ(client().put("/system/user", R"({"userId":)" + bob_ + R"(,"status":"0"})").code(), 200);
  EXPECT_EQ(probe(fresh), 401);
  EXPECT_EQ(probe(login("bob", "secret123")), 200);
}

TEST_P(SessionEndApi, EditWithoutDisablingKeepsSessions) {
  auto a = login("bob", "secret123");
  ASSERT_EQ(client().put("/system/user", R"({"userId":)" + bob_ + R"(,"nickName":"Robert","status":"0"})").code(), 200);
  EXPECT_EQ(probe(a), 200);
}

TEST_P(SessionEndApi, DeleteEndsEverySessionOfTheUser) {
  auto a = login("bob", "secret123");
  auto b = login("bob", "secret123");
  ASSERT_EQ(client().del("/system/user/" + bob_).code(), 200);
  EXPECT_EQ(probe(a), 401);
  EXPECT_EQ(probe(b), 401);
}

TEST_P(SessionEndApi, ATokenWithoutTheVersionClaimCountsAsVersionZero) {
  auto config = base_config();
  config.jwt_secret = "test-secret";
  start(config);
  auto token = login("bob", "secret123");
  auto claims =
      bj::parse(*auth::base64url_decode(token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1)))
          .as_object();
  EXPECT_EQ(claims.at("sv").as_int64(), 0);
  // The same token without `sv` (as issued before the claim existed), stored as its session.
  claims.erase("sv");
  auto legacy = auth::sign_jwt(claims, "test-secret");
  auto key = "access_token:" + std::string(claims.at("session_id").as_string());
  test::run(app().cache().set(key, legacy, std::chrono::seconds(300)));
  EXPECT_EQ(probe(legacy), 200);
  ASSERT_EQ(client().put("/system/user/resetPwd", R"({"userId":)" + bob_ + R"(,"password":"newpass1"})").code(), 200);
  EXPECT_EQ(probe(legacy), 401);
}

// Two instances on one database: a reset through one ends the session held on the other, with no
// message between them (the version lives in sys_user; the guard's in-process copy of the account
// is valid only under the shared version the reset bumps — Redis — and is off for PostgreSQL
// without Redis). Two processes on one SQLite file share no cache: that layout needs the copies
// off (RUOYI_LOCAL_COPY_SECONDS=0, README), as this test's sqlite variant sets.
TEST_P(SessionEndApi, AResetOnOneInstanceEndsTheSessionsOnAnother) {
  auto config = base_config();
  if (GetParam() == test::Backend::sqlite) {
    config.local_copy_max_age = std::chrono::seconds(0);
    start(config);
  }
  auto a = login("bob", "secret123");
  ASSERT_EQ(probe(a), 200);
  {
    app::Application other(config);
    http::TestClient admin(other.handler(), other.settled());
    http::TestClient anonymous(other.handler(), other.settled());
    auto token = anonymous.post("/login", "username=admin&password=admin123", "application/x-www-form-urlencoded");
    ASSERT_EQ(token.code(), 200) << token.body;
    admin.set_header("Authorization", "Bearer " + std::string(token.json().as_object().at("token").as_string()));
    ASSERT_EQ(admin.put("/system/user/resetPwd", R"({"userId":)" + bob_ + R"(,"password":"newpass1"})").code(), 200);
  }
  EXPECT_EQ(probe(a), 401);
}

// updatePwd checks the old password and hashes the new one before it writes. A disable (then
// re-enable) by an admin while those hashes run must win: the write changes nothing, and the
// caller's session stays ended — it must not be kept alive as "the caller's" session.
TEST_P(SessionEndApi, UpdatePasswordLosesToADisableMadeWhileItHashed) {
  auto a = login("bob", "secret123");
  std::future<http::Response> pending;
  {
    test::HashingGate gate;
    auto base = auth::hashing_in_flight();
    http::Request req;
    req.method = http::Method::put;
    req.path = req.target = "/system/user/profile/updatePwd";
    req.body = R"({"oldPassword":"secret123","newPassword":"newpass1"})";
    req.headers.add("Content-Type", "application/json");
    req.headers.add("Authorization", "Bearer " + a);
    pending = boost::asio::co_spawn(client().context(), app().handle(std::move(req)), boost::asio::use_future);
    auto& io = client().context();
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (auth::hashing_in_flight() != base + 1 && std::chrono::steady_clock::now() < until) {
      io.restart();
      io.run_one_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(auth::hashing_in_flight(), base + 1) << "updatePwd never reached its password check";
    ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + bob_ + R"(,"status":"1"})").code(), 200);
    ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + bob_ + R"(,"status":"0"})").code(), 200);
  }  // the gate opens
  // Until the reply is there and the work it left on this loop (the version bump's task) is done:
  // nothing else runs this loop again before the test ends.
  auto& io = client().context();
  auto settled = app().settled();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready || !settled()) &&
         std::chrono::steady_clock::now() < until) {
    io.restart();
    io.run_one_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  auto reply = bj::parse(pending.get().body).as_object();
  EXPECT_EQ(reply.at("code").as_int64(), 500);
  EXPECT_EQ(reply.at("msg").as_string(), "修改密码失败，账号状态已变化，请重新登录后再试");
  EXPECT_EQ(probe(a), 401);                       // ended by the disable, not revived
  EXPECT_EQ(probe(login("bob", "secret123")), 200);  // the password did not change
}
