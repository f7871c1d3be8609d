// The in-process copies (cache::LocalCache): the guard's account and the user directory (roles, posts, depts) are
// read from the database once, then used until a write — any write request, through the API — ends
// them; the next request after the write answers from the database again. Counted through
// GET /metrics (ruoyi_local_copy_lookups_total). PostgreSQL without Redis keeps no copies (other
// instances' writes could not reach them). Two real processes: tests/e2e/local_copy_e2e_test.cpp.
#include "support/api_helpers.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace ruoyi;

namespace {

class LocalCopyApi : public test::ApiTest {
 protected:
  bool copies_on() const { return GetParam() != test::Backend::postgres; }
  // ruoyi_local_copy_lookups_total{copy=…,result=…}
  double lookups(const std::string& copy, const std::string& result) {
    auto r = client().get("/metrics");
    EXPECT_EQ(r.status, 200u);
    std::istringstream in(r.body);
    std::string line;
    const auto series = "ruoyi_local_copy_lookups_total{copy=\"" + copy + "\",result=\"" + result + "\"} ";
    while (std::getline(in, line))
      if (line.starts_with(series)) return std::stod(line.substr(series.size()));
    return -1;
  }
  std::int64_t code(const http::TestResponse& r) { return r.json().as_object().at("code").as_int64(); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, LocalCopyApi, test::all_backends(), test::backend_name);

TEST_P(LocalCopyApi, TheGuardUsesItsCopyOfTheAccountUntilAWriteEndsIt) {
  auto bob = as_user_with("bob", "'system:user:list'");
  ASSERT_EQ(code(bob->get("/system/user/list")), 200);
  auto hits = lookups("account", "hit");
  auto misses = lookups("account", "miss");
  ASSERT_EQ(code(bob->get("/system/user/list")), 200);
  ASSERT_EQ(code(bob->get("/system/user/list")), 200);
  if (!copies_on()) {
    EXPECT_EQ(lookups("account", "hit"), hits);
    return;
  }
  // Two more of bob's requests: hits only (GET /metrics itself has no guard).
  EXPECT_EQ(lookups("account", "hit"), hits + 2);
  EXPECT_EQ(lookups("account", "miss"), misses);
  // bob's role loses the list permission through the API: his very next request is refused.
  auto put = client().put("/system/role", R"({"roleId":50,"roleName":"r50","roleKey":"r50","roleSort":50,)"
                                          R"("status":"0","menuIds":[]})");
  ASSERT_EQ(code(put), 200) << put.body;
  EXPECT_EQ(code(bob->get("/system/user/list")), 403);
  // And a disable through the API ends his session at once.
  auto id = scalar("SELECT user_id FROM sys_user WHERE user_name = 'bob'");
  ASSERT_EQ(code(client().put("/system/user/changeStatus", R"({"userId":)" + std::to_string(id) + R"(,"status":"1"})")),
            200);
  EXPECT_EQ(code(bob->get("/getInfo")), 401);
}

TEST_P(LocalCopyApi, TheUserFormOptionsAreCopiedUntilAPostIsAdded) {
  auto posts = [&] { return client().get("/system/user/1").json().as_object().at("posts").as_array().size(); };
  auto before = posts();
  auto misses = lookups("user_directory", "miss");
  auto hits = lookups("user_directory", "hit");
  EXPECT_EQ(posts(), before);
  EXPECT_EQ(posts(), before);
  if (copies_on()) {
    EXPECT_EQ(lookups("user_directory", "hit"), hits + 2);
    EXPECT_EQ(lookups("user_directory", "miss"), misses);
  }
  auto add = client().post("/system/post", R"({"postCode":"lc","postName":"本地副本","postSort":9,"status":"0"})");
  ASSERT_EQ(code(add), 200) << add.body;
  EXPECT_EQ(posts(), before + 1);  // the next request after the write reads them again
  if (copies_on()) EXPECT_EQ(lookups("user_directory", "miss"), misses + 1);
  // The add form (GET /system/user/) shares the copy.
  auto form = client().get("/system/user/");
  EXPECT_EQ(form.json().as_object().at("posts").as_array().size(), before + 1);
}

TEST_P(LocalCopyApi, ARefusedWriteDoesNotEndTheCopies) {
  auto bob = as_user_with("bob", "'system:user:list'");
  ASSERT_EQ(code(bob->get("/system/user/list")), 200);
  auto misses = lookups("account", "miss");
  // bob may not add a post (403 from the guard): no write happened, nothing to announce.
  ASSERT_EQ(code(bob->post("/system/post", R"({"postCode":"x","postName":"x","postSort":1,"status":"0"})")), 403);
  ASSERT_EQ(code(bob->get("/system/user/list")), 200);
  if (copies_on()) EXPECT_EQ(lookups("account", "miss"), misses);
}
