// /system/user edit, delete, resetPwd, changeStatus, authRole, deptTree, profile — and data scope.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class UserManageApi : public test::AppTest {
protected:
  std::string text(const std::string& sql) {
    return test::run([this, sql]() -> boost::asio::awaitable<std::string> {
      db::Session s(app().database());
      auto r = co_await s.query(sql);
      co_return r.rows.empty() ? std::string() : std::get<std::string>(r.rows[0][0]);
    }());
  }
  std::int64_t add_user(const std::string& name, std::int64_t dept, const std::string& roles = "[]") {
    auto r = client().post("/system/user", R"({"userName":")" + name + R"(","nickName":")" + name +
                                               R"(","password":"secret123","deptId":)" + std::to_string(dept) +
                                               R"(,"roleIds":)" + roles + "}");
    EXPECT_EQ(r.code(), 200) << r.body;
    return scalar("SELECT user_id FROM sys_user WHERE user_name = '" + name + "' AND del_flag = '0'");
  }
  // A client logged in as `name` (password secret123).
  std::unique_ptr<http::TestClient> as(const std::string& name) {
    auto c = std::make_unique<http::TestClient>(app().handler(), app().settled());
    c->set_header("Authorization", "Bearer " + login(name, "secret123"));
    return c;
  }
  // Role `id` with data scope `scope`, every seeded menu (so permissions are not the question).
  void role_with_scope(std::int64_t id, const std::string& scope) {
    exec("INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) VALUES (" +
         std::to_string(id) + ", 'r" + std::to_string(id) + "', 'r" + std::to_string(id) + "', " + std::to_string(id) +
         ", '" + scope + "', '0', '0')");
    exec("INSERT INTO sys_role_menu (role_id, menu_id) SELECT " + std::to_string(id) + ", menu_id FROM sys_menu");
  }
  std::vector<std::int64_t> listed_ids(http::TestClient& c) {
    auto body = c.get("/system/user/list?pageSize=100").json().as_object();
    EXPECT_EQ(body.at("code").as_int64(), 200) << body;
    std::vector<std::int64_t> ids;
    for (auto& row : body.at("rows").as_array()) ids.push_back(row.as_object().at("userId").as_int64());
    return ids;
  }
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Backends, UserManageApi, test::all_backends(), test::backend_name);

TEST_P(UserManageApi, EditChangesOnlyGivenFieldsAndRewritesLinks) {
  auto id = add_user("bob", 105, "[2]");
  auto r = client().put("/system/user", R"({"userId":)" + std::to_string(id) +
                                            R"(,"nickName":"Robert","roleIds":[],"postIds":[3],"password":"ignored1"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT nick_name FROM sys_user WHERE user_name = 'bob'"), "Robert");
  EXPECT_EQ(scalar("SELECT dept_id FROM sys_user WHERE user_name = 'bob'"), 105);  // untouched
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + std::to_string(id)), 0);
  EXPECT_EQ(scalar("SELECT post_id FROM sys_user_post WHERE user_id = " + std::to_string(id)), 3);
  EXPECT_EQ(text("SELECT update_by FROM sys_user WHERE user_name = 'bob'"), "admin");
  // The password is never changed by edit.
  EXPECT_TRUE(auth::verify_password_blocking("secret123", text("SELECT password FROM sys_user WHERE user_name = 'bob'")));
}

TEST_P(UserManageApi, EditRefusals) {
  auto id = std::to_string(add_user("bob", 105));
  auto edit = [&](const std::string& body) { return client().put("/system/user", body); };
  EXPECT_EQ(edit(R"({"userId":1,"nickName":"x"})").msg(), "不允许操作超级管理员用户");
  EXPECT_EQ(edit(R"({"nickName":"x"})").code(), 601);
  EXPECT_EQ(edit(R"({"userId":999,"nickName":"x"})").msg(), "用户不存在");
  EXPECT_EQ(edit(R"({"userId":)" + id + R"(,"userName":"niangao"})").msg(), "修改用户niangao失败，登录账号已存在");
  EXPECT_EQ(edit(R"({"userId":)" + id + R"(,"phonenumber":"15666666666"})").msg(), "修改用户bob失败，手机号码已存在");
  EXPECT_EQ(edit(R"({"userId":)" + id + R"(,"nickName":""})").code(), 601);
  EXPECT_EQ(edit(R"({"userId":)" + id + R"(,"email":"bad"})").msg(), "邮箱格式不正确");
  EXPECT_EQ(edit("{oops").code(), 601);
  EXPECT_EQ(text("SELECT nick_name FROM sys_user WHERE user_name = 'bob'"), "bob");  // nothing written
  // Its own current values are no duplicate of itself.
  EXPECT_EQ(edit(R"({"userId":)" + id + R"(,"userName":"bob"})").code(), 200);
}

TEST_P(UserManageApi, DeleteIsSoftDropsLinksAndRefusesSelfAndSuperAdmin) {
  auto a = add_user("a1", 105, "[2]");
  auto b = add_user("b1", 105);
  auto self = client().del("/system/user/1");
  EXPECT_EQ(self.code(), 601);
  EXPECT_EQ(self.msg(), "当前登录用户不能删除");
  auto some_missing = client().del("/system/user/" + std::to_string(a) + ",999");
  EXPECT_EQ(some_missing.msg(), "用户不存在");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE del_flag = '0'"), 4);  // all or nothing
  EXPECT_EQ(client().del("/system/user/x").code(), 601);
  auto ok = client().del("/system/user/" + std::to_string(a) + "," + std::to_string(b));
  ASSERT_EQ(ok.code(), 200) << ok.body;
  EXPECT_EQ(ok.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE del_flag = '2'"), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + std::to_string(a)), 0);
  EXPECT_EQ(client().get("/system/user/" + std::to_string(a)).msg(), "用户不存在");
  // A deleted user's name is free again.
  EXPECT_EQ(client().post("/system/user", R"({"userName":"a1","nickName":"a","password":"secret123"})").code(), 200);
  // Another admin-role user cannot delete user 1 either.
  add_user("admin2", 103, "[1]");
  EXPECT_EQ(as("admin2")->del("/system/user/1").msg(), "不允许操作超级管理员用户");
}

TEST_P(UserManageApi, ResetPasswordAndChangeStatus) {
  auto id = std::to_string(add_user("bob", 105));
  auto reset = client().put("/system/user/resetPwd", R"({"userId":)" + id + R"(,"password":"newpass1"})");
  ASSERT_EQ(reset.code(), 200) << reset.body;
  EXPECT_EQ(reset.msg(), "重置成功");
  EXPECT_TRUE(auth::verify_password_blocking("newpass1", text("SELECT password FROM sys_user WHERE user_name = 'bob'")));
  EXPECT_FALSE(text("SELECT pwd_update_date FROM sys_user WHERE user_name = 'bob'").empty());
  EXPECT_EQ(client().put("/system/user/resetPwd", R"({"userId":)" + id + R"(,"password":"123"})").code(), 500);
  EXPECT_EQ(client().put("/system/user/resetPwd", R"({"userId":1,"password":"newpass1"})").msg(), "不允许操作超级管理员用户");

  EXPECT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + id + R"(,"status":"1"})").code(), 200);
  EXPECT_EQ(text("SELECT status FROM sys_user WHERE user_name = 'bob'"), "1");
  EXPECT_EQ(client().put("/system/user/changeStatus", R"({"userId":)" + id + R"(,"status":"7"})").code(), 601);
  EXPECT_EQ(client().put("/system/user/changeStatus", R"({"userId":1,"status":"1"})").msg(), "不允许操作超级管理员用户");
  EXPECT_EQ(text("SELECT status FROM sys_user WHERE user_id = 1"), "0");
}

TEST_P(UserManageApi, AuthRoleShowsFlagsAndRegrants) {
  auto id = std::to_string(add_user("bob", 105, "[2]"));
  auto view = client().get("/system/user/authRole/" + id).json().as_object();
  EXPECT_EQ(view.at("user").as_object().at("userName").as_string(), "bob");
  auto& roles = view.at("roles").as_array();
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_TRUE(roles[0].as_object().at("flag").as_bool());
  EXPECT_EQ(client().put("/system/user/authRole?userId=" + id + "&roleIds=", "").msg(), "分配成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + id), 0);
  EXPECT_EQ(client().put("/system/user/authRole?userId=" + id + "&roleIds=2", "").code(), 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE user_id = " + id), 1);
  EXPECT_EQ(client().put("/system/user/authRole?userId=" + id + "&roleIds=2,x", "").code(), 601);
  EXPECT_EQ(client().put("/system/user/authRole?userId=" + id + "&roleIds=77", "").msg(), "角色不存在");
  EXPECT_EQ(client().put("/system/user/authRole?userId=1&roleIds=2", "").msg(), "不允许操作超级管理员用户");
}

TEST_P(UserManageApi, DeptTreeIsNested) {
  auto body = client().get("/system/user/deptTree").json().as_object();
  auto& roots = body.at("data").as_array();
  ASSERT_EQ(roots.size(), 1u);
  auto& group = roots[0].as_object();
  EXPECT_EQ(group.at("id").as_int64(), 100);
  EXPECT_EQ(group.at("label").as_string(), "集团总公司");
  auto& branches = group.at("children").as_array();
  ASSERT_EQ(branches.size(), 2u);
  EXPECT_EQ(branches[0].as_object().at("label").as_string(), "深圳分公司");
  EXPECT_EQ(branches[0].as_object().at("children").as_array().size(), 5u);
  EXPECT_FALSE(branches[0].as_object().at("children").as_array()[0].as_object().contains("children"));
}

TEST_P(UserManageApi, OwnProfileReadUpdateAndPassword) {
  auto profile = client().get("/system/user/profile").json().as_object();
  EXPECT_EQ(profile.at("data").as_object().at("userName").as_string(), "admin");
  EXPECT_EQ(profile.at("postGroup").as_string(), "董事长");
  EXPECT_EQ(profile.at("roleGroup").as_string(), "超级管理员");

  EXPECT_EQ(client().put("/system/user/profile", R"({"nickName":"Boss","sex":"0"})").code(), 200);
  EXPECT_EQ(text("SELECT nick_name FROM sys_user WHERE user_id = 1"), "Boss");
  auto forbidden_key = client().put("/system/user/profile", R"({"nickName":"x","status":"1"})");
  EXPECT_EQ(forbidden_key.code(), 601);
  EXPECT_EQ(text("SELECT nick_name FROM sys_user WHERE user_id = 1"), "Boss");
  EXPECT_EQ(client().put("/system/user/profile", R"({"phonenumber":"15666666666"})").msg(),
            "修改用户admin失败，手机号码已存在");

  auto wrong_old = client().put("/system/user/profile/updatePwd", R"({"oldPassword":"nope123","newPassword":"abc12345"})");
  EXPECT_EQ(wrong_old.msg(), "修改密码失败，旧密码错误");
  auto same = client().put("/system/user/profile/updatePwd", R"({"oldPassword":"admin123","newPassword":"admin123"})");
  EXPECT_EQ(same.msg(), "新密码不能与旧密码相同");
  auto by_query = client().put("/system/user/profile/updatePwd?oldPassword=admin123&newPassword=abc12345", "");
  ASSERT_EQ(by_query.code(), 200) << by_query.body;
  EXPECT_EQ(by_query.msg(), "重置成功");
  EXPECT_TRUE(auth::verify_password_blocking("abc12345", text("SELECT password FROM sys_user WHERE user_id = 1")));
}

// One test per data-scope mode: the list, get-by-id and a write, for a caller holding only that
// scope. Users: seeded 1 (dept 103) and 2 (dept 105); the test adds one in 104 and one in 108.
TEST_P(UserManageApi, DataScopeCustomDepartments) {
  auto in104 = add_user("u104", 104);
  auto in108 = add_user("u108", 108);
  role_with_scope(10, "2");
  exec("INSERT INTO sys_role_dept (role_id, dept_id) VALUES (10, 104), (10, 105)");
  auto me = add_user("custom", 108, "[10]");
  auto c = as("custom");
  EXPECT_EQ(listed_ids(*c), (std::vector<std::int64_t>{2, in104}));
  EXPECT_EQ(c->get("/system/user/" + std::to_string(in104)).code(), 200);
  EXPECT_EQ(c->get("/system/user/" + std::to_string(in108)).msg(), "没有权限访问用户数据");
  EXPECT_EQ(c->get("/system/user/1").msg(), "没有权限访问用户数据");
  (void)me;
}

TEST_P(UserManageApi, DataScopeOwnDepartment) {
  auto in104 = add_user("u104", 104);
  role_with_scope(10, "3");
  auto me = add_user("own", 105, "[10]");
  auto c = as("own");
  EXPECT_EQ(listed_ids(*c), (std::vector<std::int64_t>{2, me}));
  EXPECT_EQ(c->put("/system/user/changeStatus", R"({"userId":)" + std::to_string(in104) + R"(,"status":"1"})").msg(),
            "没有权限访问用户数据");
  EXPECT_EQ(text("SELECT status FROM sys_user WHERE user_name = 'u104'"), "0");
  // Adding a user into a dept outside the scope is refused, inside it works.
  EXPECT_EQ(c->post("/system/user", R"({"userName":"n1","nickName":"n","password":"secret123","deptId":104})").msg(),
            "没有权限访问部门数据");
  EXPECT_EQ(c->post("/system/user", R"({"userName":"n2","nickName":"n","password":"secret123","deptId":105})").code(), 200);
}

TEST_P(UserManageApi, DataScopeOwnDepartmentAndBelow) {
  auto in104 = add_user("u104", 104);
  auto in108 = add_user("u108", 108);
  role_with_scope(10, "4");
  auto me = add_user("below", 101, "[10]");
  auto c = as("below");
  // 101 and everything under it (103, 104, 105): users 1, 2, u104 and me; not u108 (under 102).
  EXPECT_EQ(listed_ids(*c), (std::vector<std::int64_t>{1, 2, in104, me}));
  EXPECT_EQ(c->get("/system/user/" + std::to_string(in108)).msg(), "没有权限访问用户数据");
  auto tree = c->get("/system/user/deptTree").json().as_object().at("data").as_array();
  ASSERT_EQ(tree.size(), 1u);
  EXPECT_EQ(tree[0].as_object().at("id").as_int64(), 101);  // its parent is out of scope: it is the root
}

TEST_P(UserManageApi, DataScopeSelfOnly) {
  role_with_scope(10, "5");
  auto me = add_user("self", 105, "[10]");
  auto c = as("self");
  EXPECT_EQ(listed_ids(*c), (std::vector<std::int64_t>{me}));
  EXPECT_EQ(c->get("/system/user/2").msg(), "没有权限访问用户数据");
  EXPECT_EQ(c->get("/system/user/deptTree").json().as_object().at("data").as_array().size(), 0u);
}

TEST_P(UserManageApi, DataScopeAllAndTheUnionOfSeveralRoles) {
  role_with_scope(10, "1");
  add_user("all", 105, "[10]");
  EXPECT_EQ(listed_ids(*as("all")).size(), 3u);

  role_with_scope(11, "3");
  role_with_scope(12, "5");
  auto in104 = add_user("u104", 104);
  auto me = add_user("union", 104, "[11,12]");  // own dept 104 OR self
  EXPECT_EQ(listed_ids(*as("union")), (std::vector<std::int64_t>{in104, me}));
}

TEST_P(UserManageApi, CallerWhoseOnlyRoleWasDisabledIsRefused) {
  role_with_scope(10, "1");
  add_user("lonely", 105, "[10]");
  auto c = as("lonely");
  exec("UPDATE sys_role SET status = '1' WHERE role_id = 10");  // still logged in, role now inactive
  // No active role: no permission either, so the guard answers first.
  EXPECT_EQ(c->get("/system/user/list").code(), 403);
}

TEST_P(UserManageApi, AddFailingAfterTheUserInsertLeavesNothingBehind) {
  // Make the third statement of the add transaction (the post links) fail inside the database.
  if (GetParam() == test::Backend::sqlite) {
    exec("CREATE TRIGGER forced_failure BEFORE INSERT ON sys_user_post BEGIN SELECT RAISE(ABORT, 'forced'); END");
  } else {
    exec("CREATE FUNCTION forced_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced'; END $$ "
         "LANGUAGE plpgsql");
    exec("CREATE TRIGGER forced_failure BEFORE INSERT ON sys_user_post FOR EACH ROW EXECUTE FUNCTION forced_failure()");
  }
  auto users = scalar("SELECT COUNT(*) FROM sys_user");
  auto r = client().post("/system/user",
                         R"({"userName":"half","nickName":"half","password":"secret123","roleIds":[2],"postIds":[2]})");
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "接口异常");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user"), users);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE role_id = 2"), 1);  // only the seed's
  exec(GetParam() == test::Backend::sqlite ? "DROP TRIGGER forced_failure"
                                           : "DROP TRIGGER forced_failure ON sys_user_post");
  EXPECT_EQ(client().post("/system/user", R"({"userName":"half","nickName":"half","password":"secret123","postIds":[2]})")
                .code(),
            200);  // the writer was released clean
}

// The check-then-insert of add / edit / import cannot stop two instances adding one name at the
// same moment; the database does (uq_sys_user_live_name), and the service answers its message.
TEST_P(UserManageApi, TheDatabaseHoldsOneLiveUserPerName) {
  auto insert = [this](const std::string& del_flag) {
    exec("INSERT INTO sys_user (dept_id, user_name, nick_name, password, del_flag) VALUES (105, 'twin', 'twin', '', '" +
         del_flag + "')");
  };
  insert("0");
  try {
    insert("0");
    ADD_FAILURE() << "a second live 'twin' was stored";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.duplicate()) << e.what();
  }
  insert("2");  // deleted rows keep their names and may repeat them
  insert("2");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'twin'"), 3);
  auto again = client().post("/system/user", R"({"userName":"twin","nickName":"t","password":"secret123"})");
  EXPECT_EQ(again.code(), 500);
  EXPECT_EQ(again.msg(), "新增用户twin失败，登录账号已存在");
}
