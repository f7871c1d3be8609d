// Granting roles (API.md §2): a caller other than user 1 links no role 1, no role outside its scope,
// no role carrying a menu it lacks, and never changes its own roles — on every path that writes
// sys_user_role (add, edit, authRole). Import writes no role links. A refusal writes nothing.
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

using namespace ruoyi;

namespace {

constexpr const char* refused = "没有权限访问角色数据";

class RoleGrantApi : public test::ApiTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    if (IsSkipped()) return;
    // Role 10: the user pages' menus (system:user:*), data scope all — the user editor of issue 12.
    make_role(10, "1", "m.menu_id IN (1, 100) OR m.perms LIKE 'system:user:%'");
    // Role 11: a subset of role 10's menus: the editor may hand it out.
    make_role(11, "1", "m.menu_id IN (1, 100, 1000)");
    editor_ = add_user("editor", 103, "[10]");
    bob_ = add_user("bob", 105, "[]");
  }

  // Every (user, role) link, as "u:r " pairs: compared before and after a refused request.
  std::string links() {
    return test::run([this]() -> boost::asio::awaitable<std::string> {
      db::Session s(app().database());
      auto r = co_await s.query("SELECT user_id, role_id FROM sys_user_role ORDER BY user_id, role_id");
      std::string out;
      for (auto& row : r.rows)
        out +=
            std::to_string(std::get<std::int64_t>(row[0])) + ":" + std::to_string(std::get<std::int64_t>(row[1])) + " ";
      co_return out;
    }());
  }
  // A user added by the admin (password secret123).
  std::int64_t add_user(const std::string& name, std::int64_t dept, const std::string& roles) {
    auto r = client().post("/system/user", R"({"userName":")" + name + R"(","nickName":")" + name +
                                               R"(","password":"secret123","deptId":)" + std::to_string(dept) +
                                               R"(,"roleIds":)" + roles + "}");
    EXPECT_EQ(r.code(), 200) << r.body;
    return scalar("SELECT user_id FROM sys_user WHERE user_name = '" + name + "' AND del_flag = '0'");
  }
  http::TestResponse auth_role(http::TestClient& c, std::int64_t user, const std::string& roles) {
    return c.put("/system/user/authRole?userId=" + std::to_string(user) + "&roleIds=" + roles, "");
  }
  http::TestResponse edit(http::TestClient& c, std::int64_t user, const std::string& fields) {
    return c.put("/system/user", R"({"userId":)" + std::to_string(user) + "," + fields + "}");
  }
  http::TestResponse add(http::TestClient& c, const std::string& name, const std::string& roles) {
    return c.post("/system/user", R"({"userName":")" + name +
                                      R"(","nickName":"n","password":"secret123",)"
                                      R"("deptId":105,"roleIds":)" +
                                      roles + "}");
  }

  std::int64_t editor_ = 0;
  std::int64_t bob_ = 0;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, RoleGrantApi, test::all_backends(), test::backend_name);

TEST_P(RoleGrantApi, UserEditorCannotGrantTheSuperAdminRole) {
  auto editor = as("editor");
  const auto before = links();
  auto r = auth_role(*editor, bob_, "1");
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), refused);
  EXPECT_EQ(auth_role(*editor, bob_, "11,1").msg(), refused);  // not even next to a grantable one
  EXPECT_EQ(edit(*editor, bob_, R"("nickName":"boss","roleIds":[1])").msg(), refused);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE nick_name = 'boss'"), 0);  // the edit wrote nothing
  EXPECT_EQ(links(), before);
  // A super admin refused at creation: no user row, no link.
  EXPECT_EQ(add(*editor, "root2", "[1]").msg(), refused);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'root2'"), 0);
  EXPECT_EQ(links(), before);
  // Nor does the editor get *:*:* on its next request.
  auto info = editor->get("/getInfo").json().as_object();
  EXPECT_EQ(info.at("permissions").as_array().size() > 1, true);
  for (auto& p : info.at("permissions").as_array()) EXPECT_NE(p.as_string(), "*:*:*");
}

TEST_P(RoleGrantApi, UserEditorCannotGrantARoleCarryingMenusItLacks) {
  auto editor = as("editor");
  const auto before = links();
  // Role 2 carries every seeded menu; the editor holds only the user pages'.
  EXPECT_EQ(auth_role(*editor, bob_, "2").msg(), refused);
  EXPECT_EQ(edit(*editor, bob_, R"("roleIds":[2])").msg(), refused);
  EXPECT_EQ(add(*editor, "wide", "[2]").msg(), refused);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'wide'"), 0);
  EXPECT_EQ(links(), before);
  // A role whose menus it holds itself, it may give.
  auto ok = auth_role(*editor, bob_, "11");
  ASSERT_EQ(ok.code(), 200) << ok.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + std::to_string(bob_) + " AND role_id = 11"),
            1);
  EXPECT_EQ(add(*editor, "narrow", "[11]").code(), 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role ur JOIN sys_user u ON u.user_id = ur.user_id "
                   "WHERE u.user_name = 'narrow' AND ur.role_id = 11"),
            1);
}

TEST_P(RoleGrantApi, NobodyButUserOneChangesTheirOwnRoles) {
  auto editor = as("editor");
  const auto before = links();
  // Widening: a second role (grantable to others) or a wider one.
  EXPECT_EQ(auth_role(*editor, editor_, "10,11").msg(), refused);
  EXPECT_EQ(auth_role(*editor, editor_, "10,2").msg(), refused);
  EXPECT_EQ(edit(*editor, editor_, R"("roleIds":[10,11])").msg(), refused);
  // Dropping its own roles is a change too.
  EXPECT_EQ(auth_role(*editor, editor_, "").msg(), refused);
  EXPECT_EQ(links(), before);
  // Editing its own record with the roles it holds changes no role: allowed.
  auto same = edit(*editor, editor_, R"("nickName":"Ed","roleIds":[10])");
  EXPECT_EQ(same.code(), 200) << same.body;
  EXPECT_EQ(links(), before);
  // User 1 may (it holds role 1 whatever it submits: it cannot be edited, authRole refuses it).
  EXPECT_EQ(client().put("/system/user/authRole?userId=1&roleIds=1,2", "").msg(), "不允许操作超级管理员用户");
}

TEST_P(RoleGrantApi, KeepingARoleTheUserHoldsGrantsNothingAndIsAllowed) {
  // Bob holds role 2 (from user 1). The editor, who lacks role 2's menus, still edits bob's record
  // as the edit form sends it (with bob's roles), and may take role 2 away.
  ASSERT_EQ(auth_role(client(), bob_, "2").code(), 200);
  auto editor = as("editor");
  EXPECT_EQ(edit(*editor, bob_, R"("nickName":"Robert","roleIds":[2])").code(), 200);
  EXPECT_EQ(auth_role(*editor, bob_, "2,11").code(), 200);  // role 2 kept, 11 added
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + std::to_string(bob_)), 2);
  EXPECT_EQ(auth_role(*editor, bob_, "11").code(), 200);  // role 2 dropped
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + std::to_string(bob_)), 1);
  // Once dropped, it cannot come back through the editor.
  EXPECT_EQ(auth_role(*editor, bob_, "11,2").msg(), refused);
}

TEST_P(RoleGrantApi, RoleOutsideTheCallersScopeIsNotGranted) {
  // A scope-3 editor in dept 105; role 12 (menus it holds) is held only by a user in dept 108.
  make_role(13, "3", "m.menu_id IN (1, 100) OR m.perms LIKE 'system:user:%'");
  make_role(12, "3", "m.menu_id IN (1, 100)");  // scope 3: no wider than the caller's (see below)
  add_user("scoped", 105, "[13]");
  add_user("far", 108, "[12]");
  auto scoped = as("scoped");
  const auto before = links();
  EXPECT_EQ(auth_role(*scoped, bob_, "12").msg(), refused);
  EXPECT_EQ(edit(*scoped, bob_, R"("roleIds":[12])").msg(), refused);
  EXPECT_EQ(add(*scoped, "inscope", "[12]").msg(), refused);
  EXPECT_EQ(links(), before);
  // Once a holder sits in its dept, the role is in its scope.
  exec("UPDATE sys_user SET dept_id = 105 WHERE user_name = 'far'");
  EXPECT_EQ(auth_role(*scoped, bob_, "12").code(), 200);
}

TEST_P(RoleGrantApi, AnotherHolderOfRoleOneGivesAnyRoleButRoleOne) {
  add_user("admin2", 103, "[1]");
  auto admin2 = as("admin2");
  const auto before = links();
  EXPECT_EQ(auth_role(*admin2, bob_, "1").msg(), refused);
  EXPECT_EQ(add(*admin2, "root3", "[1]").msg(), refused);
  EXPECT_EQ(links(), before);
  // Role 1 holds every menu, so role 2 is no widening.
  EXPECT_EQ(auth_role(*admin2, bob_, "2").code(), 200);
  // User 1 still grants role 1.
  EXPECT_EQ(auth_role(client(), bob_, "1").code(), 200);
}

TEST_P(RoleGrantApi, UnknownRoleIsStillReportedAsMissing) {
  auto editor = as("editor");
  EXPECT_EQ(auth_role(*editor, bob_, "77").msg(), "角色不存在");
  EXPECT_EQ(add(*editor, "ghost", "[77]").msg(), "角色不存在");
}

TEST_P(RoleGrantApi, RoleWithAWiderDataScopeThanTheCallersIsNotGranted) {
  // A scope-3 user editor in dept 105. Role 14 (scope all) and role 16 (custom: depts 105 and 108)
  // carry only menus the editor holds and have a holder in dept 105, so both are visible to it: the
  // data scope alone makes them a widening — a puppet holding one would read depts the editor cannot.
  make_role(13, "3", "m.menu_id IN (1, 100) OR m.perms LIKE 'system:user:%'");
  make_role(14, "1", "m.menu_id IN (1, 100)");
  make_role(15, "2", "m.menu_id IN (1, 100)");
  make_role(16, "2", "m.menu_id IN (1, 100)");
  exec("INSERT INTO sys_role_dept (role_id, dept_id) VALUES (15, 105)");
  exec("INSERT INTO sys_role_dept (role_id, dept_id) VALUES (16, 105)");
  exec("INSERT INTO sys_role_dept (role_id, dept_id) VALUES (16, 108)");
  add_user("scoped", 105, "[13]");
  add_user("holder", 105, "[14,15,16]");
  auto scoped = as("scoped");
  const auto before = links();
  for (const char* wide : {"14", "16"}) {
    SCOPED_TRACE(wide);
    auto r = add(*scoped, "puppet", std::string("[") + wide + "]");
    EXPECT_EQ(r.code(), 500);
    EXPECT_EQ(r.msg(), refused);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'puppet'"), 0);
    EXPECT_EQ(auth_role(*scoped, bob_, wide).msg(), refused);
    EXPECT_EQ(edit(*scoped, bob_, std::string(R"("nickName":"puppet","roleIds":[)") + wide + "]").msg(), refused);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE nick_name = 'puppet'"), 0);
    EXPECT_EQ(links(), before);
  }
  // A custom role whose depts all lie in the editor's scope gives nothing it cannot see.
  auto ok = add(*scoped, "narrow", "[15]");
  ASSERT_EQ(ok.code(), 200) << ok.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role ur JOIN sys_user u ON u.user_id = ur.user_id "
                   "WHERE u.user_name = 'narrow' AND ur.role_id = 15"),
            1);
  // A caller that has scope all itself (the editor, role 10) may give scope all.
  make_role(17, "1", "m.menu_id IN (1, 100)");
  add_user("holder17", 103, "[17]");
  EXPECT_EQ(auth_role(*as("editor"), bob_, "17").code(), 200);
}

TEST_P(RoleGrantApi, ASubtreeScopeIsGrantedOnlyWhereTheWholeSubtreeIsInTheCallersScope) {
  // Scope 4 shows its holder the subtree of the holder's dept. A scope-3 editor in dept 101 sees
  // dept 101 only: a user of dept 101 given scope 4 would read depts 103–107 it cannot see.
  make_role(13, "3", "m.menu_id IN (1, 100) OR m.perms LIKE 'system:user:%'");
  make_role(18, "4", "m.menu_id IN (1, 100)");
  add_user("scoped101", 101, "[13]");
  add_user("holder101", 101, "[18]");  // role 18 has a holder in the editor's scope: visible to it
  auto target = add_user("target101", 101, "[]");
  const auto before = links();
  EXPECT_EQ(auth_role(*as("scoped101"), target, "18").msg(), refused);
  EXPECT_EQ(edit(*as("scoped101"), target, R"("roleIds":[18])").msg(), refused);
  EXPECT_EQ(links(), before);
  // In a leaf dept the subtree is the dept itself: nothing beyond the editor's own scope.
  add_user("scoped105", 105, "[13]");
  add_user("holder105", 105, "[18]");
  auto leaf = add_user("target105", 105, "[]");
  auto ok = auth_role(*as("scoped105"), leaf, "18");
  EXPECT_EQ(ok.code(), 200) << ok.body;
}
