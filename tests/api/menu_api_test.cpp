// /system/menu (API.md §3.3, §3.4): list (all menus for user 1 / role 1, own menus otherwise),
// detail, treeselect, roleMenuTreeselect (checkedKeys with and without menuCheckStrictly), add,
// edit, delete, updateSort; every §3.4 rule with its message and nothing written on a refusal; no
// right minted by a menu editor who lacks it; an edit reaches the holder's next /getRouters and
// permission check; each route's permission, title and business type.
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/menu/menu_controller.hpp"
#include "system/menu/menu_model.hpp"
#include "system/menu/menu_rules.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace ruoyi;
namespace bj = boost::json;
using system::menu::Menu;

namespace {

class MenuApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    if (r.rows.empty()) return "<no row>";
    auto* s = std::get_if<std::string>(&r.rows[0][0]);
    return s ? *s : "NULL";
  }
  // sys_menu and sys_role_menu, one line per row: what "nothing written" compares.
  std::string menus() {
    return test::tables_text(app(), {"SELECT * FROM sys_menu ORDER BY menu_id",
                                     "SELECT role_id, menu_id FROM sys_role_menu ORDER BY role_id, menu_id"});
  }
  // A client logged in as a new user of dept `dept` whose one role (id `role`, data scope
  // `scope`) holds the menus that `menu_where` selects ("" = none).
  std::unique_ptr<http::TestClient> as_user(const std::string& name, int role, const std::string& menu_where,
                                            const std::string& scope = "1", int dept = 103) {
    return ApiTest::as_user(name, menu_where,
                            {.role_id = role, .role_sort = role, .data_scope = scope, .dept_id = dept});
  }
  std::unique_ptr<http::TestClient> as_niangao() {  // user 2: role 2, every seeded menu but 99
    auto c = std::make_unique<http::TestClient>(app().handler(), app().settled());
    c->set_header("Authorization", "Bearer " + login("niangao", "admin123"));
    return c;
  }
  static std::vector<std::int64_t> ids(const bj::value& rows, const char* key = "menuId") {
    std::vector<std::int64_t> out;
    for (const auto& row : rows.as_array()) out.push_back(row.as_object().at(key).as_int64());
    return out;
  }
  // Every id of a tree, depth first.
  static void tree_ids(const bj::value& nodes, std::vector<std::int64_t>& out) {
    for (const auto& n : nodes.as_array()) {
      out.push_back(n.as_object().at("id").as_int64());
      if (const auto* kids = n.as_object().if_contains("children")) tree_ids(*kids, out);
    }
  }
  std::vector<std::int64_t> column_ids(const std::string& sql) { return query(sql).ints(); }
  // A refused request: the code, the exact message, and not one menu or link changed.
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return menus(); }, what, code, msg, send);
  }
  std::int64_t id_of(const std::string& name) {
    return scalar("SELECT menu_id FROM sys_menu WHERE menu_name = '" + name + "'");
  }
  // A page body under `parent` with the given path / route name.
  static std::string page(const std::string& name, std::int64_t parent, const std::string& path,
                          const std::string& route_name = "", const std::string& type = "C") {
    return R"({"menuName":")" + name + R"(","parentId":)" + std::to_string(parent) + R"(,"orderNum":1,"menuType":")" +
           type + R"(","path":")" + path + R"(","routeName":")" + route_name + R"("})";
  }
  const std::string all_seeded_but_99 = "menu_id <> 99";
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, MenuApi, test::all_backends(), test::backend_name);

// ---------------------------------------------------------------- the rules, without a database

TEST(MenuResource, EveryKeyIsAMemberOfMenuOrMenuBody) {
  auto problems = web::key_problems<Menu, system::menu::MenuBody>(system::menu::menu_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

namespace {
Menu menu(std::int64_t id, std::int64_t parent, std::string name, std::string type, std::string path,
          std::string route_name = "") {
  Menu m;
  m.menuId = id;
  m.parentId = parent;
  m.menuName = std::move(name);
  m.menuType = std::move(type);
  m.path = std::move(path);
  m.routeName = std::move(route_name);
  return m;
}
const std::vector<Menu> kTable = {
    menu(1, 0, "系统", "M", "system"), menu(10, 1, "用户", "C", "user"), menu(11, 1, "角色", "C", "role", "Roles"),
    menu(12, 10, "查询", "F", "#"),    menu(13, 11, "查询", "F", "#"),   menu(2, 0, "监控", "M", "monitor"),
};
}  // namespace

TEST(MenuRules, NameIsUniqueAmongSiblingsOnly) {
  using system::menu::refusal;
  EXPECT_EQ(refusal(menu(0, 1, "用户", "F", ""), true, kTable), "新增菜单用户失败，菜单名称已存在");
  EXPECT_EQ(refusal(menu(0, 2, "用户", "F", ""), true, kTable), std::nullopt);      // another parent
  EXPECT_EQ(refusal(menu(12, 10, "查询", "F", "#"), false, kTable), std::nullopt);  // itself
  EXPECT_EQ(refusal(menu(13, 10, "查询", "F", "#"), false, kTable), "修改菜单查询失败，菜单名称已存在");
}

TEST(MenuRules, RouteNameOrPathIsUniqueForPagesAndDirectories) {
  using system::menu::refusal;
  const std::string taken = "新增菜单x失败，路由名称或地址已存在";
  // The same path under the same parent, even with distinct route names.
  EXPECT_EQ(refusal(menu(0, 1, "x", "C", "USER", "Other"), true, kTable), taken);
  // The same path under another parent, both with route names of their own: allowed…
  EXPECT_EQ(refusal(menu(0, 2, "x", "C", "role", "Other"), true, kTable), std::nullopt);
  // …but not at the root.
  EXPECT_EQ(refusal(menu(0, 0, "x", "M", "role", "Other"), true, kTable), taken);
  // The route name (routeName, else path) anywhere, case-insensitively.
  EXPECT_EQ(refusal(menu(0, 2, "x", "C", "user"), true, kTable), taken);
  EXPECT_EQ(refusal(menu(0, 2, "x", "C", "roles"), true, kTable), taken);
  EXPECT_EQ(refusal(menu(0, 2, "x", "C", "other", "ROLES"), true, kTable), taken);
  EXPECT_EQ(refusal(menu(0, 2, "x", "C", "other", "system"), true, kTable), taken);
  // Buttons are not routes: neither checked nor compared with.
  EXPECT_EQ(refusal(menu(0, 2, "x", "F", "user"), true, kTable), std::nullopt);
  EXPECT_EQ(refusal(menu(0, 2, "x", "C", "#"), true, kTable), std::nullopt);
  // A menu keeps its own route.
  EXPECT_EQ(refusal(menu(11, 1, "角色", "C", "role", "Roles"), false, kTable), std::nullopt);
}

TEST(MenuRules, FrameParentAndCycle) {
  using system::menu::refusal;
  auto external = menu(0, 0, "外链", "M", "www.ruoyi.vip");
  external.isFrame = 0;
  EXPECT_EQ(refusal(external, true, kTable), "新增菜单外链失败，地址必须以http(s)://开头");
  external.path = "https://www.ruoyi.vip";
  EXPECT_EQ(refusal(external, true, kTable), std::nullopt);
  EXPECT_EQ(refusal(menu(0, 77, "x", "F", ""), true, kTable), "上级菜单不存在");
  EXPECT_EQ(refusal(menu(10, 10, "用户", "C", "user"), false, kTable), "修改菜单用户失败，上级菜单不能选择自己");
  EXPECT_EQ(refusal(menu(1, 12, "系统", "M", "system"), false, kTable),
            "修改菜单系统失败，上级菜单不能选择自己的下级菜单");
}

// ---------------------------------------------------------------- reads

TEST_P(MenuApi, AdminListsEveryMenuFlatByParentAndOrder) {
  auto r = client().get("/system/menu/list");
  ASSERT_EQ(r.code(), 200) << r.body;
  const auto reply = r.json();
  const auto& data = reply.at("data");
  EXPECT_EQ(ids(data), column_ids("SELECT menu_id FROM sys_menu ORDER BY parent_id, order_num, menu_id"));
  const auto& first = data.as_array().at(0).as_object();
  EXPECT_EQ(first.at("menuId").as_int64(), 1);
  EXPECT_EQ(first.at("menuName").as_string(), "系统管理");
  EXPECT_EQ(first.at("menuType").as_string(), "M");
  EXPECT_EQ(first.at("isFrame").as_int64(), 1);  // numbers (API.md §1)
  EXPECT_EQ(first.at("isCache").as_int64(), 0);
  EXPECT_TRUE(first.at("component").is_null());
  for (const char* key : {"path", "query", "routeName", "visible", "status", "perms", "icon", "createBy", "createTime",
                          "updateBy", "updateTime", "remark"})
    EXPECT_TRUE(first.contains(key)) << key;

  EXPECT_EQ(ids(client().get("/system/menu/list?menuName=%E6%97%A5%E5%BF%97").json().at("data")),  // 日志
            column_ids("SELECT menu_id FROM sys_menu WHERE menu_name LIKE '%日志%' ORDER BY parent_id, order_num, "
                       "menu_id"));
  exec("UPDATE sys_menu SET status = '1' WHERE menu_id IN (107, 1035)");
  EXPECT_EQ(ids(client().get("/system/menu/list?status=1").json().at("data")), (std::vector<std::int64_t>{107, 1035}));
  EXPECT_EQ(client().get("/system/menu/list?menuName=%25").json().at("data").as_array().size(), 0u);  // % literal
  auto bad = client().get("/system/menu/list?status=2");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数status取值错误");
}

TEST_P(MenuApi, ANonAdminSeesOnlyTheMenusOfItsActiveRoles) {
  // Role 60: the menu page and its buttons (1012–1015), 系统管理 (1) and 用户管理 (100).
  auto own = as_user("menuman", 60, "menu_id IN (1, 100, 102, 1012, 1013, 1014, 1015)");
  exec("UPDATE sys_menu SET status = '1' WHERE menu_id = 100");  // disabled: listed, not in the tree
  auto r = own->get("/system/menu/list");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(ids(r.json().at("data")), (std::vector<std::int64_t>{1, 100, 102, 1012, 1013, 1014, 1015}));
  EXPECT_EQ(ids(own->get("/system/menu/list?menuName=%E7%94%A8%E6%88%B7").json().at("data")),  // 用户
            (std::vector<std::int64_t>{100}));

  auto tree = own->get("/system/menu/treeselect");
  ASSERT_EQ(tree.code(), 200) << tree.body;
  std::vector<std::int64_t> in_tree;
  tree_ids(tree.json().at("data"), in_tree);
  EXPECT_EQ(in_tree, (std::vector<std::int64_t>{1, 102, 1012, 1013, 1014, 1015}));

  EXPECT_EQ(own->get("/system/menu/102").code(), 200);
  expect_refused("detail of a menu not held", 500, "没有权限访问菜单数据",
                 [&] { return own->get("/system/menu/103"); });

  // A disabled role gives nothing: no menu in the tree, no permission for the list.
  exec("UPDATE sys_role SET status = '1' WHERE role_id = 60");
  auto none = own->get("/system/menu/treeselect");
  ASSERT_EQ(none.code(), 200) << none.body;
  EXPECT_EQ(none.json().at("data").as_array().size(), 0u);
  EXPECT_EQ(own->get("/system/menu/list").code(), 403);
  // A holder of role 1 sees every menu, as user 1 does.
  auto super = as_user("super", 61, "");
  exec("INSERT INTO sys_user_role (user_id, role_id) SELECT user_id, 1 FROM sys_user WHERE user_name = 'super'");
  EXPECT_EQ(ids(super->get("/system/menu/list").json().at("data")),
            column_ids("SELECT menu_id FROM sys_menu ORDER BY parent_id, order_num, menu_id"));
}

TEST_P(MenuApi, DetailReturnsTheRowAndRefusesUnknownIds) {
  auto r = client().get("/system/menu/100");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto data = r.json().at("data").as_object();
  EXPECT_EQ(data.at("menuId").as_int64(), 100);
  EXPECT_EQ(data.at("menuName").as_string(), "用户管理");
  EXPECT_EQ(data.at("parentId").as_int64(), 1);
  EXPECT_EQ(data.at("path").as_string(), "user");
  EXPECT_EQ(data.at("component").as_string(), "system/user/index");
  EXPECT_EQ(data.at("perms").as_string(), "system:user:list");
  EXPECT_EQ(data.at("menuType").as_string(), "C");

  auto unknown = client().get("/system/menu/98765");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "菜单不存在");
  auto bad = client().get("/system/menu/x");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数menuId必须是正整数");
}

TEST_P(MenuApi, TreeselectIsTheActiveMenusAsATree) {
  exec("UPDATE sys_menu SET status = '1' WHERE menu_id = 108");  // 日志管理: its subtree's root goes
  auto r = client().get("/system/menu/treeselect");
  ASSERT_EQ(r.code(), 200) << r.body;
  const auto reply = r.json();
  const auto& roots = reply.at("data").as_array();
  // Roots by orderNum: 系统管理, 系统监控, 若依官网 — and 500, 501, whose parent is not in the list.
  std::vector<std::int64_t> root_ids;
  for (const auto& n : roots) root_ids.push_back(n.as_object().at("id").as_int64());
  EXPECT_EQ(root_ids, (std::vector<std::int64_t>{1, 500, 2, 501, 99}));
  const auto& system = roots.at(0).as_object();
  EXPECT_EQ(system.at("label").as_string(), "系统管理");
  EXPECT_EQ(system.at("parentId").as_int64(), 0);
  const auto& user = system.at("children").as_array().at(0).as_object();
  EXPECT_EQ(user.at("id").as_int64(), 100);
  EXPECT_EQ(user.at("parentId").as_int64(), 1);
  // Buttons too, and `children` only when there are some.
  const auto& button = user.at("children").as_array().at(0).as_object();
  EXPECT_EQ(button.at("id").as_int64(), 1000);
  EXPECT_FALSE(button.contains("children"));
  std::vector<std::int64_t> all;
  tree_ids(r.json().at("data"), all);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, column_ids("SELECT menu_id FROM sys_menu WHERE status = '0' ORDER BY menu_id"));
}

TEST_P(MenuApi, RoleMenuTreeselectChecksLinkedMenusWithAndWithoutStrictness) {
  // Role 2 holds every seeded menu but 99. Strict (the seed): no id that is the parent of another
  // linked one — only the leaves.
  auto r = client().get("/system/menu/roleMenuTreeselect/2");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto body = r.json().as_object();
  EXPECT_FALSE(body.contains("data"));
  std::vector<std::int64_t> keys;
  for (const auto& k : body.at("checkedKeys").as_array()) keys.push_back(k.as_int64());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, column_ids("SELECT rm.menu_id FROM sys_role_menu rm WHERE rm.role_id = 2 AND NOT EXISTS (SELECT 1 "
                             "FROM sys_menu c JOIN sys_role_menu crm ON crm.menu_id = c.menu_id AND crm.role_id = 2 "
                             "WHERE c.parent_id = rm.menu_id) ORDER BY rm.menu_id"));
  EXPECT_FALSE(std::binary_search(keys.begin(), keys.end(), 1));    // parent of 100
  EXPECT_FALSE(std::binary_search(keys.begin(), keys.end(), 100));  // parent of 1000
  EXPECT_TRUE(std::binary_search(keys.begin(), keys.end(), 1000));
  EXPECT_FALSE(std::binary_search(keys.begin(), keys.end(), 99));  // not linked
  // `menus` is the caller's treeselect.
  EXPECT_EQ(body.at("menus"), client().get("/system/menu/treeselect").json().at("data"));

  // Not strict: every linked id.
  exec("UPDATE sys_role SET menu_check_strictly = 0 WHERE role_id = 2");
  keys.clear();
  const auto loose = client().get("/system/menu/roleMenuTreeselect/2").json();
  for (const auto& k : loose.at("checkedKeys").as_array()) keys.push_back(k.as_int64());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, column_ids("SELECT menu_id FROM sys_role_menu WHERE role_id = 2 ORDER BY menu_id"));
  EXPECT_TRUE(std::binary_search(keys.begin(), keys.end(), 1));

  auto unknown = client().get("/system/menu/roleMenuTreeselect/999");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "角色不存在");
  exec("UPDATE sys_role SET del_flag = '2' WHERE role_id = 2");
  EXPECT_EQ(client().get("/system/menu/roleMenuTreeselect/2").msg(), "角色不存在");
}

TEST_P(MenuApi, RoleMenuTreeselectNeedsTheRoleInTheCallersScope) {
  // niangao: scope 2 over depts 100, 101, 105. Role 2 is held in dept 105 (niangao); role 1 only
  // by admin, in dept 103.
  auto niangao = as_niangao();
  auto own = niangao->get("/system/menu/roleMenuTreeselect/2");
  EXPECT_EQ(own.code(), 200) << own.body;
  std::vector<std::int64_t> in_tree;
  tree_ids(own.json().at("menus"), in_tree);
  EXPECT_EQ(std::count(in_tree.begin(), in_tree.end(), 99), 0);  // niangao's own menus only
  auto other = niangao->get("/system/menu/roleMenuTreeselect/1");
  EXPECT_EQ(other.code(), 500);
  EXPECT_EQ(other.msg(), "没有权限访问角色数据");
  // No permission needed, but a role is needed to see anything.
  auto plain = as_user("plain", 62, "", "3");
  auto none = plain->get("/system/menu/roleMenuTreeselect/2");
  EXPECT_EQ(none.code(), 500);
  EXPECT_EQ(none.msg(), "没有权限访问角色数据");
}

// ---------------------------------------------------------------- add / edit

TEST_P(MenuApi, AddInsertsTheGivenFieldsWithDefaultsAndAudit) {
  auto r = client().post(
      "/system/menu", R"({"menuName":"报表","parentId":1,"orderNum":10,"menuType":"C","path":"report",)"
                      R"("component":"system/report/index","isFrame":"1","isCache":"1","perms":"system:report:list",)"
                      R"("icon":"chart","remark":"r","unknown":1})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  const auto id = std::to_string(id_of("报表"));
  EXPECT_EQ(scalar("SELECT parent_id FROM sys_menu WHERE menu_id = " + id), 1);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_menu WHERE menu_id = " + id), 10);
  EXPECT_EQ(scalar("SELECT is_cache FROM sys_menu WHERE menu_id = " + id), 1);
  EXPECT_EQ(text("SELECT path FROM sys_menu WHERE menu_id = " + id), "report");
  EXPECT_EQ(text("SELECT perms FROM sys_menu WHERE menu_id = " + id), "system:report:list");
  EXPECT_EQ(text("SELECT visible FROM sys_menu WHERE menu_id = " + id), "0");  // column defaults
  EXPECT_EQ(text("SELECT status FROM sys_menu WHERE menu_id = " + id), "0");
  EXPECT_EQ(text("SELECT route_name FROM sys_menu WHERE menu_id = " + id), "");
  EXPECT_EQ(text("SELECT create_by FROM sys_menu WHERE menu_id = " + id), "admin");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_menu WHERE menu_id = " + id + " AND create_time IS NOT NULL"), 1);
  // A button with only the required fields: parent 0, is_frame 1, icon '#'.
  ASSERT_EQ(client().post("/system/menu", R"({"menuName":"按钮","orderNum":1,"menuType":"F"})").code(), 200);
  EXPECT_EQ(scalar("SELECT parent_id FROM sys_menu WHERE menu_name = '按钮'"), 0);
  EXPECT_EQ(scalar("SELECT is_frame FROM sys_menu WHERE menu_name = '按钮'"), 1);
  EXPECT_EQ(text("SELECT icon FROM sys_menu WHERE menu_name = '按钮'"), "#");
  // An external link.
  EXPECT_EQ(
      client()
          .post("/system/menu", R"({"menuName":"外链","orderNum":1,"menuType":"M","isFrame":0,"path":"https://x.y"})")
          .code(),
      200);
}

TEST_P(MenuApi, AddRefusesEachRuleWithItsMessage) {
  expect_refused("sibling name", 500, "新增菜单用户管理失败，菜单名称已存在",
                 [&] { return client().post("/system/menu", page("用户管理", 1, "users2")); });
  expect_refused("path among siblings", 500, "新增菜单新页失败，路由名称或地址已存在",
                 [&] { return client().post("/system/menu", page("新页", 1, "User", "Mine")); });
  expect_refused("path at the root", 500, "新增菜单新页失败，路由名称或地址已存在",
                 [&] { return client().post("/system/menu", page("新页", 0, "online", "Mine", "M")); });
  expect_refused("route name anywhere", 500, "新增菜单新页失败，路由名称或地址已存在",
                 [&] { return client().post("/system/menu", page("新页", 1, "ONLINE")); });
  expect_refused("frame without http", 500, "新增菜单外链失败，地址必须以http(s)://开头", [&] {
    return client().post("/system/menu", R"({"menuName":"外链","orderNum":1,"menuType":"M","isFrame":0,"path":"x.y"})");
  });
  expect_refused("unknown parent", 500, "上级菜单不存在",
                 [&] { return client().post("/system/menu", page("新页", 98765, "np")); });
  // Allowed: the same name under another parent; a button sharing a page's path; the same path
  // under another parent when both carry route names of their own.
  EXPECT_EQ(client().post("/system/menu", page("用户管理", 2, "users2")).code(), 200);
  EXPECT_EQ(client().post("/system/menu", page("按钮x", 100, "user", "", "F")).code(), 200);
  exec("UPDATE sys_menu SET route_name = 'SysUser' WHERE menu_id = 100");
  auto same_path = client().post("/system/menu", page("监控用户", 2, "user", "MonUser"));
  EXPECT_EQ(same_path.code(), 200) << same_path.body;
}

TEST_P(MenuApi, EditChangesOnlyTheGivenFields) {
  auto r = client().put("/system/menu", R"({"menuId":100,"menuName":"用户","icon":"peoples","isCache":"1"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT menu_name FROM sys_menu WHERE menu_id = 100"), "用户");
  EXPECT_EQ(text("SELECT icon FROM sys_menu WHERE menu_id = 100"), "peoples");
  EXPECT_EQ(scalar("SELECT is_cache FROM sys_menu WHERE menu_id = 100"), 1);
  EXPECT_EQ(text("SELECT path FROM sys_menu WHERE menu_id = 100"), "user");  // untouched
  EXPECT_EQ(text("SELECT perms FROM sys_menu WHERE menu_id = 100"), "system:user:list");
  EXPECT_EQ(text("SELECT update_by FROM sys_menu WHERE menu_id = 100"), "admin");
  // The whole form as the UI sends it, unchanged: no rule trips over the menu itself.
  auto same =
      client().put("/system/menu", R"({"menuId":101,"menuName":"角色管理","parentId":1,"orderNum":2,"menuType":"C",)"
                                   R"("path":"role","component":"system/role/index","isFrame":"1","isCache":"0",)"
                                   R"("visible":"0","status":"0","perms":"system:role:list","icon":"peoples"})");
  EXPECT_EQ(same.code(), 200) << same.body;
  // A move under another parent.
  EXPECT_EQ(client().put("/system/menu", R"({"menuId":107,"parentId":2})").code(), 200);
  EXPECT_EQ(scalar("SELECT parent_id FROM sys_menu WHERE menu_id = 107"), 2);
}

TEST_P(MenuApi, EditRefusesEachRuleWithItsMessage) {
  expect_refused("parent self", 500, "修改菜单用户管理失败，上级菜单不能选择自己",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"parentId":100})"); });
  expect_refused("parent below self", 500, "修改菜单系统管理失败，上级菜单不能选择自己的下级菜单",
                 [&] { return client().put("/system/menu", R"({"menuId":1,"parentId":1000})"); });
  expect_refused("sibling name", 500, "修改菜单角色管理失败，菜单名称已存在",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"menuName":"角色管理"})"); });
  exec("INSERT INTO sys_menu (menu_name, parent_id, order_num, menu_type, path) VALUES ('用户查询', 101, 9, 'F', '#')");
  expect_refused("moved next to a sibling of the same name", 500, "修改菜单用户查询失败，菜单名称已存在",
                 [&] { return client().put("/system/menu", R"({"menuId":1000,"parentId":101})"); });
  expect_refused("route", 500, "修改菜单用户管理失败，路由名称或地址已存在",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"path":"ROLE"})"); });
  expect_refused("route name", 500, "修改菜单用户管理失败，路由名称或地址已存在",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"routeName":"Online"})"); });
  expect_refused("frame", 500, "修改菜单用户管理失败，地址必须以http(s)://开头",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"isFrame":0})"); });
  expect_refused("unknown", 500, "菜单不存在",
                 [&] { return client().put("/system/menu", R"({"menuId":98765,"menuName":"x"})"); });
  expect_refused("unknown parent", 500, "上级菜单不存在",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"parentId":98765})"); });
  expect_refused("no id", 601, "菜单ID不能为空", [&] { return client().put("/system/menu", R"({"menuName":"x"})"); });
}

TEST_P(MenuApi, BadInputIs601AndWritesNothing) {
  const std::string name51(51, 'n'), path201(201, 'p'), comp256(256, 'c'), perms101(101, 'p'), icon101(101, 'i'),
      route51(51, 'r'), remark501(501, 'r');
  auto with = [](const std::string& extra) { return R"({"menuName":"新","orderNum":1,"menuType":"C")" + extra + "}"; };
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"malformed JSON", {R"({"menuName":)", ""}},
      {"not an object", {R"([1])", ""}},
      {"no name", {R"({"orderNum":1,"menuType":"C"})", "菜单名称不能为空"}},
      {"empty name", {R"({"menuName":"","orderNum":1,"menuType":"C"})", "菜单名称不能为空"}},
      {"no order", {R"({"menuName":"新","menuType":"C"})", "显示顺序不能为空"}},
      {"no type", {R"({"menuName":"新","orderNum":1})", "菜单类型不能为空"}},
      {"long name",
       {R"({"menuName":")" + name51 + R"(","orderNum":1,"menuType":"F"})", "菜单名称长度不能超过50个字符"}},
      {"long path", {with(R"(,"path":")" + path201 + "\""), "路由地址长度不能超过200个字符"}},
      {"long component", {with(R"(,"component":")" + comp256 + "\""), "组件路径长度不能超过255个字符"}},
      {"long query", {with(R"(,"query":")" + comp256 + "\""), "路由参数长度不能超过255个字符"}},
      {"long route name", {with(R"(,"routeName":")" + route51 + "\""), "路由名称长度不能超过50个字符"}},
      {"long perms", {with(R"(,"perms":")" + perms101 + "\""), "权限标识长度不能超过100个字符"}},
      {"long icon", {with(R"(,"icon":")" + icon101 + "\""), "菜单图标长度不能超过100个字符"}},
      {"long remark", {with(R"(,"remark":")" + remark501 + "\""), "备注长度不能超过500个字符"}},
      {"bad type", {R"({"menuName":"新","orderNum":1,"menuType":"X"})", "参数menuType取值错误"}},
      {"bad visible", {with(R"(,"visible":"2")"), "参数visible取值错误"}},
      {"bad status", {with(R"(,"status":"x")"), "参数status取值错误"}},
      {"bad isFrame", {with(R"(,"isFrame":2)"), "参数isFrame取值错误"}},
      {"bad isCache", {with(R"(,"isCache":"-1")"), "参数isCache取值错误"}},
      {"isFrame not a number", {with(R"(,"isFrame":"yes")"), "参数isFrame类型错误，应为整数"}},
      {"order not a number",
       {R"({"menuName":"新","orderNum":"abc","menuType":"C"})", "参数orderNum类型错误，应为整数"}},
      {"order too large", {R"({"menuName":"新","orderNum":3000000000,"menuType":"C"})", "参数orderNum取值错误"}},
      {"name not a string", {R"({"menuName":7,"orderNum":1,"menuType":"C"})", "参数menuName类型错误，应为字符串"}},
      {"parent not a number", {with(R"(,"parentId":[1])"), "参数parentId类型错误，应为整数"}},
      {"negative parent", {with(R"(,"parentId":-1)"), "参数parentId取值错误"}},
      {"perms not a string", {with(R"(,"perms":{"a":1})"), "参数perms类型错误，应为字符串"}},
  };
  for (const auto& [what, body_msg] : adds) {
    const auto& [body, msg] = body_msg;
    auto before = menus();
    auto r = client().post("/system/menu", body);
    EXPECT_EQ(r.code(), 601) << what << ": " << r.body;
    if (!msg.empty()) {
      EXPECT_EQ(r.msg(), msg) << what;
    }
    EXPECT_EQ(menus(), before) << what << ": rows were written";
  }
  expect_refused("edit empty name", 601, "菜单名称不能为空",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"menuName":""})"); });
  expect_refused("edit long name", 601, "菜单名称长度不能超过50个字符",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"menuName":")" + name51 + R"("})"); });
  expect_refused("edit bad type", 601, "参数menuType取值错误",
                 [&] { return client().put("/system/menu", R"({"menuId":100,"menuType":"Z"})"); });
  expect_refused("edit id not a number", 601, "参数menuId类型错误，应为整数",
                 [&] { return client().put("/system/menu", R"({"menuId":"x"})"); });
  auto before = menus();
  EXPECT_EQ(client().put("/system/menu", "{").code(), 601);
  EXPECT_EQ(menus(), before);
}

// ---------------------------------------------------------------- delete / updateSort

TEST_P(MenuApi, RemoveDeletesAndRefusesParentsAndAssignedMenus) {
  ASSERT_EQ(client().post("/system/menu", page("临时", 1, "tmp")).code(), 200);
  ASSERT_EQ(client().post("/system/menu", page("临时2", 2, "tmp2")).code(), 200);
  const auto tmp = std::to_string(id_of("临时")), tmp2 = std::to_string(id_of("临时2"));
  expect_refused("children", 601, "存在子菜单,不允许删除", [&] { return client().del("/system/menu/" + tmp + ",1"); });
  expect_refused("assigned", 601, "菜单已分配,不允许删除",
                 [&] { return client().del("/system/menu/" + tmp + ",1000"); });
  expect_refused("unknown", 500, "菜单不存在", [&] { return client().del("/system/menu/" + tmp + ",98765"); });
  expect_refused("bad ids", 601, "参数menuIds必须是正整数", [&] { return client().del("/system/menu/" + tmp + ",x"); });
  auto r = client().del("/system/menu/" + tmp + "," + tmp2);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_menu WHERE menu_id IN (" + tmp + ", " + tmp2 + ")"), 0);  // hard
  // Menu 99 is linked to no role and has no child.
  EXPECT_EQ(client().del("/system/menu/99").code(), 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_menu WHERE menu_id = 99"), 0);
}

TEST_P(MenuApi, UpdateSortSetsEachOrderNum) {
  auto r = client().put("/system/menu/updateSort", R"({"menuIds":"100,101,99","orderNums":"7,-1,3"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "保存成功");
  EXPECT_EQ(scalar("SELECT order_num FROM sys_menu WHERE menu_id = 100"), 7);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_menu WHERE menu_id = 101"), -1);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_menu WHERE menu_id = 99"), 3);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_menu WHERE menu_id = 102"), 3);  // untouched
  EXPECT_EQ(text("SELECT update_by FROM sys_menu WHERE menu_id = 101"), "admin");

  const std::map<std::string, std::pair<std::string, std::string>> bad = {
      {"malformed", {"{", ""}},
      {"no ids", {R"({"orderNums":"1"})", "参数menuIds不能为空"}},
      {"no orders", {R"({"menuIds":"100"})", "参数orderNums不能为空"}},
      {"ids not a string", {R"({"menuIds":[100],"orderNums":"1"})", "参数menuIds类型错误，应为字符串"}},
      {"bad id", {R"({"menuIds":"100,x","orderNums":"1,2"})", "参数menuIds必须是正整数"}},
      {"zero id", {R"({"menuIds":"0","orderNums":"1"})", "参数menuIds必须是正整数"}},
      {"bad order", {R"({"menuIds":"100","orderNums":"1.5"})", "参数orderNums必须是整数"}},
      {"order too large", {R"({"menuIds":"100","orderNums":"3000000000"})", "参数orderNums必须是整数"}},
      {"counts differ", {R"({"menuIds":"100,101","orderNums":"1"})", "参数menuIds与orderNums的个数不一致"}},
  };
  for (const auto& [what, body_msg] : bad) {
    const auto& [body, msg] = body_msg;
    auto before = menus();
    auto reply = client().put("/system/menu/updateSort", body);
    EXPECT_EQ(reply.code(), 601) << what << ": " << reply.body;
    if (!msg.empty()) {
      EXPECT_EQ(reply.msg(), msg) << what;
    }
    EXPECT_EQ(menus(), before) << what << ": rows were written";
  }
  expect_refused("unknown", 500, "菜单不存在", [&] {
    return client().put("/system/menu/updateSort", R"({"menuIds":"100,98765","orderNums":"1,2"})");
  });
}

// ---------------------------------------------------------------- who may do what

TEST_P(MenuApi, EachRouteNeedsItsPermission) {
  auto plain = as_user("plain", 63, "perms = 'system:menu:list'");
  EXPECT_EQ(plain->get("/system/menu/list").code(), 200);
  EXPECT_EQ(plain->get("/system/menu/treeselect").code(), 200);  // any logged-in user
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"query", [&] { return plain->get("/system/menu/102"); }},
      {"add", [&] { return plain->post("/system/menu", page("新页", 0, "newp")); }},
      {"edit", [&] { return plain->put("/system/menu", R"({"menuId":102,"menuName":"m"})"); }},
      {"updateSort", [&] { return plain->put("/system/menu/updateSort", R"({"menuIds":"102","orderNums":"1"})"); }},
      {"remove", [&] { return plain->del("/system/menu/99"); }},
  };
  for (const auto& [what, send] : denied) expect_refused(what, 403, "该用户无此接口权限", send);
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.get("/system/menu/treeselect").code(), 401);
}

TEST_P(MenuApi, AMenuEditorMintsNoRightItLacks) {
  // niangao holds system:menu:* and every seeded page but 99, not system:report:export.
  auto niangao = as_niangao();
  expect_refused("add with perms not held", 500, "新增菜单导出报表失败，不能设置自己没有的权限字符system:report:export",
                 [&] {
                   return niangao->post("/system/menu", R"({"menuName":"导出报表","parentId":100,"orderNum":9,)"
                                                        R"("menuType":"F","perms":"system:report:export"})");
                 });
  expect_refused("add with *:*:*", 500, "新增菜单全部失败，不能设置自己没有的权限字符*:*:*", [&] {
    return niangao->post("/system/menu",
                         R"({"menuName":"全部","parentId":100,"orderNum":9,"menuType":"F","perms":"*:*:*"})");
  });
  expect_refused("edit perms to one not held", 500, "修改菜单用户查询失败，不能设置自己没有的权限字符system:job:remove",
                 [&] { return niangao->put("/system/menu", R"({"menuId":1000,"perms":"system:job:remove"})"); });
  expect_refused("edit a menu not held", 500, "没有权限访问菜单数据",
                 [&] { return niangao->put("/system/menu", R"({"menuId":99,"remark":"x"})"); });
  expect_refused("add under a menu not held", 500, "没有权限访问菜单数据",
                 [&] { return niangao->post("/system/menu", page("新页", 99, "newp")); });
  expect_refused("move under a menu not held", 500, "没有权限访问菜单数据",
                 [&] { return niangao->put("/system/menu", R"({"menuId":107,"parentId":99})"); });
  expect_refused("sort a menu not held", 500, "没有权限访问菜单数据",
                 [&] { return niangao->put("/system/menu/updateSort", R"({"menuIds":"100,99","orderNums":"1,2"})"); });
  expect_refused("delete a menu not held", 500, "没有权限访问菜单数据",
                 [&] { return niangao->del("/system/menu/99"); });
  // Re-enabling a disabled menu whose perms the editor does not hold (disabled: not among its
  // permissions) would mint it.
  exec("UPDATE sys_menu SET status = '1' WHERE menu_id = 1003");  // system:user:remove
  expect_refused("enable a menu carrying perms not held", 500,
                 "修改菜单用户删除失败，不能设置自己没有的权限字符system:user:remove",
                 [&] { return niangao->put("/system/menu", R"({"menuId":1003,"status":"0"})"); });
  // Allowed: a permission it holds, a menu without perms, other fields of a disabled menu.
  auto held = niangao->post("/system/menu", R"({"menuName":"另一个查询","parentId":100,"orderNum":9,"menuType":"F",)"
                                            R"("perms":"system:user:query"})");
  EXPECT_EQ(held.code(), 200) << held.body;
  EXPECT_EQ(niangao->put("/system/menu", R"({"menuId":1003,"remark":"off"})").code(), 200);
  EXPECT_EQ(niangao->put("/system/menu", R"({"menuId":1000,"perms":"system:user:export"})").code(), 200);
  // User 1 sets anything.
  EXPECT_EQ(client().put("/system/menu", R"({"menuId":1003,"status":"0","perms":"system:report:export"})").code(), 200);
}

TEST_P(MenuApi, AnEditReachesTheHoldersNextRoutersAndPermissionChecks) {
  auto niangao = as_niangao();
  auto routers = [&] { return niangao->get("/getRouters").json().at("data"); };
  auto find = [](const bj::value& tree, const std::string& name) -> const bj::object* {
    for (const auto& top : tree.as_array())
      if (const auto* kids = top.as_object().if_contains("children"))
        for (const auto& n : kids->as_array())
          if (n.as_object().at("name").as_string() == name) return &n.as_object();
    return nullptr;
  };
  ASSERT_NE(find(routers(), "User"), nullptr);
  EXPECT_FALSE(find(routers(), "User")->at("hidden").as_bool());
  ASSERT_EQ(niangao->get("/system/user/list").code(), 200);

  // Hidden: still routed, hidden.
  ASSERT_EQ(client().put("/system/menu", R"({"menuId":100,"visible":"1"})").code(), 200);
  ASSERT_NE(find(routers(), "User"), nullptr);
  EXPECT_TRUE(find(routers(), "User")->at("hidden").as_bool());
  // A new route name renames the route.
  ASSERT_EQ(client().put("/system/menu", R"({"menuId":100,"routeName":"People"})").code(), 200);
  EXPECT_NE(find(routers(), "People"), nullptr);
  // Disabled: gone from the routers, and its permission with it.
  ASSERT_EQ(client().put("/system/menu", R"({"menuId":100,"status":"1"})").code(), 200);
  EXPECT_EQ(find(routers(), "People"), nullptr);
  EXPECT_EQ(niangao->get("/system/user/list").code(), 403);
  ASSERT_EQ(client().put("/system/menu", R"({"menuId":100,"status":"0"})").code(), 200);
  EXPECT_EQ(niangao->get("/system/user/list").code(), 200);
  // perms moved off a button: the holder loses that permission at its next request.
  ASSERT_EQ(niangao->get("/system/post/1").code(), 200);
  ASSERT_EQ(client().put("/system/menu", R"({"menuId":1020,"perms":"system:post:other"})").code(), 200);
  EXPECT_EQ(niangao->get("/system/post/1").code(), 403);
}

TEST_P(MenuApi, RoutesDeclareTitleAndBusinessType) {
  test::expect_routes(app(), "/system/menu", "菜单管理",
                      {
                          {"GET /system/menu/list", {"system:menu:list", 0}},
                          {"GET /system/menu/{menuId}", {"system:menu:query", 0}},
                          {"GET /system/menu/treeselect", {"", 0}},
                          {"GET /system/menu/roleMenuTreeselect/{roleId}", {"", 0}},
                          {"POST /system/menu", {"system:menu:add", 1}},
                          {"PUT /system/menu", {"system:menu:edit", 2}},
                          {"PUT /system/menu/updateSort", {"system:menu:edit", 2}},
                          {"DELETE /system/menu/{menuIds}", {"system:menu:remove", 3}},
                      });
}

TEST_P(MenuApi, EveryWriteLeavesAnOperationLogRow) {
  ASSERT_EQ(client().post("/system/menu", page("日志页", 1, "logpage")).code(), 200);
  const auto id = std::to_string(id_of("日志页"));
  ASSERT_EQ(client().put("/system/menu", R"({"menuId":)" + id + R"(,"remark":"x"})").code(), 200);
  ASSERT_EQ(client().put("/system/menu/updateSort", R"({"menuIds":")" + id + R"(","orderNums":"5"})").code(), 200);
  ASSERT_EQ(client().del("/system/menu/1").code(), 601);  // a refused write is logged too, status 1
  ASSERT_EQ(client().del("/system/menu/" + id).code(), 200);
  const std::string where = "title = '菜单管理'";
  test::wait_oper_rows(app(), 5, where);
  auto r = query("SELECT request_method, business_type, status FROM sys_oper_log WHERE " + where + " ORDER BY oper_id");
  std::vector<std::string> got;
  for (const auto& row : r.rows)
    got.push_back(std::get<std::string>(row[0]) + " " + std::to_string(std::get<std::int64_t>(row[1])) + " " +
                  std::to_string(std::get<std::int64_t>(row[2])));
  EXPECT_EQ(got, (std::vector<std::string>{"POST 1 0", "PUT 2 0", "PUT 2 0", "DELETE 3 1", "DELETE 3 0"}));
  // Reads are not logged.
  client().get("/system/menu/list");
  client().get("/system/menu/treeselect");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE " + where), 5);
}
