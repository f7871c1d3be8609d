// /system/dept (API.md §3.3, §3.4, §4): list (flat, scoped, filters), detail, list/exclude, add,
// edit, delete (soft), updateSort; every tree rule with its message and nothing written on a
// refusal; ancestors rewritten for a whole subtree on a move; the data scope of reads and writes;
// one operation-log row per write.
#include "auth/password.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/dept/dept_model.hpp"
#include "system/dept/dept_repository.hpp"
#include "system/dept/dept_service.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <thread>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class DeptApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    if (r.rows.empty()) return "<no row>";
    auto* s = std::get_if<std::string>(&r.rows[0][0]);
    return s ? *s : "NULL";
  }
  std::string ancestors(std::int64_t id) {
    return text("SELECT ancestors FROM sys_dept WHERE dept_id = " + std::to_string(id));
  }
  std::string status(std::int64_t id) {
    return text("SELECT status FROM sys_dept WHERE dept_id = " + std::to_string(id));
  }
  std::int64_t id_of(const std::string& name) {
    return scalar("SELECT dept_id FROM sys_dept WHERE del_flag = '0' AND dept_name = '" + name + "'");
  }
  // sys_dept and the users' depts, one line per row: what "nothing written" compares.
  std::string rows() {
    return test::rows_text(
               query("SELECT dept_id, parent_id, ancestors, dept_name, order_num, leader, phone, email, "
                     "status, del_flag, create_by, update_by, update_time FROM sys_dept ORDER BY dept_id")) +
           test::rows_text(query("SELECT user_id, dept_id, del_flag FROM sys_user ORDER BY user_id"));
  }
  // A refused request: the code, the exact message (unless empty), and not one row changed.
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return rows(); }, what, code, msg, send, test::Msg::unless_empty);
  }
  std::int64_t add_dept(std::int64_t parent, const std::string& name, int order = 1) {
    auto r = client().post("/system/dept", R"({"parentId":)" + std::to_string(parent) + R"(,"deptName":")" + name +
                                               R"(","orderNum":)" + std::to_string(order) + "}");
    EXPECT_EQ(r.code(), 200) << r.body;
    return id_of(name);
  }
  std::int64_t insert_user(const std::string& name, std::int64_t dept) {
    static const std::string hash = auth::hash_password_blocking("secret123", 4);
    exec("INSERT INTO sys_user (dept_id, user_name, nick_name, password, status, del_flag) VALUES (" +
         std::to_string(dept) + ", '" + name + "', '" + name + "', '" + hash + "', '0', '0')");
    return scalar("SELECT user_id FROM sys_user WHERE user_name = '" + name + "'");
  }
  // A client logged in as a new user of `dept` whose one role has data scope `scope` and exactly
  // the menus whose perms match `perms_like` (SQL LIKE; "" = none).
  std::unique_ptr<http::TestClient> as_user(const std::string& name, std::int64_t dept, const std::string& scope,
                                            const std::string& perms_like) {
    const std::int64_t role = next_role_++;
    return ApiTest::as_user(name, perms_like.empty() ? std::string() : "perms LIKE '" + perms_like + "'",
                            {.role_id = role, .role_sort = role, .data_scope = scope, .dept_id = dept});
  }
  static std::vector<std::int64_t> ids(const bj::value& data) {
    std::vector<std::int64_t> out;
    for (const auto& row : data.as_array()) out.push_back(row.as_object().at("deptId").as_int64());
    return out;
  }
  std::vector<std::int64_t> listed(http::TestClient& c, const std::string& query = "") {
    auto r = c.get("/system/dept/list" + query);
    EXPECT_EQ(r.code(), 200) << r.body;
    return r.code() == 200 ? ids(r.json().at("data")) : std::vector<std::int64_t>{};
  }

  int next_role_ = 60;
};

using Ids = std::vector<std::int64_t>;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, DeptApi, test::all_backends(), test::backend_name);

TEST(DeptResource, EveryKeyIsAMemberOfDeptOrDeptBody) {
  auto problems = web::key_problems<system::dept::Dept, system::dept::DeptBody>(system::dept::dept_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_P(DeptApi, ListIsFlatByParentThenOrderAndFilters) {
  auto r = client().get("/system/dept/list");
  ASSERT_EQ(r.code(), 200) << r.body;
  const auto reply = r.json();
  const auto& data = reply.at("data");
  EXPECT_EQ(ids(data), (Ids{100, 101, 102, 103, 104, 105, 106, 107, 108, 109}));
  const auto& first = data.as_array().at(3).as_object();  // 103
  EXPECT_EQ(first.at("deptName").as_string(), "研发部门");
  EXPECT_EQ(first.at("parentId").as_int64(), 101);
  EXPECT_EQ(first.at("ancestors").as_string(), "0,100,101");
  EXPECT_EQ(first.at("orderNum").as_int64(), 1);
  EXPECT_EQ(first.at("leader").as_string(), "年糕");
  EXPECT_EQ(first.at("delFlag").as_string(), "0");
  for (const char* key : {"phone", "email", "status", "createBy", "createTime", "updateBy", "updateTime"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_FALSE(r.json().as_object().contains("rows"));  // D, not paged

  // orderNum orders siblings.
  exec("UPDATE sys_dept SET order_num = 9 WHERE dept_id = 103");
  EXPECT_EQ(listed(client()), (Ids{100, 101, 102, 104, 105, 106, 107, 103, 108, 109}));

  EXPECT_EQ(listed(client(), "?deptName=%E5%B8%82%E5%9C%BA"), (Ids{104, 108}));  // 市场
  exec("UPDATE sys_dept SET status = '1' WHERE dept_id = 107");
  EXPECT_EQ(listed(client(), "?status=1"), (Ids{107}));
  EXPECT_EQ(listed(client(), "?deptName=&status=").size(), 10u);  // empty = absent
  EXPECT_EQ(listed(client(), "?deptName=%25").size(), 0u);        // % is literal
  exec("UPDATE sys_dept SET del_flag = '2' WHERE dept_id = 106");
  EXPECT_EQ(listed(client(), "?deptName=%E9%83%A8"), (Ids{104, 105, 107, 103, 108, 109}));  // 部: deleted 106 gone

  auto bad = client().get("/system/dept/list?status=2");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数status取值错误");
}

TEST_P(DeptApi, ListAndDetailFollowTheCallersDataScope) {
  auto own = as_user("own3", 103, "3", "system:dept:%");
  EXPECT_EQ(listed(*own), (Ids{103}));
  auto below = as_user("below4", 101, "4", "system:dept:%");
  EXPECT_EQ(listed(*below), (Ids{101, 103, 104, 105, 106, 107}));
  auto self = as_user("self5", 103, "5", "system:dept:%");
  EXPECT_EQ(listed(*self), Ids{});  // sys_dept has no user_id: scope 5 sees no dept
  auto custom = as_user("custom2", 103, "2", "system:dept:%");
  exec("INSERT INTO sys_role_dept (role_id, dept_id) SELECT role_id, 108 FROM sys_role WHERE role_key = 'r" +
       std::to_string(next_role_ - 1) + "'");
  EXPECT_EQ(listed(*custom), (Ids{108}));
  auto all = as_user("all1", 103, "1", "system:dept:%");
  EXPECT_EQ(listed(*all).size(), 10u);

  EXPECT_EQ(own->get("/system/dept/103").code(), 200);
  auto denied = own->get("/system/dept/109");
  EXPECT_EQ(denied.code(), 500);
  EXPECT_EQ(denied.msg(), "没有权限访问部门数据");
  EXPECT_EQ(self->get("/system/dept/103").msg(), "没有权限访问部门数据");
  EXPECT_EQ(below->get("/system/dept/107").code(), 200);
  EXPECT_EQ(below->get("/system/dept/100").msg(), "没有权限访问部门数据");
  EXPECT_EQ(own->get("/system/dept/list/exclude/109").msg(), "没有权限访问部门数据");
  // The exclude list is scoped too.
  auto excl = below->get("/system/dept/list/exclude/105");
  ASSERT_EQ(excl.code(), 200) << excl.body;
  EXPECT_EQ(ids(excl.json().at("data")), (Ids{101, 103, 104, 106, 107}));
}

TEST_P(DeptApi, DetailReturnsTheRowAndRefusesUnknownIds) {
  auto r = client().get("/system/dept/105");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto data = r.json().at("data").as_object();
  EXPECT_EQ(data.at("deptId").as_int64(), 105);
  EXPECT_EQ(data.at("deptName").as_string(), "测试部门");
  EXPECT_EQ(data.at("ancestors").as_string(), "0,100,101");
  EXPECT_EQ(data.at("phone").as_string(), "15888888888");

  auto unknown = client().get("/system/dept/999");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "部门不存在");
  exec("UPDATE sys_dept SET del_flag = '2' WHERE dept_id = 107");
  EXPECT_EQ(client().get("/system/dept/107").msg(), "部门不存在");
  EXPECT_EQ(client().get("/system/dept/x").code(), 601);
  EXPECT_EQ(client().get("/system/dept/0").code(), 601);
}

TEST_P(DeptApi, ExcludeDropsTheDeptItsDescendantsAndDisabledOnes) {
  auto r = client().get("/system/dept/list/exclude/101");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(ids(r.json().at("data")), (Ids{100, 102, 108, 109}));
  exec("UPDATE sys_dept SET status = '1' WHERE dept_id = 109");
  EXPECT_EQ(ids(client().get("/system/dept/list/exclude/103").json().at("data")),
            (Ids{100, 101, 102, 104, 105, 106, 107, 108}));
  auto unknown = client().get("/system/dept/list/exclude/999");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "部门不存在");
  EXPECT_EQ(client().get("/system/dept/list/exclude/abc").code(), 601);
}

TEST_P(DeptApi, AddDerivesAncestorsFromTheParentWithAuditColumns) {
  auto r = client().post(
      "/system/dept",
      R"({"parentId":103,"deptName":"前端组","orderNum":"2","leader":"阿强","phone":"13800000000","email":"fe@x.cn","ancestors":"9,9","delFlag":"2","x":1})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  auto id = id_of("前端组");
  ASSERT_GT(id, 109);
  EXPECT_EQ(ancestors(id), "0,100,101,103");  // never taken from the body
  EXPECT_EQ(scalar("SELECT parent_id FROM sys_dept WHERE dept_id = " + std::to_string(id)), 103);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_dept WHERE dept_id = " + std::to_string(id)), 2);
  EXPECT_EQ(text("SELECT leader FROM sys_dept WHERE dept_id = " + std::to_string(id)), "阿强");
  EXPECT_EQ(status(id), "0");  // column default
  EXPECT_EQ(text("SELECT del_flag FROM sys_dept WHERE dept_id = " + std::to_string(id)), "0");
  EXPECT_EQ(text("SELECT create_by FROM sys_dept WHERE dept_id = " + std::to_string(id)), "admin");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dept WHERE dept_id = " + std::to_string(id) +
                   " AND create_time IS NOT NULL AND update_time IS NOT NULL"),
            1);
  // A third level takes the second's path.
  auto deeper = add_dept(id, "组件组");
  EXPECT_EQ(ancestors(deeper), "0,100,101,103," + std::to_string(id));
  // The same name under another parent is no duplicate (市场部门 is under 101 and 102 already).
  add_dept(102, "研发部门");
}

TEST_P(DeptApi, AddRefusesDuplicateSiblingsDisabledParentsAndUnknownParents) {
  expect_refused("sibling name", 500, "新增部门研发部门失败，部门名称已存在", [&] {
    return client().post("/system/dept", R"({"parentId":101,"deptName":"研发部门","orderNum":9})");
  });
  exec("UPDATE sys_dept SET status = '1' WHERE dept_id = 109");
  expect_refused("disabled parent", 500, "部门财务部门停用，不允许新增",
                 [&] { return client().post("/system/dept", R"({"parentId":109,"deptName":"出纳","orderNum":1})"); });
  expect_refused("unknown parent", 500, "上级部门不存在",
                 [&] { return client().post("/system/dept", R"({"parentId":999,"deptName":"出纳","orderNum":1})"); });
  exec("UPDATE sys_dept SET del_flag = '2' WHERE dept_id = 107");
  expect_refused("deleted parent", 500, "上级部门不存在",
                 [&] { return client().post("/system/dept", R"({"parentId":107,"deptName":"出纳","orderNum":1})"); });
  // A deleted sibling's name is free again.
  add_dept(101, "运维部门");
}

TEST_P(DeptApi, InvalidBodiesAre601AndWriteNothing) {
  const std::string ok = R"("parentId":101,"orderNum":1)";
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"malformed", {R"({"parentId":101,)", ""}},
      {"not an object", {"[1]", ""}},
      {"empty body", {"", ""}},
      {"no name", {R"({"parentId":101,"orderNum":1})", "部门名称不能为空"}},
      {"empty name", {"{" + ok + R"(,"deptName":""})", "部门名称不能为空"}},
      {"no order", {R"({"parentId":101,"deptName":"n"})", "显示顺序不能为空"}},
      {"no parent", {R"({"deptName":"n","orderNum":1})", "上级部门不能为空"}},
      {"long name", {"{" + ok + R"(,"deptName":")" + repeat("部", 31) + R"("})", "部门名称长度不能超过30个字符"}},
      {"long leader",
       {"{" + ok + R"(,"deptName":"n","leader":")" + repeat("l", 21) + R"("})", "负责人长度不能超过20个字符"}},
      {"long phone", {"{" + ok + R"(,"deptName":"n","phone":"123456789012"})", "联系电话长度不能超过11个字符"}},
      {"long email",
       {"{" + ok + R"(,"deptName":"n","email":")" + repeat("e", 42) + R"(@mail.com"})", "邮箱长度不能超过50个字符"}},
      {"bad email", {"{" + ok + R"(,"deptName":"n","email":"not-an-email"})", "邮箱格式不正确"}},
      {"order not a number", {R"({"parentId":101,"deptName":"n","orderNum":"abc"})", "参数orderNum类型错误，应为整数"}},
      {"order too big", {R"({"parentId":101,"deptName":"n","orderNum":2147483648})", "参数orderNum类型错误，应为整数"}},
      {"parent not a number", {R"({"parentId":"x","deptName":"n","orderNum":1})", "参数parentId类型错误，应为整数"}},
      {"name not a string", {"{" + ok + R"(,"deptName":7})", "参数deptName类型错误，应为字符串"}},
      {"bad status", {"{" + ok + R"(,"deptName":"n","status":"2"})", "参数status取值错误"}},
  };
  for (const auto& [what, body_msg] : adds)
    expect_refused("add " + what, 601, body_msg.second,
                   [&, body = body_msg.first] { return client().post("/system/dept", body); });

  expect_refused("edit without id", 601, "部门ID不能为空",
                 [&] { return client().put("/system/dept", R"({"deptName":"x"})"); });
  expect_refused("edit empty name", 601, "部门名称不能为空",
                 [&] { return client().put("/system/dept", R"({"deptId":105,"deptName":""})"); });
  expect_refused("edit long phone", 601, "联系电话长度不能超过11个字符",
                 [&] { return client().put("/system/dept", R"({"deptId":105,"phone":"123456789012"})"); });
  expect_refused("edit id not a number", 601, "参数deptId类型错误，应为整数",
                 [&] { return client().put("/system/dept", R"({"deptId":"abc","deptName":"x"})"); });
  expect_refused("edit malformed", 601, "", [&] { return client().put("/system/dept", R"({"deptId":105)"); });

  // At the limits: 30 characters of 3 bytes each, 11 digits, 20 and 50 characters.
  auto at_limit = client().post("/system/dept", "{" + ok + R"(,"deptName":")" + repeat("部", 30) +
                                                    R"(","phone":"12345678901","leader":")" + repeat("l", 20) +
                                                    R"(","email":")" + repeat("e", 41) + R"(@mail.com"})");
  EXPECT_EQ(at_limit.code(), 200) << at_limit.body;
}

TEST_P(DeptApi, EditChangesOnlyTheGivenFields) {
  auto r = client().put("/system/dept", R"({"deptId":105,"leader":"新负责人","orderNum":7})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT leader FROM sys_dept WHERE dept_id = 105"), "新负责人");
  EXPECT_EQ(scalar("SELECT order_num FROM sys_dept WHERE dept_id = 105"), 7);
  EXPECT_EQ(text("SELECT dept_name FROM sys_dept WHERE dept_id = 105"), "测试部门");
  EXPECT_EQ(text("SELECT phone FROM sys_dept WHERE dept_id = 105"), "15888888888");
  EXPECT_EQ(ancestors(105), "0,100,101");
  EXPECT_EQ(text("SELECT update_by FROM sys_dept WHERE dept_id = 105"), "admin");
  // The whole form as the UI sends it back (row keys included): its own name is no duplicate, and
  // ancestors / delFlag in the body are ignored.
  auto row = client().get("/system/dept/105").json().at("data").as_object();
  row["deptName"] = "测试部";
  row["ancestors"] = "1,2,3";
  row["delFlag"] = "2";
  r = client().put("/system/dept", bj::serialize(row));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(text("SELECT dept_name FROM sys_dept WHERE dept_id = 105"), "测试部");
  EXPECT_EQ(ancestors(105), "0,100,101");
  EXPECT_EQ(text("SELECT del_flag FROM sys_dept WHERE dept_id = 105"), "0");
  // The root keeps parent 0.
  r = client().put("/system/dept", R"({"deptId":100,"parentId":0,"deptName":"集团","orderNum":0})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(ancestors(100), "0");
}

TEST_P(DeptApi, EditRefusesEachTreeRuleWithItsMessage) {
  expect_refused("sibling name", 500, "修改部门研发部门失败，部门名称已存在",
                 [&] { return client().put("/system/dept", R"({"deptId":105,"deptName":"研发部门"})"); });
  // A move checks the name among the new siblings (市场部门 108 is under 102).
  expect_refused("name under the new parent", 500, "修改部门市场部门失败，部门名称已存在",
                 [&] { return client().put("/system/dept", R"({"deptId":104,"parentId":102})"); });
  expect_refused("own parent", 500, "修改部门测试部门失败，上级部门不能是自己",
                 [&] { return client().put("/system/dept", R"({"deptId":105,"parentId":105})"); });
  auto child = add_dept(103, "前端组");
  auto grandchild = add_dept(child, "组件组");
  expect_refused("under a child", 500, "修改部门深圳分公司失败，上级部门不能是自己的下级部门",
                 [&] { return client().put("/system/dept", R"({"deptId":101,"parentId":103})"); });
  expect_refused("under a grandchild", 500, "修改部门深圳分公司失败，上级部门不能是自己的下级部门", [&] {
    return client().put("/system/dept", R"({"deptId":101,"parentId":)" + std::to_string(grandchild) + "}");
  });
  expect_refused("disable with active descendants", 500, "修改部门深圳分公司失败，该部门包含未停用的子部门",
                 [&] { return client().put("/system/dept", R"({"deptId":101,"status":"1"})"); });
  // Only a grandchild active is enough to refuse.
  exec("UPDATE sys_dept SET status = '1' WHERE dept_id IN (104, 105, 106, 107, 103, " + std::to_string(child) + ")");
  expect_refused("disable with an active grandchild", 500, "修改部门深圳分公司失败，该部门包含未停用的子部门",
                 [&] { return client().put("/system/dept", R"({"deptId":101,"status":"1"})"); });
  expect_refused("unknown dept", 500, "部门不存在",
                 [&] { return client().put("/system/dept", R"({"deptId":999,"deptName":"x"})"); });
  expect_refused("unknown parent", 500, "上级部门不存在",
                 [&] { return client().put("/system/dept", R"({"deptId":105,"parentId":999})"); });
  expect_refused("parent 0 for a non-root", 500, "上级部门不存在",
                 [&] { return client().put("/system/dept", R"({"deptId":105,"parentId":0})"); });
}

TEST_P(DeptApi, AMoveRewritesTheAncestorsOfTheWholeSubtree) {
  auto a = add_dept(103, "前端组");
  auto b = add_dept(a, "组件组");
  auto c = add_dept(b, "图标组");
  const auto sa = std::to_string(a), sb = std::to_string(b);
  // A deleted descendant moves with its subtree too.
  auto gone = add_dept(b, "旧组");
  exec("UPDATE sys_dept SET del_flag = '2' WHERE dept_id = " + std::to_string(gone));

  auto r = client().put("/system/dept", R"({"deptId":103,"parentId":109})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(scalar("SELECT parent_id FROM sys_dept WHERE dept_id = 103"), 109);
  EXPECT_EQ(ancestors(103), "0,100,102,109");
  EXPECT_EQ(ancestors(a), "0,100,102,109,103");
  EXPECT_EQ(ancestors(b), "0,100,102,109,103," + sa);
  EXPECT_EQ(ancestors(c), "0,100,102,109,103," + sa + "," + sb);
  EXPECT_EQ(ancestors(gone), "0,100,102,109,103," + sa + "," + sb);
  // The rest untouched.
  EXPECT_EQ(ancestors(104), "0,100,101");
  EXPECT_EQ(ancestors(109), "0,100,102");
  EXPECT_EQ(ancestors(108), "0,100,102");

  // A middle level moves up: only its own subtree changes.
  r = client().put("/system/dept", R"({"deptId":)" + sb + R"(,"parentId":100})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(ancestors(b), "0,100");
  EXPECT_EQ(ancestors(c), "0,100," + sb);
  EXPECT_EQ(ancestors(a), "0,100,102,109,103");
  // And back under 101 by a whole level.
  r = client().put("/system/dept", R"({"deptId":103,"parentId":101})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(ancestors(103), "0,100,101");
  EXPECT_EQ(ancestors(a), "0,100,101,103");
  EXPECT_EQ(ancestors(c), "0,100," + sb);
  // The tree the user page shows follows.
  auto tree = client().get("/system/user/deptTree").json().at("data");
  EXPECT_NE(bj::serialize(tree).find(R"("id":)" + std::to_string(c) + R"(,"label":"图标组","parentId":)" + sb),
            std::string::npos);
}

TEST_P(DeptApi, APathLongerThanTheAncestorsColumnIsRefused) {
  // 109's path padded to 496 characters: a child's (",109" more) is 500 and fits, one more level does not.
  const std::string padded = "0" + repeat(",1", 247) + "1";
  ASSERT_EQ(padded.size(), 496u);
  exec("UPDATE sys_dept SET ancestors = '" + padded + "' WHERE dept_id = 109");
  auto child = add_dept(109, "出纳");
  EXPECT_EQ(ancestors(child).size(), 500u);
  expect_refused("add below 500", 500, "新增部门票据组失败，部门层级过深", [&] {
    return client().post("/system/dept",
                         R"({"parentId":)" + std::to_string(child) + R"(,"deptName":"票据组","orderNum":1})");
  });
  expect_refused("move below 500", 500, "修改部门市场部门失败，部门层级过深", [&] {
    return client().put("/system/dept", R"({"deptId":104,"parentId":)" + std::to_string(child) + "}");
  });
  // 103 itself would fit under 109, its child would not.
  add_dept(103, "前端组");
  expect_refused("a descendant past 500", 500, "修改部门研发部门失败，部门层级过深",
                 [&] { return client().put("/system/dept", R"({"deptId":103,"parentId":109})"); });
}

// Two moves that each look fine alone can close a cycle when they run at once. A test session holds
// the tree lock as a dept write does and moves 101 under 109; meanwhile a request moves 102 under
// 103. The request must wait for the lock, then see 102 above 103 and refuse. Without the lock it
// would not wait, and both moves would land.
TEST_P(DeptApi, ConcurrentMovesCannotCloseACycle) {
  if (GetParam() == test::Backend::sqlite) GTEST_SKIP() << "SQLite runs write transactions one at a time";
  auto config = base_config();
  config.pool.pool_size = 6;  // the held session, the probe, the request and the log writer at once
  start(std::move(config));
  std::int64_t waiting = 0;
  http::TestResponse reply;
  std::thread request;
  test::run([&]() -> boost::asio::awaitable<void> {
    db::Session held(app().database());
    co_await held.begin();
    db::Params key{db::bind(system::dept::DeptRepository::tree_lock_key)};
    std::string lock = "SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))";
    co_await held.query(std::move(lock), std::move(key));
    request = std::thread([&] { reply = client().put("/system/dept", R"({"deptId":102,"parentId":103})"); });
    db::Session probe(app().database());
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (waiting == 0 && std::chrono::steady_clock::now() < until) {
      std::string sql =
          "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'";
      auto r = co_await probe.query(std::move(sql));
      waiting = r.scalar_int();
      if (waiting == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string move = "UPDATE sys_dept SET parent_id = 109, ancestors = '0,100,102,109' WHERE dept_id = 101";
    co_await held.execute(std::move(move));
    std::string below =
        "UPDATE sys_dept SET ancestors = '0,100,102,109,101' WHERE dept_id IN (103, 104, 105, 106, 107)";
    co_await held.execute(std::move(below));
    co_await held.commit();
  }());
  request.join();
  EXPECT_EQ(waiting, 1) << "the request did not wait for the tree lock";
  EXPECT_EQ(reply.code(), 500) << reply.body;
  EXPECT_EQ(reply.msg(), "修改部门长沙分公司失败，上级部门不能是自己的下级部门");
  EXPECT_EQ(scalar("SELECT parent_id FROM sys_dept WHERE dept_id = 102"), 100);
  EXPECT_EQ(ancestors(102), "0,100");
}

TEST_P(DeptApi, DisablingNeedsDisabledDescendantsAndEnablingEnablesAncestors) {
  auto leaf = add_dept(109, "出纳");
  auto r = client().put("/system/dept", R"({"deptId":)" + std::to_string(leaf) + R"(,"status":"1"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  ASSERT_EQ(client().put("/system/dept", R"({"deptId":109,"status":"1"})").code(), 200);
  ASSERT_EQ(client().put("/system/dept", R"({"deptId":108,"status":"1"})").code(), 200);
  ASSERT_EQ(client().put("/system/dept", R"({"deptId":102,"status":"1"})").code(), 200);
  EXPECT_EQ(status(102), "1");
  EXPECT_EQ(status(109), "1");

  // Enabling the leaf enables 109 and 102 (100 is enabled already); 108, a sibling, stays off.
  exec("UPDATE sys_dept SET update_by = 'seed' WHERE dept_id = 100");
  r = client().put("/system/dept", R"({"deptId":)" + std::to_string(leaf) + R"(,"status":"0"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(status(leaf), "0");
  EXPECT_EQ(status(109), "0");
  EXPECT_EQ(status(102), "0");
  EXPECT_EQ(status(108), "1");
  EXPECT_EQ(text("SELECT update_by FROM sys_dept WHERE dept_id = 102"), "admin");
  EXPECT_EQ(text("SELECT update_by FROM sys_dept WHERE dept_id = 100"), "seed");  // not rewritten
}

TEST_P(DeptApi, DeleteIsSoftAndRefusedWithChildrenOrUsers) {
  expect_refused("children", 601, "存在下级部门,不允许删除", [&] { return client().del("/system/dept/101"); });
  expect_refused("users", 601, "部门存在用户,不允许删除", [&] { return client().del("/system/dept/105"); });  // niangao
  expect_refused("unknown", 500, "部门不存在", [&] { return client().del("/system/dept/999"); });
  expect_refused("not a number", 601, "", [&] { return client().del("/system/dept/x"); });

  auto r = client().del("/system/dept/107");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(text("SELECT del_flag FROM sys_dept WHERE dept_id = 107"), "2");
  EXPECT_EQ(text("SELECT update_by FROM sys_dept WHERE dept_id = 107"), "admin");
  EXPECT_EQ(client().get("/system/dept/107").msg(), "部门不存在");
  expect_refused("deleted", 500, "部门不存在", [&] { return client().del("/system/dept/107"); });

  // Deleted children and deleted users block nothing.
  auto child = add_dept(106, "核算组");
  auto user = insert_user("leaver", 106);
  ASSERT_EQ(client().del("/system/dept/" + std::to_string(child)).code(), 200);
  exec("UPDATE sys_user SET del_flag = '2' WHERE user_id = " + std::to_string(user));
  EXPECT_EQ(client().del("/system/dept/106").code(), 200);
}

TEST_P(DeptApi, UpdateSortSetsEachOrderAndRefusesBadLists) {
  auto r = client().put("/system/dept/updateSort", R"({"deptIds":"103,104,105","orderNums":"9,8,7"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "保存成功");
  EXPECT_EQ(scalar("SELECT order_num FROM sys_dept WHERE dept_id = 103"), 9);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_dept WHERE dept_id = 104"), 8);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_dept WHERE dept_id = 105"), 7);
  EXPECT_EQ(scalar("SELECT order_num FROM sys_dept WHERE dept_id = 106"), 4);  // not listed: unchanged
  EXPECT_EQ(text("SELECT update_by FROM sys_dept WHERE dept_id = 104"), "admin");
  EXPECT_EQ(listed(client()), (Ids{100, 101, 102, 106, 107, 105, 104, 103, 108, 109}));

  const std::map<std::string, std::pair<std::string, std::string>> bad = {
      {"counts differ", {R"({"deptIds":"103,104","orderNums":"1"})", "部门ID与显示顺序的数量不一致"}},
      {"no ids", {R"({"orderNums":"1"})", "部门ID不能为空"}},
      {"empty ids", {R"({"deptIds":"","orderNums":"1"})", "部门ID不能为空"}},
      {"no orders", {R"({"deptIds":"103"})", "显示顺序不能为空"}},
      {"id not a number", {R"({"deptIds":"103,x","orderNums":"1,2"})", "参数deptIds取值错误"}},
      {"empty element", {R"({"deptIds":"103,,104","orderNums":"1,2,3"})", "参数deptIds取值错误"}},
      {"order not a number", {R"({"deptIds":"103","orderNums":"1.5"})", "参数orderNums取值错误"}},
      {"order too big", {R"({"deptIds":"103","orderNums":"2147483648"})", "参数orderNums取值错误"}},
      {"same id twice", {R"({"deptIds":"103,103","orderNums":"1,2"})", "参数deptIds取值错误"}},
      {"ids not a string", {R"({"deptIds":[103],"orderNums":"1"})", "参数deptIds类型错误，应为字符串"}},
      {"malformed", {R"({"deptIds":"103")", ""}},
  };
  for (const auto& [what, body_msg] : bad)
    expect_refused(what, 601, body_msg.second,
                   [&, body = body_msg.first] { return client().put("/system/dept/updateSort", body); });
  // One unknown id: none is changed.
  expect_refused("unknown id", 500, "部门不存在",
                 [&] { return client().put("/system/dept/updateSort", R"({"deptIds":"103,999","orderNums":"1,2"})"); });
}

TEST_P(DeptApi, EveryRouteNeedsItsPermission) {
  auto none = as_user("noperm", 103, "1", "system:user:%");
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> calls = {
      {"list", [&] { return none->get("/system/dept/list"); }},
      {"get", [&] { return none->get("/system/dept/103"); }},
      {"exclude", [&] { return none->get("/system/dept/list/exclude/103"); }},
      {"add", [&] { return none->post("/system/dept", R"({"parentId":103,"deptName":"n","orderNum":1})"); }},
      {"edit", [&] { return none->put("/system/dept", R"({"deptId":103,"deptName":"n"})"); }},
      {"sort", [&] { return none->put("/system/dept/updateSort", R"({"deptIds":"103","orderNums":"1"})"); }},
      {"delete", [&] { return none->del("/system/dept/107"); }},
  };
  for (const auto& [what, send] : calls) expect_refused(what, 403, "该用户无此接口权限", send);
  // Each write needs its own action: list + query are not enough.
  auto reader = as_user("reader", 103, "1", "system:dept:%");
  exec("DELETE FROM sys_role_menu WHERE role_id = " + std::to_string(next_role_ - 1) +
       " AND menu_id IN (SELECT menu_id FROM sys_menu WHERE perms IN ('system:dept:add', 'system:dept:edit', "
       "'system:dept:remove'))");
  expect_refused("add as reader", 403, "该用户无此接口权限",
                 [&] { return reader->post("/system/dept", R"({"parentId":103,"deptName":"n","orderNum":1})"); });
  expect_refused("sort as reader", 403, "该用户无此接口权限",
                 [&] { return reader->put("/system/dept/updateSort", R"({"deptIds":"103","orderNums":"1"})"); });
  expect_refused("delete as reader", 403, "该用户无此接口权限", [&] { return reader->del("/system/dept/107"); });
  EXPECT_EQ(reader->get("/system/dept/list").code(), 200);
}

TEST_P(DeptApi, WritesOutsideTheCallersScopeAreRefusedAndWriteNothing) {
  for (const char* scope : {"3", "5"}) {
    SCOPED_TRACE(std::string("scope ") + scope);
    auto c = as_user(std::string("scoped") + scope, 103, scope, "system:dept:%");
    const std::string denied = "没有权限访问部门数据";
    expect_refused("add under 109", 500, denied,
                   [&] { return c->post("/system/dept", R"({"parentId":109,"deptName":"出纳","orderNum":1})"); });
    expect_refused("edit 109", 500, denied,
                   [&] { return c->put("/system/dept", R"({"deptId":109,"deptName":"改名"})"); });
    expect_refused("delete 109", 500, denied, [&] { return c->del("/system/dept/109"); });
    expect_refused("sort 109", 500, denied,
                   [&] { return c->put("/system/dept/updateSort", R"({"deptIds":"109","orderNums":"5"})"); });
    expect_refused("sort 103 and 109", 500, denied,
                   [&] { return c->put("/system/dept/updateSort", R"({"deptIds":"103,109","orderNums":"5,6"})"); });
  }
  // Scope 3 in 103: its own dept is writable, but not a move under (or out to) a dept it cannot see.
  auto own = as_user("own103", 103, "3", "system:dept:%");
  expect_refused("move 103 under 109", 500, "没有权限访问部门数据",
                 [&] { return own->put("/system/dept", R"({"deptId":103,"parentId":109})"); });
  expect_refused("add under 103's parent", 500, "没有权限访问部门数据",
                 [&] { return own->post("/system/dept", R"({"parentId":101,"deptName":"新部门","orderNum":1})"); });
  // Enabling 103 would enable 101, which is out of its scope.
  exec("UPDATE sys_dept SET status = '1' WHERE dept_id IN (101, 103, 104, 105, 106, 107)");
  expect_refused("enable under a disabled ancestor out of scope", 500, "没有权限访问部门数据",
                 [&] { return own->put("/system/dept", R"({"deptId":103,"status":"0"})"); });
  exec("UPDATE sys_dept SET status = '0' WHERE dept_id IN (101, 103, 104, 105, 106, 107)");
  auto r = own->put("/system/dept", R"({"deptId":103,"leader":"自己"})");
  EXPECT_EQ(r.code(), 200) << r.body;
  r = own->post("/system/dept", R"({"parentId":103,"deptName":"自己的组","orderNum":1})");
  EXPECT_EQ(r.code(), 200) << r.body;
  r = own->put("/system/dept/updateSort", R"({"deptIds":"103","orderNums":"4"})");
  EXPECT_EQ(r.code(), 200) << r.body;
  // User 1 bypasses the scope whatever its roles say.
  exec("UPDATE sys_role SET data_scope = '5' WHERE role_id = 1");
  EXPECT_EQ(client().put("/system/dept", R"({"deptId":109,"leader":"admin"})").code(), 200);
}

TEST_P(DeptApi, AScopeFourUsersListFollowsAMoveAtTheNextRequest) {
  auto far = insert_user("faraway", 109);
  auto viewer = as_user("viewer", 101, "4", "system:%:list");
  auto users = [&] {
    auto r = viewer->get("/system/user/list?pageSize=100");
    EXPECT_EQ(r.code(), 200) << r.body;
    std::vector<std::int64_t> out;
    const auto reply = r.json();
    for (const auto& row : reply.at("rows").as_array()) out.push_back(row.as_object().at("userId").as_int64());
    return out;
  };
  auto has = [](const std::vector<std::int64_t>& v, std::int64_t id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  auto before = users();
  EXPECT_TRUE(has(before, 1));  // admin, dept 103
  EXPECT_TRUE(has(before, 2));  // niangao, dept 105
  EXPECT_FALSE(has(before, far));
  EXPECT_EQ(listed(*viewer), (Ids{101, 103, 104, 105, 106, 107}));

  ASSERT_EQ(client().put("/system/dept", R"({"deptId":109,"parentId":105})").code(), 200);
  auto after = users();
  EXPECT_TRUE(has(after, far));
  EXPECT_EQ(listed(*viewer), (Ids{101, 103, 104, 105, 106, 107, 109}));

  ASSERT_EQ(client().put("/system/dept", R"({"deptId":105,"parentId":102})").code(), 200);
  auto moved_out = users();
  EXPECT_FALSE(has(moved_out, 2));
  EXPECT_FALSE(has(moved_out, far));  // 109 went with 105
  EXPECT_TRUE(has(moved_out, 1));
}

TEST_P(DeptApi, EachWriteAddsOneOperLogRow) {
  auto id = add_dept(103, "日志组");
  const auto sid = std::to_string(id);
  ASSERT_EQ(client().put("/system/dept", R"({"deptId":)" + sid + R"(,"leader":"l"})").code(), 200);
  ASSERT_EQ(client().put("/system/dept/updateSort", R"({"deptIds":")" + sid + R"(","orderNums":"3"})").code(), 200);
  ASSERT_EQ(client().get("/system/dept/list").code(), 200);
  ASSERT_EQ(client().get("/system/dept/" + sid).code(), 200);
  ASSERT_EQ(client().get("/system/dept/list/exclude/" + sid).code(), 200);
  ASSERT_EQ(client().del("/system/dept/" + sid).code(), 200);
  ASSERT_EQ(client().del("/system/dept/101").code(), 601);  // a refused write is logged too

  ASSERT_EQ(test::wait_oper_rows(app(), 5, "title = '部门管理'"), 5);
  auto one = [&](const std::string& request_method, const std::string& method, const std::string& extra = "1 = 1") {
    auto where =
        "title = '部门管理' AND request_method = '" + request_method + "' AND method = '" + method + "' AND " + extra;
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE " + where), 1) << where;
    return scalar("SELECT business_type FROM sys_oper_log WHERE " + where);
  };
  EXPECT_EQ(one("POST", "/system/dept"), 1);
  EXPECT_EQ(one("PUT", "/system/dept"), 2);
  EXPECT_EQ(one("PUT", "/system/dept/updateSort"), 2);
  EXPECT_EQ(one("DELETE", "/system/dept/{deptId}", "status = 0"), 3);
  EXPECT_EQ(one("DELETE", "/system/dept/{deptId}", "status = 1 AND error_msg = '存在下级部门,不允许删除'"), 3);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title = '部门管理' AND request_method = 'GET'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title = '部门管理'"), 5);
}
