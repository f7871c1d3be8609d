// The in-process copies (the guard's accounts, the user directory) across two real server
// processes on one PostgreSQL + Redis: B uses its copies while nothing is written (counted in B's
// /metrics), and a write through A — a post added, a role disabled, a user disabled — is seen by
// B's very next request, with no message between the processes but the shared version in Redis.
#include "e2e/server_process.hpp"
#include "support/e2e_login.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <sstream>
#include <string>

using namespace ruoyi;
using test::ServerProcess;

namespace {

// ruoyi_local_copy_lookups_total{copy=…,result="hit"} on the process at `port` (loopback may scrape).
double hits(std::uint16_t port, const std::string& copy) {
  auto r = test::http_request(port, "GET", "/metrics", "", "", "");
  if (!r) return -1;
  std::istringstream in(r->body);
  std::string line;
  const auto series = "ruoyi_local_copy_lookups_total{copy=\"" + copy + "\",result=\"hit\"} ";
  while (std::getline(in, line))
    if (line.starts_with(series)) return std::stod(line.substr(series.size()));
  return -1;
}

std::size_t posts_of_user_form(std::uint16_t port, const std::string& auth) {
  auto r = test::e2e_call(port, "GET", "/system/user/1", auth);
  if (r.code != 200) return 0;
  return r.json.as_object().at("posts").as_array().size();
}

}  // namespace

TEST(LocalCopyE2E, BUsesItsCopiesUntilAWriteThroughAAndSeesItAtItsNextRequest) {
  if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  if (std::system("command -v redis-server >/dev/null 2>&1") != 0) GTEST_SKIP() << "redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  auto dbname = postgres.create_database();
  test::RedisServer redis;
  test::TempDir dir_a, dir_b;
  const std::vector<std::string> shared = {"RUOYI_DB_URL=" + postgres.url(dbname), "RUOYI_REDIS_URL=" + redis.url(3),
                                           "RUOYI_JWT_SECRET=local-copy-e2e-shared-secret-0123456789",
                                           "RUOYI_LOG_LEVEL=critical", "RUOYI_CAPTCHA_ENABLED=false"};
  ServerProcess a(dir_a.str(), test::free_port(), shared);
  ASSERT_TRUE(a.wait_ready());
  ServerProcess b(dir_b.str(), test::free_port(), shared);
  ASSERT_TRUE(b.wait_ready());
  auto admin = test::login_header(a.port(), "admin", "admin123");
  auto holder = test::login_header(a.port(), "niangao", "admin123");  // role 2
  ASSERT_FALSE(admin.empty());
  ASSERT_FALSE(holder.empty());

  // B loads its copies, then answers from them: hits grow, nothing is written.
  auto posts = posts_of_user_form(b.port(), admin);
  ASSERT_GT(posts, 0u);
  ASSERT_EQ(test::e2e_call(b.port(), "GET", "/system/user/list", holder).code, 200);
  auto account_hits = hits(b.port(), "account");
  auto directory_hits = hits(b.port(), "user_directory");
  EXPECT_EQ(posts_of_user_form(b.port(), admin), posts);
  ASSERT_EQ(test::e2e_call(b.port(), "GET", "/system/user/list", holder).code, 200);
  EXPECT_GE(hits(b.port(), "account"), account_hits + 2);
  EXPECT_EQ(hits(b.port(), "user_directory"), directory_hits + 2);  // the detail and the list's depts

  // A post added through A: B's next user form lists it.
  auto add = test::e2e_call(a.port(), "POST", "/system/post", admin,
                            R"({"postCode":"e2e","postName":"副本","postSort":9,"status":"0"})");
  ASSERT_EQ(add.code, 200) << add.body;
  EXPECT_EQ(posts_of_user_form(b.port(), admin), posts + 1);

  // Role 2 disabled through A: its holder's next request on B has none of its permissions.
  auto off = test::e2e_call(a.port(), "PUT", "/system/role/changeStatus", admin, R"({"roleId":2,"status":"1"})");
  ASSERT_EQ(off.code, 200) << off.body;
  EXPECT_EQ(test::e2e_call(b.port(), "GET", "/system/user/list", holder).code, 403);
  auto on = test::e2e_call(a.port(), "PUT", "/system/role/changeStatus", admin, R"({"roleId":2,"status":"0"})");
  ASSERT_EQ(on.code, 200) << on.body;
  EXPECT_EQ(test::e2e_call(b.port(), "GET", "/system/user/list", holder).code, 200);

  // The holder disabled through A: the next request on B ends the session.
  auto id = test::e2e_call(b.port(), "GET", "/getInfo", holder).json.at("user").at("userId").as_int64();
  auto disable = test::e2e_call(a.port(), "PUT", "/system/user/changeStatus", admin,
                                R"({"userId":)" + std::to_string(id) + R"(,"status":"1"})");
  ASSERT_EQ(disable.code, 200) << disable.body;
  EXPECT_EQ(test::e2e_call(b.port(), "GET", "/getInfo", holder).code, 401);

  EXPECT_EQ(a.terminate(), 0);
  EXPECT_EQ(b.terminate(), 0);
}
