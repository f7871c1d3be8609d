// Changes to a role apply at once on every instance (issue 13): two real server processes on one
// PostgreSQL + Redis; a menu removed from a role through instance A is gone from its holder's
// /getRouters and permission check on instance B at B's next request — B's copy of the holder's
// permissions (the guard's in-process copy) ends with A's write (the shared version in Redis).
#include "e2e/server_process.hpp"
#include "support/e2e_login.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <string>

using namespace ruoyi;
using test::ServerProcess;

TEST(RoleE2E, AMenuRemovedOnInstanceAIsGoneForTheHolderOnInstanceBAtItsNextRequest) {
  if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  if (std::system("command -v redis-server >/dev/null 2>&1") != 0) GTEST_SKIP() << "redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  auto dbname = postgres.create_database();
  test::RedisServer redis;
  test::TempDir dir_a, dir_b;
  const std::vector<std::string> shared = {"RUOYI_DB_URL=" + postgres.url(dbname), "RUOYI_REDIS_URL=" + redis.url(2),
                                           "RUOYI_JWT_SECRET=role-e2e-shared-secret-0123456789abcdef",
                                           "RUOYI_LOG_LEVEL=critical"};
  ServerProcess a(dir_a.str(), test::free_port(), shared);
  ASSERT_TRUE(a.wait_ready());  // A migrates and seeds; B starts on the migrated database
  ServerProcess b(dir_b.str(), test::free_port(), shared);
  ASSERT_TRUE(b.wait_ready());

  auto admin = test::login_header(a.port(), "admin", "admin123");
  // The holder of role 2 (every seeded menu but 99) logs in on A and works on B: one session, in Redis.
  auto holder = test::login_header(a.port(), "niangao", "admin123");
  ASSERT_FALSE(admin.empty());
  ASSERT_FALSE(holder.empty());

  // Before: the user page is in B's routers and its list is allowed there.
  auto routers = test::e2e_call(b.port(), "GET", "/getRouters", holder);
  ASSERT_EQ(routers.code, 200) << routers.body;
  ASSERT_NE(routers.body.find("system/user/index"), std::string::npos);
  ASSERT_EQ(test::e2e_call(b.port(), "GET", "/system/user/list", holder).code, 200);

  // Through A: role 2 keeps the system directory and the role page with its buttons; 用户管理 (100)
  // and its buttons are removed.
  auto edit = test::e2e_call(a.port(), "PUT", "/system/role", admin,
                             R"({"roleId":2,"menuIds":[1,101,1007,1008,1009,1010,1011]})");
  ASSERT_EQ(edit.code, 200) << edit.body;

  // B's very next requests follow.
  routers = test::e2e_call(b.port(), "GET", "/getRouters", holder);
  ASSERT_EQ(routers.code, 200) << routers.body;
  EXPECT_EQ(routers.body.find("system/user/index"), std::string::npos) << routers.body;
  EXPECT_NE(routers.body.find("system/role/index"), std::string::npos) << routers.body;
  auto denied = test::e2e_call(b.port(), "GET", "/system/user/list", holder);
  EXPECT_EQ(denied.code, 403) << denied.body;
  EXPECT_EQ(test::e2e_call(b.port(), "GET", "/system/role/list", holder).code, 200);
  auto info = test::e2e_call(b.port(), "GET", "/getInfo", holder);
  EXPECT_EQ(info.body.find("system:user:list"), std::string::npos) << info.body;

  // And back through A: B gives the page again at once.
  edit = test::e2e_call(a.port(), "PUT", "/system/role", admin, R"({"roleId":2,"menuIds":[1,100,1000,101,1007]})");
  ASSERT_EQ(edit.code, 200) << edit.body;
  EXPECT_NE(test::e2e_call(b.port(), "GET", "/getRouters", holder).body.find("system/user/index"), std::string::npos);
  EXPECT_EQ(test::e2e_call(b.port(), "GET", "/system/user/list", holder).code, 200);

  EXPECT_EQ(a.terminate(), 0);
  EXPECT_EQ(b.terminate(), 0);
}
