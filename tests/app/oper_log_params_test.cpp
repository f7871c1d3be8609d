// monitor::operlog parameter formatting: secrets masked in JSON bodies, forms and query strings,
// uploads only described, long text cut to 请求参数过长 / 返回参数过长; the row built from a draft.
#include "monitor/operlog/business_type.hpp"
#include "monitor/operlog/oper_log.hpp"

#include <gtest/gtest.h>

using namespace ruoyi::monitor::operlog;

namespace {
using Params = std::vector<std::pair<std::string, std::string>>;
std::string json_body(std::string_view body) { return format_params({}, "", "application/json", body, body.size()); }
}  // namespace

TEST(OperLogParams, SecretKeysAreMaskedAtAnyDepthAndCase) {
  EXPECT_EQ(json_body(R"({"userName":"a","password":"p1","nested":{"oldPwd":"p2","list":[{"PASSWORD":1}]}})"),
            R"({"userName":"a","password":"******","nested":{"oldPwd":"******","list":[{"PASSWORD":"******"}]}})");
  EXPECT_EQ(format_params({}, "userId=3&newPassword=abc&pwd=x", "", "", 0),
            R"({"newPassword":"******","pwd":"******","userId":"3"})");
  EXPECT_EQ(format_params({}, "", "application/x-www-form-urlencoded", "userName=a&Password=b", 21),
            R"({"Password":"******","userName":"a"})");
}

TEST(OperLogParams, PathQueryAndBodyAreOneObject) {
  Params path{{"userIds", "3,4"}};
  EXPECT_EQ(format_params(path, "a=1", "application/json", R"({"b":2})", 7), R"({"userIds":"3,4","a":"1","b":2})");
  EXPECT_EQ(format_params({}, "", "", "", 0), "");
  EXPECT_EQ(json_body("[1,2]"), R"({"body":[1,2]})");
}

TEST(OperLogParams, UploadsAndUnparseableBodiesAreDescribedNotCopied) {
  auto up = format_params({}, "updateSupport=1", "multipart/form-data; boundary=x", "", 12345);
  EXPECT_EQ(up, R"({"updateSupport":"1","body":"[multipart/form-data, 12345 bytes]"})");
  auto bad = json_body(R"({"password":"secret)");
  EXPECT_EQ(bad.find("secret"), std::string::npos) << bad;
  EXPECT_EQ(bad, R"({"body":"[unparsed body, 19 bytes]"})");
}

TEST(OperLogParams, LongTextIsCutToTheMarker) {
  std::string ok(1990, 'x');
  EXPECT_EQ(json_body(R"({"r":")" + ok + R"("})").size(), ok.size() + 8);
  std::string long_value(2000, 'x');
  EXPECT_EQ(json_body(R"({"r":")" + long_value + R"("})"), params_too_long);
  // Characters, not bytes: 1000 Chinese characters (3000 bytes) fit.
  std::string chinese;
  for (int i = 0; i < 1000; ++i) chinese += "字";
  EXPECT_EQ(cut_text(chinese, result_too_long), chinese);
  EXPECT_EQ(cut_text(chinese + chinese + "x", result_too_long), result_too_long);
  // A body too large to have been kept.
  EXPECT_EQ(format_params({}, "", "application/json", "", max_kept_bytes + 1), params_too_long);
}

TEST(OperLogParams, RowTakesStatusAndMessageFromTheEnvelope) {
  OperLogDraft d;
  d.title = "用户管理";
  d.business_type = business::other;
  d.oper_ip = "10.1.2.3";
  d.user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0";
  d.reply_is_json = true;
  d.reply_body = R"({"code":500,"msg":"新增用户'a'失败，登录账号已存在","success":false})";
  d.reply_size = d.reply_body.size();
  auto row = build_row(d);
  EXPECT_EQ(row.business_type, 0);
  EXPECT_EQ(row.status, 1);
  EXPECT_EQ(row.error_msg, "新增用户'a'失败，登录账号已存在");
  EXPECT_EQ(row.operator_type, 1);
  EXPECT_EQ(row.oper_location, "内网IP");
  d.reply_body = R"({"code":200,"msg":"操作成功"})";
  row = build_row(d);
  EXPECT_EQ(row.status, 0);
  EXPECT_EQ(row.error_msg, "");
  d.reply_body = "{\"code\":200,\"msg\":\"" + std::string(2100, 'y') + "\"}";
  EXPECT_EQ(build_row(d).json_result, result_too_long);
}
