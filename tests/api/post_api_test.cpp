// /system/post (API.md §3.3, §3.4): the first resource on web::Resource — list, get, add, edit,
// remove (refused while held), export, optionselect; every rule with its message; nothing written
// on a refusal.
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/post/post_controller.hpp"
#include "system/post/post_model.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <map>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class PostApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    return r.rows.empty() ? std::string() : std::get<std::string>(r.rows[0][0]);
  }
  // sys_post and sys_user_post, one line per row: what "nothing written" compares.
  std::string posts() {
    return test::rows_text(query(
               "SELECT post_id, post_code, post_name, post_sort, status, update_by, remark FROM sys_post ORDER BY "
               "post_id")) +
           test::rows_text(query("SELECT user_id, post_id FROM sys_user_post ORDER BY user_id, post_id"));
  }
  std::vector<std::string> codes(const bj::value& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows.as_array()) out.emplace_back(row.as_object().at("postCode").as_string());
    return out;
  }
  // A refused write: the code, the exact message, and not one row changed.
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return posts(); }, what, code, msg, send);
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, PostApi, test::all_backends(), test::backend_name);

TEST(PostResource, EveryKeyIsAMemberOfPostOrPostBody) {
  auto problems = web::key_problems<system::post::Post, system::post::PostBody>(system::post::post_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST(PostResource, KeyCheckReportsAKeyThatIsNoMember) {
  auto broken = system::post::post_resource();
  broken.filters.push_back(web::like("postKode"));
  broken.unique.push_back("postSortt");
  auto problems = web::key_problems<system::post::Post, system::post::PostBody>(broken);
  EXPECT_EQ(problems,
            (std::vector<std::string>{"filter not in Row: postKode", "unique key is not a field: postSortt"}));
}

TEST_P(PostApi, ListFiltersPagesAndOrdersBySort) {
  exec("UPDATE sys_post SET post_sort = 9 WHERE post_id = 1");
  auto all = client().get("/system/post/list").json().as_object();
  ASSERT_EQ(all.at("code").as_int64(), 200) << all;
  EXPECT_EQ(all.at("total").as_int64(), 4);
  EXPECT_EQ(codes(all.at("rows")), (std::vector<std::string>{"se", "hr", "user", "ceo"}));
  const auto& first = all.at("rows").as_array().at(0).as_object();
  EXPECT_EQ(first.at("postId").as_int64(), 2);
  EXPECT_EQ(first.at("postName").as_string(), "项目经理");
  EXPECT_EQ(first.at("status").as_string(), "0");
  for (const char* key : {"postSort", "createBy", "createTime", "updateBy", "updateTime", "remark"})
    EXPECT_TRUE(first.contains(key)) << key;

  auto paged = client().get("/system/post/list?pageNum=2&pageSize=3").json().as_object();
  EXPECT_EQ(codes(paged.at("rows")), (std::vector<std::string>{"ceo"}));
  EXPECT_EQ(paged.at("total").as_int64(), 4);
  EXPECT_FALSE(paged.at("hasNext").as_bool());

  EXPECT_EQ(codes(client().get("/system/post/list?postCode=e").json().at("rows")),
            (std::vector<std::string>{"se", "user", "ceo"}));
  EXPECT_EQ(codes(client().get("/system/post/list?postName=%E7%BB%8F%E7%90%86").json().at("rows")),  // 经理
            (std::vector<std::string>{"se"}));
  exec("UPDATE sys_post SET status = '1' WHERE post_id = 3");
  EXPECT_EQ(codes(client().get("/system/post/list?status=1").json().at("rows")), (std::vector<std::string>{"hr"}));
  EXPECT_EQ(client().get("/system/post/list?postCode=").json().at("total").as_int64(), 4);  // empty = absent
  // LIKE wildcards in the value are literal.
  EXPECT_EQ(client().get("/system/post/list?postCode=%25").json().at("total").as_int64(), 0);

  auto bad = client().get("/system/post/list?status=2");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数status取值错误");
}

TEST_P(PostApi, GetReturnsTheRowAndRefusesAnUnknownId) {
  auto r = client().get("/system/post/3");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto data = r.json().at("data").as_object();
  EXPECT_EQ(data.at("postId").as_int64(), 3);
  EXPECT_EQ(data.at("postCode").as_string(), "hr");
  EXPECT_EQ(data.at("postName").as_string(), "人力资源");
  EXPECT_EQ(data.at("postSort").as_int64(), 3);

  auto unknown = client().get("/system/post/99");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "岗位不存在");
  EXPECT_EQ(client().get("/system/post/x").code(), 601);
}

TEST_P(PostApi, AddInsertsTheGivenFieldsWithAuditColumns) {
  auto r = client().post("/system/post", R"({"postCode":"qa","postName":"测试","postSort":"5","remark":"r","x":1})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(text("SELECT post_name FROM sys_post WHERE post_code = 'qa'"), "测试");
  EXPECT_EQ(scalar("SELECT post_sort FROM sys_post WHERE post_code = 'qa'"), 5);
  EXPECT_EQ(text("SELECT status FROM sys_post WHERE post_code = 'qa'"), "0");  // column default
  EXPECT_EQ(text("SELECT create_by FROM sys_post WHERE post_code = 'qa'"), "admin");
  EXPECT_EQ(text("SELECT update_by FROM sys_post WHERE post_code = 'qa'"), "admin");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_post WHERE post_code = 'qa' AND create_time IS NOT NULL"), 1);
}

TEST_P(PostApi, AddRefusesADuplicateNameOrCode) {
  expect_refused("name", 500, "新增岗位董事长失败，岗位名称已存在", [&] {
    return client().post("/system/post", R"({"postCode":"new","postName":"董事长","postSort":5})");
  });
  expect_refused("code", 500, "新增岗位新岗位失败，岗位编码已存在", [&] {
    return client().post("/system/post", R"({"postCode":"ceo","postName":"新岗位","postSort":5})");
  });
}

TEST_P(PostApi, EditChangesOnlyTheGivenFields) {
  auto r = client().put("/system/post", R"({"postId":2,"postName":"经理","status":"1"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT post_name FROM sys_post WHERE post_id = 2"), "经理");
  EXPECT_EQ(text("SELECT status FROM sys_post WHERE post_id = 2"), "1");
  EXPECT_EQ(text("SELECT post_code FROM sys_post WHERE post_id = 2"), "se");  // untouched
  EXPECT_EQ(scalar("SELECT post_sort FROM sys_post WHERE post_id = 2"), 2);
  EXPECT_EQ(text("SELECT update_by FROM sys_post WHERE post_id = 2"), "admin");
  // Its own name and code are not duplicates of itself.
  r = client().put("/system/post", R"({"postId":2,"postName":"经理","postCode":"se","postSort":2})");
  EXPECT_EQ(r.code(), 200) << r.body;
}

TEST_P(PostApi, EditRefusesDuplicatesUnknownAndMissingIds) {
  expect_refused("name", 500, "修改岗位董事长失败，岗位名称已存在",
                 [&] { return client().put("/system/post", R"({"postId":2,"postName":"董事长"})"); });
  // Without a name in the body, {name} is the post's current one.
  expect_refused("code", 500, "修改岗位项目经理失败，岗位编码已存在",
                 [&] { return client().put("/system/post", R"({"postId":2,"postCode":"ceo"})"); });
  expect_refused("unknown", 500, "岗位不存在",
                 [&] { return client().put("/system/post", R"({"postId":99,"postName":"x"})"); });
  expect_refused("no id", 601, "岗位ID不能为空", [&] { return client().put("/system/post", R"({"postName":"x"})"); });
}

TEST_P(PostApi, InvalidFieldsAre601AndWriteNothing) {
  const std::string chars65(65, 'c');
  std::string name51;
  for (int i = 0; i < 51; ++i) name51 += "岗";
  std::string name50;
  for (int i = 0; i < 50; ++i) name50 += "岗";
  const std::string remark501(501, 'r');
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"no code", {R"({"postName":"n","postSort":1})", "岗位编码不能为空"}},
      {"empty code", {R"({"postCode":"","postName":"n","postSort":1})", "岗位编码不能为空"}},
      {"no name", {R"({"postCode":"c","postSort":1})", "岗位名称不能为空"}},
      {"no sort", {R"({"postCode":"c","postName":"n"})", "显示顺序不能为空"}},
      {"long code",
       {R"({"postCode":")" + chars65 + R"(","postName":"n","postSort":1})", "岗位编码长度不能超过64个字符"}},
      {"long name",
       {R"({"postCode":"c","postName":")" + name51 + R"(","postSort":1})", "岗位名称长度不能超过50个字符"}},
      {"long remark",
       {R"({"postCode":"c","postName":"n","postSort":1,"remark":")" + remark501 + R"("})",
        "备注长度不能超过500个字符"}},
      {"sort not a number", {R"({"postCode":"c","postName":"n","postSort":"abc"})", "参数postSort类型错误，应为整数"}},
      {"name not a string", {R"({"postCode":"c","postName":7,"postSort":1})", "参数postName类型错误，应为字符串"}},
      {"bad status", {R"({"postCode":"c","postName":"n","postSort":1,"status":"2"})", "参数status取值错误"}},
      {"not an object", {R"([1])", ""}},
  };
  for (const auto& [what, body_msg] : adds) {
    const auto& [body, msg] = body_msg;
    auto before = posts();
    auto r = client().post("/system/post", body);
    EXPECT_EQ(r.code(), 601) << what << ": " << r.body;
    if (!msg.empty()) {
      EXPECT_EQ(r.msg(), msg) << what;
    }
    EXPECT_EQ(posts(), before) << what << ": rows were written";
  }
  expect_refused("edit empty name", 601, "岗位名称不能为空",
                 [&] { return client().put("/system/post", R"({"postId":2,"postName":""})"); });
  expect_refused("edit long name", 601, "岗位名称长度不能超过50个字符",
                 [&] { return client().put("/system/post", R"({"postId":2,"postName":")" + name51 + R"("})"); });
  // 50 characters of 3 bytes each fit: lengths count characters.
  auto ok = client().post("/system/post", R"({"postCode":"c50","postName":")" + name50 + R"(","postSort":1})");
  EXPECT_EQ(ok.code(), 200) << ok.body;
}

TEST_P(PostApi, RemoveDeletesAndRefusesAPostHeldByAUser) {
  ASSERT_EQ(client().post("/system/post", R"({"postCode":"tmp","postName":"临时","postSort":9})").code(), 200);
  auto id = scalar("SELECT post_id FROM sys_post WHERE post_code = 'tmp'");
  // Post 1 is held by admin (seed): the whole request is refused, post `id` stays.
  expect_refused("held", 500, "董事长已分配，不能删除",
                 [&] { return client().del("/system/post/" + std::to_string(id) + ",1"); });
  auto r = client().del("/system/post/" + std::to_string(id));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_post WHERE post_code = 'tmp'"), 0);  // hard delete
  expect_refused("bad ids", 601, "参数postIds必须是正整数", [&] { return client().del("/system/post/3,x"); });
}

TEST_P(PostApi, ExportIsAnXlsxOfTheFilteredList) {
  auto r = client().post("/system/post/export", "", "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, files::kXlsxContentType);
  EXPECT_NE(r.headers.get("Content-Disposition").value_or("").find("attachment; filename=post_"), std::string::npos);
  auto sheet = files::read_xlsx(r.body);
  EXPECT_EQ(sheet.header, (std::vector<std::string>{"岗位序号", "岗位编码", "岗位名称", "岗位排序", "状态"}));
  ASSERT_EQ(sheet.rows.size(), 4u);
  EXPECT_EQ(files::to_text(sheet.rows[0][0]), "1");
  EXPECT_EQ(files::to_text(sheet.rows[0][1]), "ceo");
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "董事长");
  EXPECT_EQ(files::to_text(sheet.rows[0][4]), "正常");

  auto filtered =
      client().post("/system/post/export", "postName=%E4%BA%BA%E5%8A%9B", "application/x-www-form-urlencoded");
  auto rows = files::read_xlsx(filtered.body).rows;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(files::to_text(rows[0][1]), "hr");
}

TEST_P(PostApi, OptionselectListsEveryPostForAnyLoggedInUser) {
  auto plain = as_user_with("plain", "");
  auto r = plain->get("/system/post/optionselect");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(codes(r.json().at("data")), (std::vector<std::string>{"ceo", "se", "hr", "user"}));
}

TEST_P(PostApi, EachRouteNeedsItsPermission) {
  auto plain = as_user_with("plain", "'system:post:list'");
  EXPECT_EQ(plain->get("/system/post/list").code(), 200);
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"query", [&] { return plain->get("/system/post/1"); }},
      {"add", [&] { return plain->post("/system/post", R"({"postCode":"m","postName":"m","postSort":1})"); }},
      {"edit", [&] { return plain->put("/system/post", R"({"postId":4,"postName":"m"})"); }},
      {"remove", [&] { return plain->del("/system/post/4"); }},
      {"export", [&] { return plain->post("/system/post/export", "", "application/x-www-form-urlencoded"); }},
  };
  for (const auto& [what, send] : denied) expect_refused(what, 403, "该用户无此接口权限", send);
}

TEST_P(PostApi, RoutesDeclareTitleAndBusinessType) {
  test::expect_routes(app(), "/system/post", "岗位管理",
                      {
                          {"GET /system/post/list", {"system:post:list", 0}},
                          {"GET /system/post/{postId}", {"system:post:query", 0}},
                          {"POST /system/post", {"system:post:add", 1}},
                          {"PUT /system/post", {"system:post:edit", 2}},
                          {"DELETE /system/post/{postIds}", {"system:post:remove", 3}},
                          {"POST /system/post/export", {"system:post:export", 5}},
                          {"GET /system/post/optionselect", {"", 0}},
                      });
}
