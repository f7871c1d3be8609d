// Id lists from a client — a path's `1,2,3`, a query's `userIds=`, a body's `menuIds: […]` — hold
// at most 1000 ids: a longer list is a 601 naming the parameter, before any statement runs (one
// request cannot hold the write lock for thousands of checks, nor pass the database's limit on
// bound variables), and nothing is written.
#include "support/app_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace ruoyi;

namespace {

class IdListLimitApi : public test::AppTest {
 protected:
  static std::string ids(int n, int first = 1) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? "," : "") + std::to_string(first + i);
    return out;
  }
  void expect_601(const http::TestResponse& r, const std::string& msg) {
    EXPECT_EQ(r.code(), 601) << r.body;
    EXPECT_EQ(r.msg(), msg);
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, IdListLimitApi, test::all_backends(), test::backend_name);

TEST_P(IdListLimitApi, PathQueryAndBodyListsOverAThousandIdsAre601AndWriteNothing) {
  const auto posts = scalar("SELECT COUNT(*) FROM sys_post");
  const auto links = scalar("SELECT COUNT(*) FROM sys_user_role");
  const auto role_menus = scalar("SELECT COUNT(*) FROM sys_role_menu");

  expect_601(client().del("/system/post/" + ids(1001)), "参数postIds最多1000个");
  expect_601(client().put("/system/role/authUser/selectAll?roleId=2&userIds=" + ids(1001, 100), ""),
             "参数userIds最多1000个");
  expect_601(client().put("/system/role", R"({"roleId":2,"menuIds":[)" + ids(1001) + "]}"), "参数menuIds最多1000个");

  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_post"), posts);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role"), links);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_menu"), role_menus);

  // A thousand is still a list: the delete runs (the ids do not exist, so nothing goes).
  auto ok = client().del("/system/post/" + ids(1000, 10'000));
  EXPECT_EQ(ok.code(), 200) << ok.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_post"), posts);
}
