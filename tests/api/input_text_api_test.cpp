// Request text with a NUL byte or invalid UTF-8 is refused at the input layer on every route —
// query strings, form bodies, JSON strings, path segments — with 601 naming the field, before any
// SQL (PostgreSQL used to answer 500 接口异常; a `%00` filter used to be dropped). Nothing written.
#include "db/session.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

using namespace ruoyi;

namespace {

class InputTextApi : public test::AppTest {
 protected:
  std::int64_t count(const std::string& sql) {
    return test::run([this, sql]() -> boost::asio::awaitable<std::int64_t> {
      db::Session s(app().database());
      auto r = co_await s.query(sql);
      co_return r.scalar_int();
    }());
  }
  static std::string user_with_nick(const std::string& nick) {
    return R"({"userName":"textcheck","nickName":")" + nick +
           R"(","password":"secret123","deptId":105,"sex":"1","status":"0","roleIds":[2],"postIds":[2]})";
  }
  void expect_refused(const http::TestResponse& r, const std::string& msg) {
    EXPECT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.code(), 601) << r.body;
    EXPECT_EQ(r.msg(), msg) << r.body;
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, InputTextApi, test::all_backends(), test::backend_name);

TEST_P(InputTextApi, NulInAQueryFilterIsRefusedNotDropped) {
  expect_refused(client().get("/system/user/list?userName=%00x"), "参数userName包含非法字符");
  expect_refused(client().get("/system/user/list?userName=ad%00min"), "参数userName包含非法字符");
  // A clean filter still works.
  EXPECT_EQ(client().get("/system/user/list?userName=admin").json().as_object().at("total").as_int64(), 1);
}

TEST_P(InputTextApi, InvalidUtf8InAQueryFilterIsRefused) {
  expect_refused(client().get("/system/user/list?nickName=%FF"), "参数nickName包含非法字符");
  expect_refused(client().get("/system/user/list?nickName=%C0%AF"), "参数nickName包含非法字符");     // overlong '/'
  expect_refused(client().get("/system/user/list?nickName=%ED%A0%80"), "参数nickName包含非法字符");  // surrogate
  expect_refused(client().get("/system/user/list?nickName=%E8%8B"), "参数nickName包含非法字符");     // cut short
  // Well-formed multi-byte text is fine.
  EXPECT_EQ(client().get("/system/user/list?nickName=%E8%8B%A5%E4%BE%9D").code(), 200);
}

TEST_P(InputTextApi, NulInAJsonStringIsRefusedAndNothingWritten) {
  auto users = count("SELECT COUNT(*) FROM sys_user");
  expect_refused(client().post("/system/user", user_with_nick("Ali\\u0000ce")), "参数nickName包含非法字符");
  // Inside an array too (named by the array's key), and in a key of its own.
  auto in_array = user_with_nick("Alice");
  in_array.replace(in_array.find("\"postIds\":[2]"), 13, R"("postIds":[2],"tags":["ok","b\u0000d"])");
  expect_refused(client().post("/system/user", in_array), "参数tags包含非法字符");
  expect_refused(client().post("/system/user", R"({"user\u0000Name":"x"})"), "请求参数名包含非法字符");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_user"), users);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_user WHERE user_name = 'textcheck'"), 0);
}

TEST_P(InputTextApi, InvalidUtf8InAJsonStringIsRefusedNamingItsField) {
  auto users = count("SELECT COUNT(*) FROM sys_user");
  expect_refused(client().post("/system/user", user_with_nick("Ali\xC3\x28"
                                                              "ce")),
                 "参数nickName包含非法字符");
  expect_refused(client().post("/system/user", user_with_nick("\xFF")), "参数nickName包含非法字符");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_user"), users);
  // Well-formed text goes through.
  EXPECT_EQ(client().post("/system/user", user_with_nick("爱丽丝")).code(), 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_user"), users + 1);
}

TEST_P(InputTextApi, BadTextInAFormFieldIsRefused) {
  // The export form is read like a query string.
  expect_refused(client().post("/system/user/export", "userName=%FF", "application/x-www-form-urlencoded"),
                 "参数userName包含非法字符");
  expect_refused(client().post("/system/user/export", "nickName=a%00", "application/x-www-form-urlencoded"),
                 "参数nickName包含非法字符");
}

TEST_P(InputTextApi, BadTextInAPathSegmentIsRefused) {
  expect_refused(client().get("/system/dict/data/type/sys%00_user_sex"), "参数dictType包含非法字符");
  expect_refused(client().get("/system/config/configKey/%FF"), "参数configKey包含非法字符");
}

TEST_P(InputTextApi, LoginWithBadTextIsRefusedAndStillLogged) {
  auto logged = count("SELECT COUNT(*) FROM sys_logininfor WHERE status = '1'");
  expect_refused(form_login("%00x", "admin123"), "参数username包含非法字符");
  expect_refused(form_login("ad%FFmin", "admin123"), "参数username包含非法字符");
  expect_refused(form_login("admin", "admin%00123"), "参数password包含非法字符");
  http::TestClient anonymous(app().handler(), app().settled());
  expect_refused(anonymous.post("/login", R"({"username":"adm\u0000in","password":"admin123"})"),
                 "参数username包含非法字符");
  expect_refused(anonymous.post("/login", "{\"username\":\"adm\xFFin\",\"password\":\"admin123\"}"),
                 "参数username包含非法字符");
  // Each refused attempt wrote its failed row (the name stored with U+FFFD for the bad bytes).
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_logininfor WHERE status = '1'"), logged + 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_logininfor WHERE status = '1' AND msg = '参数username包含非法字符'"), 4);
  // None of them touched the account's lockout counter.
  EXPECT_FALSE(test::run(app().cache().exists("password_error_count:admin")));
}
