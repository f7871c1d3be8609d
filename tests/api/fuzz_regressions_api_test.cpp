// Inputs the fuzz targets (fuzz/) found, replayed through the API: each must get the ordinary answer
// to bad input (601 naming the field) and write nothing. The raw bytes also sit in fuzz/corpus/.
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>

using namespace ruoyi;

namespace {

class FuzzRegressionsApi : public test::AppTest {};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, FuzzRegressionsApi, test::all_backends(), test::backend_name);

// fuzz_json_body: a number past int64 was cast to int64 before its range was checked (undefined
// behaviour, UBSan's float-cast-overflow); fuzz/corpus/json_body/double_past_int64.
TEST_P(FuzzRegressionsApi, AnIdPastInt64IsA601NamingTheFieldAndWritesNothing) {
  auto users = scalar("SELECT COUNT(*) FROM sys_user");
  auto links = scalar("SELECT COUNT(*) FROM sys_user_role");
  auto add = client().post(
      "/system/user",
      R"({"userName":"bob","nickName":"Bob","password":"secret123","roleIds":[22222222222222222222222222222222222222222222221]})");
  EXPECT_EQ(add.code(), 601) << add.body;
  EXPECT_NE(add.msg().find("roleIds"), std::string::npos) << add.msg();
  for (const char* id : {"1e46", "-1e300", "9.3e18"}) {
    auto edit = client().put("/system/user", std::string(R"({"userId":)") + id + R"(,"nickName":"x"})");
    EXPECT_EQ(edit.code(), 601) << id << ": " << edit.body;
    EXPECT_NE(edit.msg().find("userId"), std::string::npos) << edit.msg();
    auto status = client().put("/system/user/changeStatus", std::string(R"({"userId":)") + id + R"(,"status":"1"})");
    EXPECT_EQ(status.code(), 601) << id << ": " << status.body;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user"), users);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role"), links);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE nick_name = 'x' OR status = '1'"), 0);
}
