#include "common/json.hpp"
#include "system/user/user_model.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

using namespace ruoyi;

TEST(JsonMapping, DescribedStructUsesCamelCaseKeysIsoDatesAndNulls) {
  system::user::User user;
  user.userId = 7;
  user.userName = "alice";
  user.createTime = core::DateTime::from_civil(2026, 11, 25, 9, 5, 3);
  auto obj = json::to_json(user).as_object();
  EXPECT_EQ(obj.at("userId").as_int64(), 7);
  EXPECT_EQ(obj.at("userName").as_string(), "alice");
  EXPECT_EQ(obj.at("createTime").as_string(), "2026-11-25T09:05:03");
  EXPECT_TRUE(obj.at("deptId").is_null());
  EXPECT_TRUE(obj.at("pwdUpdateDate").is_null());
  EXPECT_FALSE(obj.contains("password"));
}

TEST(JsonMapping, ReadObjectFillsGivenKeysAndIgnoresUnknownOnes) {
  auto body = json::parse_object(R"({"userName":"bob","deptId":"105","roleIds":[2,"3"],"unknown":1,"email":null})");
  auto in = json::read_object<system::user::UserCreate>(body);
  EXPECT_EQ(in.userName, "bob");
  EXPECT_EQ(in.deptId, 105);
  ASSERT_TRUE(in.roleIds);
  EXPECT_EQ(*in.roleIds, (std::vector<std::int64_t>{2, 3}));
  EXPECT_FALSE(in.email.has_value());
  EXPECT_FALSE(in.nickName.has_value());
}

TEST(JsonMapping, WrongTypeNamesTheField) {
  auto body = json::parse_object(R"({"userName":123})");
  try {
    (void)json::read_object<system::user::UserCreate>(body);
    FAIL() << "expected a ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("userName"), std::string::npos);
    EXPECT_EQ(e.code(), 601);
  }
  EXPECT_THROW((void)json::read_object<system::user::UserCreate>(json::parse_object(R"({"deptId":"abc"})")),
               ValidationError);
  EXPECT_THROW((void)json::read_object<system::user::UserCreate>(json::parse_object(R"({"deptId":1.5})")),
               ValidationError);
  EXPECT_THROW((void)json::read_object<system::user::UserCreate>(json::parse_object(R"({"roleIds":"1"})")),
               ValidationError);
}

// fuzz_json_body's crasher (fuzz/corpus/json_body/double_past_int64): a number past int64 in an id
// list was cast to int64 before its range was checked (undefined behaviour; UBSan stops there).
TEST(JsonMapping, NumbersPastInt64AreRefusedNamingTheField) {
  auto crasher = json::parse_object(
      R"({"uame":"Bob","passworep":106,"roleIds":[22222222222222222222222222222222222222222222221],"postIds":["3"],"emas":["3"],"emais":"0"})");
  try {
    json::read_object<system::user::UserCreate>(crasher);
    FAIL() << "accepted";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("roleIds"), std::string::npos) << e.what();
  }
  for (const char* body : {R"({"userId":1e300})", R"({"userId":-1e300})", R"({"userId":9.3e18})",
                           R"({"userId":-9.3e18})", R"({"userId":1.5})"})
    EXPECT_THROW(json::read_object<system::user::UserCreate>(json::parse_object(body)), ValidationError) << body;
  // The edges that do fit stay accepted.
  EXPECT_EQ(json::read_object<system::user::UserCreate>(json::parse_object(R"({"userId":-9223372036854775808.0})")).userId,
            INT64_MIN);
  EXPECT_EQ(json::read_object<system::user::UserCreate>(json::parse_object(R"({"userId":9.2e18})")).userId,
            std::int64_t{9'200'000'000'000'000'000});
  EXPECT_EQ(json::read_object<system::user::UserCreate>(json::parse_object(R"({"userId":105.0})")).userId, 105);
}

TEST(JsonMapping, MalformedBodiesAreValidationErrors) {
  EXPECT_THROW(json::parse_object("{bad json"), ValidationError);
  EXPECT_THROW(json::parse_object("[1,2]"), ValidationError);
  EXPECT_THROW(json::parse_object(""), ValidationError);
}

// The message of the ValidationError `fn` throws ("" when none).
template <class Fn>
std::string refusal(Fn fn) {
  try {
    fn();
  } catch (const ValidationError& e) {
    return e.what();
  }
  return {};
}

TEST(JsonMapping, BodyStringsWithNulOrInvalidUtf8AreRefusedNamingTheMember) {
  EXPECT_EQ(refusal([] { json::parse_object(R"({"nickName":"a\u0000b"})"); }), "参数nickName包含非法字符");
  EXPECT_EQ(refusal([] { json::parse_object("{\"nickName\":\"a\xC3\x28\"}"); }), "参数nickName包含非法字符");
  EXPECT_EQ(refusal([] { json::parse_object(R"({"roleNames":["ok","b\u0000"]})"); }), "参数roleNames包含非法字符");
  EXPECT_EQ(refusal([] { json::parse_object(R"({"dept":{"deptName":"\u0000"}})"); }), "参数deptName包含非法字符");
  EXPECT_EQ(refusal([] { json::parse_object(R"({"a\u0000":1})"); }), "请求参数名包含非法字符");
  EXPECT_EQ(refusal([] { json::parse_object(R"({"nickName":"若依 \ud83d\ude00"})"); }), "");  // a pair is fine
  // The unchecked parse leaves the check to its caller (POST /login logs the refusal).
  EXPECT_EQ(json::parse_object_unchecked(R"({"username":"a\u0000"})").at("username").as_string().size(), 2u);
}

TEST(DateTime, ParsesTheThreeFormsAndRejectsNonsense) {
  EXPECT_EQ(core::DateTime::parse("2026-02-28")->iso(), "2026-02-28T00:00:00");
  EXPECT_EQ(core::DateTime::parse("2026-02-28 23:59:58")->sql(), "2026-02-28 23:59:58");
  EXPECT_EQ(core::DateTime::parse("2026-02-28T01:02:03.123456")->iso(), "2026-02-28T01:02:03");
  EXPECT_FALSE(core::DateTime::parse("2026-02-30"));
  EXPECT_FALSE(core::DateTime::parse("2026-13-01"));
  EXPECT_FALSE(core::DateTime::parse("yesterday"));
  EXPECT_FALSE(core::DateTime::parse("2026-01-01 25:00:00"));
  EXPECT_EQ(core::DateTime::parse("2024-02-28")->plus_days(1).date(), "2024-02-29");
}

TEST(DateTime, EnvelopeTimeHasMicroseconds) {
  auto t = core::now_iso_micros();
  ASSERT_EQ(t.size(), 26u);
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t[19], '.');
}
