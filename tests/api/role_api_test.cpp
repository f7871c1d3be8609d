// /system/role (API.md §3.3, §3.4, §4): list (scoped), detail, add / edit with menuIds, delete
// (refused while held), changeStatus, dataScope, deptTree, authUser lists and writes, export,
// optionselect; every rule with its message and nothing written on a refusal; the escalation bounds
// (role_grant: nobody but user 1 widens rights beyond their own); and the holder's next request
// following a change of the role's menus, status and data scope.
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/role/role_controller.hpp"
#include "system/role/role_model.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <functional>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

const std::string kRoleDenied = "没有权限访问角色数据";
const std::string kUserDenied = "没有权限访问用户数据";
const std::string kSuperRole = "不允许操作超级管理员角色";
const std::string kOwnRole = "不允许修改自己拥有的角色";
const std::string kMenusBeyond = "不允许分配超出自身权限的菜单";
const std::string kScopeBeyond = "不允许分配超出自身数据范围的数据权限";

class RoleApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::vector<std::int64_t> ints(const std::string& sql) { return query(sql).ints(); }
  // sys_role and every link table, one line per row: what "nothing written" compares.
  std::string state() {
    return test::tables_text(app(),
                             {"SELECT role_id, role_name, role_key, role_sort, data_scope, menu_check_strictly, "
                              "dept_check_strictly, status, "
                              "del_flag, update_by, remark FROM sys_role ORDER BY role_id",
                              "SELECT role_id, menu_id FROM sys_role_menu ORDER BY role_id, menu_id",
                              "SELECT role_id, dept_id FROM sys_role_dept ORDER BY role_id, dept_id",
                              "SELECT user_id, role_id FROM sys_user_role ORDER BY user_id, role_id"},
                             "--\n");
  }
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return state(); }, what, code, msg, send);
  }
  // A user of `dept` holding `roles` (comma list, may be empty), password secret123 (added by the admin).
  std::int64_t add_user(const std::string& name, std::int64_t dept, const std::string& roles) {
    auto r = client().post("/system/user", R"({"userName":")" + name + R"(","nickName":")" + name +
                                               R"(","password":"secret123","deptId":)" + std::to_string(dept) +
                                               R"(,"roleIds":[)" + roles + "]}");
    EXPECT_EQ(r.code(), 200) << r.body;
    return scalar("SELECT user_id FROM sys_user WHERE user_name = '" + name + "' AND del_flag = '0'");
  }
  static std::vector<std::int64_t> ids_of(const bj::value& rows, const char* key) {
    std::vector<std::int64_t> out;
    for (const auto& row : rows.as_array()) out.push_back(row.as_object().at(key).as_int64());
    return out;
  }
  static std::vector<std::int64_t> int_list(const bj::value& list) {
    std::vector<std::int64_t> out;
    for (const auto& v : list.as_array()) out.push_back(v.as_int64());
    return out;
  }
  std::vector<std::int64_t> listed(http::TestClient& c, const std::string& query = "") {
    auto r = c.get("/system/role/list" + query).json().as_object();
    EXPECT_EQ(r.at("code").as_int64(), 200) << r;
    return ids_of(r.at("rows"), "roleId");
  }
  // The caller's role-page menus (list, query, add, edit, remove, export) and, for the checks of
  // "menus it holds", the user page (100) and its buttons.
  static constexpr const char* kRolePages = "m.menu_id IN (1, 100, 101, 1000) OR m.perms LIKE 'system:role:%'";
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, RoleApi, test::all_backends(), test::backend_name);

TEST(RoleResource, EveryKeyIsAMemberOfRoleOrRoleBody) {
  auto problems = web::key_problems<system::role::Role, system::role::RoleBody>(system::role::role_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_P(RoleApi, ListFiltersPagesAndOrdersBySort) {
  make_role(30, "1", "m.menu_id = 1");
  exec("UPDATE sys_role SET role_sort = 0, status = '1' WHERE role_id = 30");
  auto all = client().get("/system/role/list").json().as_object();
  ASSERT_EQ(all.at("code").as_int64(), 200) << all;
  EXPECT_EQ(all.at("total").as_int64(), 3);
  EXPECT_EQ(ids_of(all.at("rows"), "roleId"), (std::vector<std::int64_t>{30, 1, 2}));
  auto two = all.at("rows").as_array()[2].as_object();
  EXPECT_EQ(two.at("roleKey").as_string(), "common");
  EXPECT_EQ(two.at("dataScope").as_string(), "2");
  EXPECT_EQ(two.at("menuCheckStrictly").as_bool(), true);
  EXPECT_EQ(listed(client(), "?roleName=普通"), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(listed(client(), "?roleKey=adm"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(listed(client(), "?status=1"), (std::vector<std::int64_t>{30}));
  EXPECT_EQ(listed(client(), "?roleId=2"), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(listed(client(), "?roleName=%25"), (std::vector<std::int64_t>{}));  // wildcard escaped
  EXPECT_EQ(listed(client(), "?beginTime=2000-01-01&endTime=2000-01-02"), (std::vector<std::int64_t>{}));
  auto page = client().get("/system/role/list?pageNum=2&pageSize=2").json().as_object();
  EXPECT_EQ(ids_of(page.at("rows"), "roleId"), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(page.at("hasNext").as_bool(), false);
  EXPECT_EQ(client().get("/system/role/list?status=7").code(), 601);
  EXPECT_EQ(client().get("/system/role/list?roleId=x").code(), 601);
  exec("UPDATE sys_role SET del_flag = '2' WHERE role_id = 30");
  EXPECT_EQ(listed(client()), (std::vector<std::int64_t>{1, 2}));
  auto options = client().get("/system/role/optionselect").json().as_object();
  EXPECT_EQ(ids_of(options.at("data"), "roleId"), (std::vector<std::int64_t>{1, 2}));
}

TEST_P(RoleApi, DetailIsTheRowOrARefusal) {
  auto r = client().get("/system/role/2").json().as_object();
  ASSERT_EQ(r.at("code").as_int64(), 200) << r;
  EXPECT_EQ(r.at("data").as_object().at("roleName").as_string(), "普通角色");
  EXPECT_EQ(client().get("/system/role/999").msg(), "角色不存在");
  EXPECT_EQ(client().get("/system/role/abc").code(), 601);
}

TEST_P(RoleApi, AddWritesTheRoleWithScopeAllAndItsMenus) {
  auto r = client().post("/system/role", R"({"roleName":"审计","roleKey":"audit","roleSort":5,"status":"0",
      "menuIds":[1,100,1000,1000],"menuCheckStrictly":0,"deptCheckStrictly":true,"remark":"r","dataScope":"5"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  auto id = scalar("SELECT role_id FROM sys_role WHERE role_key = 'audit'");
  auto row = client().get("/system/role/" + std::to_string(id)).json().as_object().at("data").as_object();
  EXPECT_EQ(row.at("dataScope").as_string(), "1");  // starts at "1", whatever the body says
  EXPECT_EQ(row.at("menuCheckStrictly").as_bool(), false);
  EXPECT_EQ(row.at("createBy").as_string(), "admin");
  EXPECT_EQ(row.at("remark").as_string(), "r");
  EXPECT_EQ(ints("SELECT menu_id FROM sys_role_menu WHERE role_id = " + std::to_string(id) + " ORDER BY menu_id"),
            (std::vector<std::int64_t>{1, 100, 1000}));
  // Without menuIds: a role without menus.
  ASSERT_EQ(client().post("/system/role", R"({"roleName":"空","roleKey":"empty","roleSort":6})").code(), 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_menu rm JOIN sys_role r ON r.role_id = rm.role_id "
                   "WHERE r.role_key = 'empty'"),
            0);
}

TEST_P(RoleApi, AddRefusesDuplicatesUnknownMenusAndBadInput) {
  const std::string long31(31, 'n'), long101(101, 'k'), long501(501, 'r');
  auto add = [&](const std::string& body) { return [&, body] { return client().post("/system/role", body); }; };
  expect_refused("duplicate name", 500, "新增角色普通角色失败，角色名称已存在",
                 add(R"({"roleName":"普通角色","roleKey":"x","roleSort":1})"));
  expect_refused("duplicate key", 500, "新增角色x失败，角色权限已存在",
                 add(R"({"roleName":"x","roleKey":"common","roleSort":1})"));
  expect_refused("unknown menu", 500, "菜单不存在",
                 add(R"({"roleName":"x","roleKey":"x","roleSort":1,"menuIds":[1,99999]})"));
  expect_refused("malformed JSON", 601, "请求体不是有效的JSON", add(R"({"roleName":)"));
  expect_refused("no name", 601, "角色名称不能为空", add(R"({"roleKey":"x","roleSort":1})"));
  expect_refused("empty key", 601, "角色权限不能为空", add(R"({"roleName":"x","roleKey":"","roleSort":1})"));
  expect_refused("no sort", 601, "显示顺序不能为空", add(R"({"roleName":"x","roleKey":"x"})"));
  expect_refused("long name", 601, "角色名称长度不能超过30个字符",
                 add(R"({"roleName":")" + long31 + R"(","roleKey":"x","roleSort":1})"));
  expect_refused("long key", 601, "角色权限长度不能超过100个字符",
                 add(R"({"roleName":"x","roleKey":")" + long101 + R"(","roleSort":1})"));
  expect_refused("long remark", 601, "备注长度不能超过500个字符",
                 add(R"({"roleName":"x","roleKey":"x","roleSort":1,"remark":")" + long501 + R"("})"));
  expect_refused("bad status", 601, "参数status取值错误",
                 add(R"({"roleName":"x","roleKey":"x","roleSort":1,"status":"9"})"));
  // Wrong types name the field.
  for (const auto& body : {R"({"roleName":"x","roleKey":"x","roleSort":"a"})",
                           R"({"roleName":"x","roleKey":"x","roleSort":1,"menuIds":"1"})",
                           R"({"roleName":"x","roleKey":"x","roleSort":1,"menuIds":["a"]})",
                           R"({"roleName":5,"roleKey":"x","roleSort":1})",
                           R"({"roleName":"x","roleKey":"x","roleSort":1,"menuCheckStrictly":"yes"})"}) {
    auto before = state();
    auto r = client().post("/system/role", body);
    EXPECT_EQ(r.code(), 601) << body << " " << r.body;
    EXPECT_EQ(state(), before) << body;
  }
  // Exactly at the widths: accepted.
  const std::string name30(30, 'n'), key100(100, 'k');
  EXPECT_EQ(client()
                .post("/system/role", R"({"roleName":")" + name30 + R"(","roleKey":")" + key100 + R"(","roleSort":1})")
                .code(),
            200);
}

TEST_P(RoleApi, EditRewritesMenusOnlyWhenGiven) {
  auto r = client().put("/system/role", R"({"roleId":2,"roleName":"普通角色二","menuIds":[1,100]})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(ints("SELECT menu_id FROM sys_role_menu WHERE role_id = 2 ORDER BY menu_id"),
            (std::vector<std::int64_t>{1, 100}));
  ASSERT_EQ(client().put("/system/role", R"({"roleId":2,"roleSort":7})").code(), 200);
  EXPECT_EQ(ints("SELECT menu_id FROM sys_role_menu WHERE role_id = 2 ORDER BY menu_id"),
            (std::vector<std::int64_t>{1, 100}));
  EXPECT_EQ(scalar("SELECT role_sort FROM sys_role WHERE role_id = 2"), 7);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role WHERE role_id = 2 AND role_name = '普通角色二' AND role_key = "
                   "'common'"),
            1);
  ASSERT_EQ(client().put("/system/role", R"({"roleId":2,"menuIds":[]})").code(), 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_menu WHERE role_id = 2"), 0);

  make_role(31, "1", "m.menu_id = 1");
  auto edit = [&](const std::string& body) { return [&, body] { return client().put("/system/role", body); }; };
  expect_refused("duplicate name", 500, "修改角色超级管理员失败，角色名称已存在",
                 edit(R"({"roleId":31,"roleName":"超级管理员"})"));
  expect_refused("duplicate key (name kept)", 500, "修改角色r31失败，角色权限已存在",
                 edit(R"({"roleId":31,"roleKey":"admin"})"));
  expect_refused("role 1", 500, kSuperRole, edit(R"({"roleId":1,"roleName":"x"})"));
  expect_refused("role 1 menus", 500, kSuperRole, edit(R"({"roleId":1,"menuIds":[1]})"));
  expect_refused("unknown role", 500, "角色不存在", edit(R"({"roleId":999,"roleName":"x"})"));
  expect_refused("no id", 601, "角色ID不能为空", edit(R"({"roleName":"x"})"));
  expect_refused("empty name", 601, "角色名称不能为空", edit(R"({"roleId":31,"roleName":""})"));
  expect_refused("long name", 601, "角色名称长度不能超过30个字符",
                 edit(R"({"roleId":31,"roleName":")" + std::string(31, 'x') + R"("})"));
  expect_refused("unknown menu", 500, "菜单不存在", edit(R"({"roleId":31,"menuIds":[99999]})"));
  expect_refused("malformed", 601, "请求体不是有效的JSON", edit("[1,2"));
}

TEST_P(RoleApi, DeleteIsSoftDropsLinksAndIsRefusedWhileHeld) {
  make_role(32, "2", "m.menu_id IN (1, 100)");
  exec("INSERT INTO sys_role_dept (role_id, dept_id) VALUES (32, 103)");
  auto del = [&](const std::string& ids) { return [&, ids] { return client().del("/system/role/" + ids); }; };
  expect_refused("held", 500, "角色普通角色已分配,不能删除", del("2"));
  expect_refused("held among others", 500, "角色普通角色已分配,不能删除", del("32,2"));
  expect_refused("role 1", 500, kSuperRole, del("1"));
  expect_refused("unknown", 500, "角色不存在", del("32,999"));
  expect_refused("not a number", 601, "参数roleIds必须是正整数", del("32,x"));
  auto r = client().del("/system/role/32");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role WHERE role_id = 32 AND del_flag = '2'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_menu WHERE role_id = 32"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_dept WHERE role_id = 32"), 0);
  EXPECT_EQ(listed(client()), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(client().get("/system/role/32").msg(), "角色不存在");
  // A deleted role's name is free again.
  EXPECT_EQ(client().post("/system/role", R"({"roleName":"r32","roleKey":"r32","roleSort":1})").code(), 200);
}

TEST_P(RoleApi, ChangeStatusAndDataScope) {
  auto r = client().put("/system/role/changeStatus", R"({"roleId":2,"status":"1"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role WHERE role_id = 2 AND status = '1'"), 1);
  auto put = [&](const std::string& path, const std::string& body) {
    return [&, path, body] { return client().put("/system/role/" + path, body); };
  };
  expect_refused("status role 1", 500, kSuperRole, put("changeStatus", R"({"roleId":1,"status":"1"})"));
  expect_refused("status missing", 601, "角色状态不能为空", put("changeStatus", R"({"roleId":2})"));
  expect_refused("status bad", 601, "参数status取值错误", put("changeStatus", R"({"roleId":2,"status":"x"})"));
  expect_refused("status no id", 601, "角色ID不能为空", put("changeStatus", R"({"status":"0"})"));
  expect_refused("status id type", 601, "参数roleId类型错误，应为整数",
                 put("changeStatus", R"({"roleId":"a","status":"0"})"));

  r = client().put("/system/role/dataScope", R"({"roleId":2,"dataScope":"2","deptIds":[103,104,103],
      "deptCheckStrictly":false})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(ints("SELECT dept_id FROM sys_role_dept WHERE role_id = 2 ORDER BY dept_id"),
            (std::vector<std::int64_t>{103, 104}));
  EXPECT_EQ(scalar("SELECT dept_check_strictly FROM sys_role WHERE role_id = 2"), 0);
  r = client().put("/system/role/dataScope", R"({"roleId":2,"dataScope":"4","deptIds":[103]})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_dept WHERE role_id = 2"), 0);  // kept only for "2"
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role WHERE role_id = 2 AND data_scope = '4'"), 1);
  expect_refused("scope role 1", 500, kSuperRole, put("dataScope", R"({"roleId":1,"dataScope":"5"})"));
  expect_refused("scope bad", 601, "参数dataScope取值错误", put("dataScope", R"({"roleId":2,"dataScope":"6"})"));
  expect_refused("scope missing", 601, "数据范围不能为空", put("dataScope", R"({"roleId":2})"));
  expect_refused("depts type", 601, "参数deptIds类型错误，应为数组",
                 put("dataScope", R"({"roleId":2,"dataScope":"2","deptIds":5})"));
  expect_refused("unknown dept", 500, "部门不存在",
                 put("dataScope", R"({"roleId":2,"dataScope":"2","deptIds":[999]})"));
  expect_refused("unknown role", 500, "角色不存在", put("dataScope", R"({"roleId":999,"dataScope":"3"})"));
}

TEST_P(RoleApi, DeptTreeChecksTheRolesDeptsByItsStrictFlag) {
  // Role 2 holds 100, 101, 105 (101 under 100, 105 under 101); strict: only the leaves below.
  auto r = client().get("/system/role/deptTree/2").json().as_object();
  ASSERT_EQ(r.at("code").as_int64(), 200) << r;
  EXPECT_EQ(int_list(r.at("checkedKeys")), (std::vector<std::int64_t>{105}));
  const auto& roots = r.at("depts").as_array();
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].as_object().at("id").as_int64(), 100);
  EXPECT_EQ(roots[0].as_object().at("children").as_array().size(), 2u);
  exec("UPDATE sys_role SET dept_check_strictly = 0 WHERE role_id = 2");
  r = client().get("/system/role/deptTree/2").json().as_object();
  EXPECT_EQ(int_list(r.at("checkedKeys")), (std::vector<std::int64_t>{100, 101, 105}));
  EXPECT_EQ(client().get("/system/role/deptTree/999").msg(), "角色不存在");
}

TEST_P(RoleApi, AuthUserListsSelectAndCancel) {
  auto bob = add_user("bob", 105, "");
  auto carl = add_user("carl", 109, "");
  auto allocated = [&](const std::string& q) {
    auto r = client().get("/system/role/authUser/allocatedList?roleId=2" + q).json().as_object();
    EXPECT_EQ(r.at("code").as_int64(), 200) << r;
    return ids_of(r.at("rows"), "userId");
  };
  auto unallocated = [&](const std::string& q) {
    auto r = client().get("/system/role/authUser/unallocatedList?roleId=2" + q).json().as_object();
    EXPECT_EQ(r.at("code").as_int64(), 200) << r;
    return ids_of(r.at("rows"), "userId");
  };
  EXPECT_EQ(allocated(""), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(unallocated(""), (std::vector<std::int64_t>{1, bob, carl}));
  EXPECT_EQ(unallocated("&userName=ca"), (std::vector<std::int64_t>{carl}));
  auto row = client().get("/system/role/authUser/allocatedList?roleId=2").json().as_object().at("rows").as_array()[0];
  EXPECT_EQ(row.as_object().at("userName").as_string(), "niangao");
  EXPECT_EQ(row.as_object().at("dept").as_object().at("deptName").as_string(), "测试部门");
  EXPECT_FALSE(row.as_object().contains("password"));
  EXPECT_EQ(client().get("/system/role/authUser/allocatedList").code(), 601);

  auto r = client().put(
      "/system/role/authUser/selectAll?roleId=2&userIds=" + std::to_string(bob) + "," + std::to_string(carl) + ",2",
      "");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(allocated(""), (std::vector<std::int64_t>{2, bob, carl}));
  EXPECT_EQ(allocated("&phonenumber=156"), (std::vector<std::int64_t>{2}));
  r = client().put("/system/role/authUser/cancel", R"({"userId":)" + std::to_string(bob) + R"(,"roleId":2})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(allocated(""), (std::vector<std::int64_t>{2, carl}));
  r = client().put("/system/role/authUser/cancelAll?roleId=2&userIds=2," + std::to_string(carl), "");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(allocated(""), (std::vector<std::int64_t>{}));

  auto put = [&](const std::string& path, const std::string& body = "") {
    return [&, path, body] { return client().put("/system/role/authUser/" + path, body); };
  };
  expect_refused("unknown user", 500, "用户不存在", put("selectAll?roleId=2&userIds=9999"));
  expect_refused("unknown role", 500, "角色不存在", put("selectAll?roleId=999&userIds=2"));
  expect_refused("no users", 601, "用户ID不能为空", put("selectAll?roleId=2&userIds="));
  expect_refused("no role", 601, "角色ID不能为空", put("selectAll?userIds=2"));
  expect_refused("bad ids", 601, "参数userIds必须是逗号分隔的正整数", put("cancelAll?roleId=2&userIds=1,x"));
  expect_refused("cancel no user", 601, "用户ID不能为空", put("cancel", R"({"roleId":2})"));
  expect_refused("cancel malformed", 601, "请求体不是有效的JSON", put("cancel", R"({"roleId":)"));
}

TEST_P(RoleApi, ExportIsAnXlsxOfTheFilteredList) {
  auto r = client().post("/system/role/export", "roleKey=comm", "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, files::kXlsxContentType);
  EXPECT_NE(r.headers.get("Content-Disposition").value_or("").find("attachment; filename=role_"), std::string::npos);
  auto sheet = files::read_xlsx(r.body);
  EXPECT_EQ(sheet.header,
            (std::vector<std::string>{"角色序号", "角色名称", "角色权限", "角色排序", "数据范围", "角色状态"}));
  ASSERT_EQ(sheet.rows.size(), 1u);  // role 2 only
  EXPECT_EQ(files::to_text(sheet.rows[0][0]), "2");
  EXPECT_EQ(files::to_text(sheet.rows[0][1]), "普通角色");
  EXPECT_EQ(files::to_text(sheet.rows[0][4]), "自定数据权限");
  EXPECT_EQ(files::to_text(sheet.rows[0][5]), "正常");
  auto all = files::read_xlsx(client().post("/system/role/export", "", "application/x-www-form-urlencoded").body);
  EXPECT_EQ(all.rows.size(), 2u);
}

TEST_P(RoleApi, RoutesDeclareTitleAndBusinessType) {
  test::expect_routes(app(), "/system/role", "角色管理",
                      {
                          {"GET /system/role/list", {"system:role:list", 0}},
                          {"GET /system/role/optionselect", {"system:role:query", 0}},
                          {"GET /system/role/{roleId}", {"system:role:query", 0}},
                          {"POST /system/role", {"system:role:add", 1}},
                          {"PUT /system/role", {"system:role:edit", 2}},
                          {"DELETE /system/role/{roleIds}", {"system:role:remove", 3}},
                          {"PUT /system/role/changeStatus", {"system:role:edit", 2}},
                          {"PUT /system/role/dataScope", {"system:role:edit", 4}},
                          {"GET /system/role/deptTree/{roleId}", {"system:role:query", 0}},
                          {"POST /system/role/export", {"system:role:export", 5}},
                          {"GET /system/role/authUser/allocatedList", {"system:role:list", 0}},
                          {"GET /system/role/authUser/unallocatedList", {"system:role:list", 0}},
                          {"PUT /system/role/authUser/selectAll", {"system:role:edit", 4}},
                          {"PUT /system/role/authUser/cancel", {"system:role:edit", 4}},
                          {"PUT /system/role/authUser/cancelAll", {"system:role:edit", 4}},
                      });
}

TEST_P(RoleApi, WithoutThePermissionEveryWriteIs403AndWritesNothing) {
  make_role(40, "1", "m.perms = 'system:role:list'");
  add_user("lister", 103, "40");
  auto c = as("lister");
  EXPECT_EQ(c->get("/system/role/list").code(), 200);
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"query", [&] { return c->get("/system/role/2"); }},
      {"add", [&] { return c->post("/system/role", R"({"roleName":"m","roleKey":"m","roleSort":1})"); }},
      {"edit", [&] { return c->put("/system/role", R"({"roleId":2,"roleName":"m"})"); }},
      {"remove", [&] { return c->del("/system/role/40"); }},
      {"status", [&] { return c->put("/system/role/changeStatus", R"({"roleId":2,"status":"1"})"); }},
      {"scope", [&] { return c->put("/system/role/dataScope", R"({"roleId":2,"dataScope":"1"})"); }},
      {"select", [&] { return c->put("/system/role/authUser/selectAll?roleId=2&userIds=1", ""); }},
      {"export", [&] { return c->post("/system/role/export", "", "application/x-www-form-urlencoded"); }},
  };
  for (const auto& [what, send] : denied) expect_refused(what, 403, "该用户无此接口权限", send);
}

// A caller with the role pages and scope 3 (own dept 103) sees the roles some user of dept 103
// holds, and reaches no other role and no user outside dept 103.
TEST_P(RoleApi, OutOfScopeRolesAndUsersAreRefused) {
  make_role(41, "3", kRolePages);
  make_role(42, "1", "m.menu_id = 1");  // held by a user of dept 103: visible
  make_role(43, "1", "m.menu_id = 1");  // held in dept 109 only: not visible
  add_user("scoped", 103, "41");
  auto mate = add_user("mate", 103, "42");
  auto far = add_user("far", 109, "43");
  auto c = as("scoped");
  EXPECT_EQ(listed(*c), (std::vector<std::int64_t>{1, 41, 42}));
  auto opts = c->get("/system/role/optionselect").json().as_object();
  EXPECT_EQ(ids_of(opts.at("data"), "roleId"), (std::vector<std::int64_t>{1, 41, 42}));
  auto exported = files::read_xlsx(c->post("/system/role/export", "", "application/x-www-form-urlencoded").body);
  ASSERT_EQ(exported.rows.size(), 3u);  // roles 1, 41, 42
  EXPECT_EQ(files::to_text(exported.rows[2][0]), "42");
  EXPECT_EQ(c->get("/system/role/43").msg(), kRoleDenied);
  EXPECT_EQ(c->get("/system/role/2").msg(), kRoleDenied);
  EXPECT_EQ(c->get("/system/role/deptTree/43").msg(), kRoleDenied);
  auto a = c->get("/system/role/authUser/allocatedList?roleId=43").json().as_object();
  EXPECT_EQ(a.at("total").as_int64(), 0);  // far is out of scope
  auto u = c->get("/system/role/authUser/unallocatedList?roleId=42").json().as_object();
  for (auto id : ids_of(u.at("rows"), "userId")) EXPECT_NE(id, far);

  expect_refused("edit 43", 500, kRoleDenied, [&] { return c->put("/system/role", R"({"roleId":43,"roleSort":1})"); });
  expect_refused("delete 43", 500, kRoleDenied, [&] { return c->del("/system/role/43"); });
  expect_refused("status 43", 500, kRoleDenied,
                 [&] { return c->put("/system/role/changeStatus", R"({"roleId":43,"status":"1"})"); });
  expect_refused("scope 43", 500, kRoleDenied,
                 [&] { return c->put("/system/role/dataScope", R"({"roleId":43,"dataScope":"5"})"); });
  expect_refused("cancel far from 43", 500, kRoleDenied, [&] {
    return c->put("/system/role/authUser/cancelAll?roleId=43&userIds=" + std::to_string(far), "");
  });
  expect_refused("give far role 42", 500, kUserDenied, [&] {
    return c->put("/system/role/authUser/selectAll?roleId=42&userIds=" + std::to_string(far), "");
  });
  expect_refused("give mate and far role 42 (one out of scope: none written)", 500, kUserDenied, [&] {
    return c->put(
        "/system/role/authUser/selectAll?roleId=42&userIds=" + std::to_string(mate) + "," + std::to_string(far), "");
  });
  // Within scope the same caller works.
  EXPECT_EQ(c->put("/system/role", R"({"roleId":42,"roleSort":9})").code(), 200);
}

// The escalation bounds: a role editor other than user 1 widens nobody's rights (its own least of
// all) beyond its own menus and data scope.
TEST_P(RoleApi, RoleEditingGivesNothingBeyondTheEditorsOwnRights) {
  make_role(44, "3", kRolePages);          // the editor: role pages + user page 100 + button 1000, dept 103
  make_role(45, "1", "m.menu_id IN (1)");  // held by a dept-103 user: visible, scope all
  make_role(46, "3", "m.menu_id IN (1)");  // held by a dept-103 user: visible, scope 3
  add_user("editor", 103, "44");
  auto mate = add_user("mate", 103, "45,46");
  auto far = add_user("far", 109, "");
  auto c = as("editor");
  const auto before_roles = scalar("SELECT COUNT(*) FROM sys_role");

  // Menus: add / edit only with menus the editor holds (101 is; 102 menu page is not).
  expect_refused("add with a menu it lacks", 500, kMenusBeyond, [&] {
    return c->post("/system/role", R"({"roleName":"x","roleKey":"x","roleSort":1,"menuIds":[1,102]})");
  });
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role"), before_roles);
  expect_refused("edit adding a menu it lacks", 500, kMenusBeyond,
                 [&] { return c->put("/system/role", R"({"roleId":46,"menuIds":[1,102]})"); });
  EXPECT_EQ(c->post("/system/role", R"({"roleName":"ok","roleKey":"ok","roleSort":1,"menuIds":[1,100,1000]})").code(),
            200);
  EXPECT_EQ(c->put("/system/role", R"({"roleId":46,"menuIds":[1,101]})").code(), 200);
  // Keeping a menu the role already gives grants nothing: allowed even if the editor lacks it.
  exec("INSERT INTO sys_role_menu (role_id, menu_id) VALUES (46, 102)");
  EXPECT_EQ(c->put("/system/role", R"({"roleId":46,"menuIds":[1,101,102]})").code(), 200);

  // Its own role: not edited, not disabled, not rescoped.
  expect_refused("edit own role", 500, kOwnRole,
                 [&] { return c->put("/system/role", R"({"roleId":44,"menuIds":[1,100,101,102,103]})"); });
  expect_refused("own role status", 500, kOwnRole,
                 [&] { return c->put("/system/role/changeStatus", R"({"roleId":44,"status":"1"})"); });
  expect_refused("own role scope", 500, kOwnRole,
                 [&] { return c->put("/system/role/dataScope", R"({"roleId":44,"dataScope":"1"})"); });
  expect_refused("own role, held by itself", 500, kRoleDenied, [&] {
    return c->put("/system/role/authUser/cancel",
                  R"({"userId":)" + std::to_string(scalar("SELECT user_id FROM sys_user WHERE user_name = 'editor'")) +
                      R"(,"roleId":44})");
  });

  // Data scope: never '1' from a scope-3 editor, custom depts only within dept 103.
  expect_refused("scope all", 500, kScopeBeyond,
                 [&] { return c->put("/system/role/dataScope", R"({"roleId":46,"dataScope":"1"})"); });
  expect_refused("custom dept 109", 500, kScopeBeyond, [&] {
    return c->put("/system/role/dataScope", R"({"roleId":46,"dataScope":"2","deptIds":[103,109]})");
  });
  EXPECT_EQ(c->put("/system/role/dataScope", R"({"roleId":46,"dataScope":"2","deptIds":[103]})").code(), 200);
  EXPECT_EQ(ints("SELECT dept_id FROM sys_role_dept WHERE role_id = 46"), (std::vector<std::int64_t>{103}));
  // Role 45 already has scope all: narrowing it is fine, widening it back is not.
  EXPECT_EQ(c->put("/system/role", R"({"roleId":45,"roleSort":3})").code(), 200);
  EXPECT_EQ(c->put("/system/role/dataScope", R"({"roleId":45,"dataScope":"3"})").code(), 200);
  expect_refused("scope all again", 500, kScopeBeyond,
                 [&] { return c->put("/system/role/dataScope", R"({"roleId":45,"dataScope":"1"})"); });

  // Scope 4 is relative to each holder: allowed while every holder's subtree lies in the editor's
  // scope (dept 103 is a leaf), refused once a holder sits in dept 101 (subtree 101, 103–107).
  EXPECT_EQ(c->put("/system/role/dataScope", R"({"roleId":46,"dataScope":"4"})").code(), 200);
  EXPECT_EQ(c->put("/system/role/dataScope", R"({"roleId":46,"dataScope":"3"})").code(), 200);
  auto upper = add_user("upper", 101, "46");
  expect_refused("subtree scope for a holder in dept 101", 500, kScopeBeyond,
                 [&] { return c->put("/system/role/dataScope", R"({"roleId":46,"dataScope":"4"})"); });
  exec("DELETE FROM sys_user_role WHERE user_id = " + std::to_string(upper));

  // Enabling a disabled role gives everything it carries: judged as a grant.
  exec("UPDATE sys_role SET status = '1' WHERE role_id = 46");
  expect_refused("enable a role carrying menu 102", 500, kMenusBeyond,
                 [&] { return c->put("/system/role/changeStatus", R"({"roleId":46,"status":"0"})"); });
  expect_refused("enable by edit", 500, kMenusBeyond,
                 [&] { return c->put("/system/role", R"({"roleId":46,"status":"0"})"); });
  EXPECT_EQ(c->put("/system/role", R"({"roleId":46,"status":"0","menuIds":[1,101]})").code(), 200);

  // authUser: role_grant's bound (menus, role 1, own roles) and the user's scope.
  make_role(47, "3", "m.menu_id IN (1, 102)");
  exec("INSERT INTO sys_user_role (user_id, role_id) VALUES (" + std::to_string(mate) + ", 47)");
  auto bob = add_user("bob", 103, "");
  expect_refused("grant a role carrying a menu it lacks", 500, kRoleDenied, [&] {
    return c->put("/system/role/authUser/selectAll?roleId=47&userIds=" + std::to_string(bob), "");
  });
  expect_refused("grant role 1", 500, kSuperRole,
                 [&] { return c->put("/system/role/authUser/selectAll?roleId=1&userIds=" + std::to_string(bob), ""); });
  expect_refused("grant a role to itself", 500, kRoleDenied, [&] {
    return c->put("/system/role/authUser/selectAll?roleId=46&userIds=" +
                      std::to_string(scalar("SELECT user_id FROM sys_user WHERE user_name = 'editor'")),
                  "");
  });
  expect_refused("grant to a user out of scope", 500, kUserDenied, [&] {
    return c->put("/system/role/authUser/selectAll?roleId=46&userIds=" + std::to_string(far), "");
  });
  EXPECT_EQ(c->put("/system/role/authUser/selectAll?roleId=46&userIds=" + std::to_string(bob), "").code(), 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role WHERE role_id = 46 AND user_id = " + std::to_string(bob)), 1);
  // The editor's own rights did not move.
  auto info = c->get("/getInfo").json().as_object();
  for (auto& p : info.at("permissions").as_array()) EXPECT_NE(p.as_string(), "system:menu:list");
}

// The holder's next request follows its role: menus (getRouters, getInfo, permission check),
// status, data scope (scoped list) — in process; tests/e2e covers a second instance.
TEST_P(RoleApi, TheHoldersNextRequestFollowsTheRole) {
  auto holder = as("niangao", "admin123");
  auto routers = [&] { return holder->get("/getRouters").body; };
  auto perms = [&] {
    std::vector<std::string> out;
    auto info = holder->get("/getInfo").json();  // named: a range-for keeps only the last temporary
    for (auto& p : info.as_object().at("permissions").as_array()) out.emplace_back(p.as_string());
    return out;
  };
  ASSERT_NE(routers().find("system/user/index"), std::string::npos);
  ASSERT_EQ(holder->get("/system/user/list").code(), 200);
  auto has = [](const std::vector<std::string>& v, const char* p) {
    return std::find(v.begin(), v.end(), p) != v.end();
  };
  ASSERT_TRUE(has(perms(), "system:user:list"));

  // Menus: every seeded menu but 100 (用户管理) and its buttons.
  auto menus = ints(
      "SELECT menu_id FROM sys_role_menu WHERE role_id = 2 AND menu_id <> 100 AND menu_id NOT BETWEEN "
      "1000 AND 1006 ORDER BY menu_id");
  std::string list;
  for (auto id : menus) list += (list.empty() ? "" : ",") + std::to_string(id);
  ASSERT_EQ(client().put("/system/role", R"({"roleId":2,"menuIds":[)" + list + "]}").code(), 200);
  EXPECT_EQ(routers().find("system/user/index"), std::string::npos);
  EXPECT_NE(routers().find("system/role/index"), std::string::npos);
  EXPECT_FALSE(has(perms(), "system:user:list"));
  EXPECT_EQ(holder->get("/system/user/list").code(), 403);
  EXPECT_EQ(holder->get("/system/role/list").code(), 200);

  // Data scope: '5' (self) → the role list shows nothing; '2' with dept 105 → its own roles.
  ASSERT_EQ(client().put("/system/role/dataScope", R"({"roleId":2,"dataScope":"2","deptIds":[105]})").code(), 200);
  EXPECT_EQ(listed(*holder), (std::vector<std::int64_t>{2}));
  ASSERT_EQ(client().put("/system/role/dataScope", R"({"roleId":2,"dataScope":"5"})").code(), 200);
  EXPECT_EQ(listed(*holder), (std::vector<std::int64_t>{}));
  ASSERT_EQ(client().put("/system/role/dataScope", R"({"roleId":2,"dataScope":"1"})").code(), 200);
  EXPECT_EQ(listed(*holder), (std::vector<std::int64_t>{1, 2}));

  // Status: disabled → no role, no permission, no menus.
  ASSERT_EQ(client().put("/system/role/changeStatus", R"({"roleId":2,"status":"1"})").code(), 200);
  auto info = holder->get("/getInfo").json().as_object();
  EXPECT_TRUE(info.at("roles").as_array().empty() || info.at("roles").as_array()[0].as_string() != "common") << info;
  EXPECT_EQ(holder->get("/system/role/list").code(), 403);
  EXPECT_EQ(routers().find("system/role/index"), std::string::npos);
  ASSERT_EQ(client().put("/system/role/changeStatus", R"({"roleId":2,"status":"0"})").code(), 200);
  EXPECT_EQ(holder->get("/system/role/list").code(), 200);
  // Cancelled: the same.
  ASSERT_EQ(client().put("/system/role/authUser/cancel", R"({"userId":2,"roleId":2})").code(), 200);
  EXPECT_EQ(holder->get("/system/role/list").code(), 403);
}

// One oper-log row per write, with the route's title and business type; a refused write has status 1
// and its message.
TEST_P(RoleApi, WritesLeaveTheirOperationLogRows) {
  ASSERT_EQ(client().put("/system/role/dataScope", R"({"roleId":2,"dataScope":"3"})").code(), 200);
  ASSERT_EQ(client().post("/system/role", R"({"roleName":"普通角色","roleKey":"x","roleSort":1})").code(), 500);
  const std::string where = "title = '角色管理'";
  test::wait_oper_rows(app(), 2, where);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE " + where), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE " + where +
                   " AND business_type = 4 AND status = 0 AND oper_url = '/system/role/dataScope'"),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE " + where +
                   " AND business_type = 1 AND status = 1 AND error_msg = '新增角色普通角色失败，角色名称已存在'"),
            1);
}
