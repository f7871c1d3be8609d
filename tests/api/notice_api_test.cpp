// /system/notice (API.md §3.1, §3.3): list, detail (any logged-in user), add, edit, remove (hard,
// with the read marks), listTop (the navbar bell), markRead, markReadAll, readUsers/list; the
// title's no-tag rule, HTML content kept as sent, 601 / 403 refusals that write nothing, and the
// operation log (通知公告; read marks are not logged).
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/notice/notice_controller.hpp"
#include "system/notice/notice_model.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <map>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class NoticeApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    if (r.rows.empty()) return "<none>";
    if (auto* s = std::get_if<std::string>(&r.rows[0][0])) return *s;
    return "<null>";
  }
  // sys_notice and sys_notice_read, one line per row: what "nothing written" compares.
  std::string notices() {
    return test::tables_text(app(),
                             {"SELECT * FROM sys_notice ORDER BY notice_id",
                              "SELECT notice_id, user_id, read_time FROM sys_notice_read ORDER BY notice_id, user_id"});
  }
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return notices(); }, what, code, msg, send);
  }
  // A client logged in as a new user (dept 105) whose one role holds exactly the menus with these
  // perms (none: only the routes open to any logged-in user).
  std::unique_ptr<http::TestClient> as_user_with(const std::string& name, const std::string& perms_in) {
    const std::int64_t role = 60 + next_role_++;
    return ApiTest::as_user_with(name, perms_in,
                                 {.role_id = role, .dept_id = 105, .nick_prefix = "昵称", .phone = "13800000000"});
  }
  std::int64_t user_id(const std::string& name) {
    return scalar("SELECT user_id FROM sys_user WHERE user_name = '" + name + "'");
  }
  std::vector<std::int64_t> ids(const bj::value& rows, const char* key = "noticeId") {
    std::vector<std::int64_t> out;
    for (const auto& row : rows.as_array()) out.push_back(row.as_object().at(key).as_int64());
    return out;
  }
  std::int64_t add_notice(const std::string& title, const std::string& type = "1", const std::string& status = "0") {
    bj::object body{{"noticeTitle", title}, {"noticeType", type}, {"status", status}, {"noticeContent", "<p>c</p>"}};
    auto r = client().post("/system/notice", bj::serialize(body));
    EXPECT_EQ(r.code(), 200) << r.body;
    return scalar("SELECT MAX(notice_id) FROM sys_notice");
  }
  int next_role_ = 0;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, NoticeApi, test::all_backends(), test::backend_name);

TEST(NoticeResource, EveryKeyIsAMemberOfNoticeOrNoticeBody) {
  auto problems =
      web::key_problems<system::notice::Notice, system::notice::NoticeBody>(system::notice::notice_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_P(NoticeApi, ListFiltersPagesAndOrdersByIdDescending) {
  auto all = client().get("/system/notice/list").json().as_object();
  ASSERT_EQ(all.at("code").as_int64(), 200) << all;
  EXPECT_EQ(all.at("total").as_int64(), 2);
  EXPECT_EQ(ids(all.at("rows")), (std::vector<std::int64_t>{2, 1}));
  const auto& first = all.at("rows").as_array().at(0).as_object();
  EXPECT_EQ(first.at("noticeTitle").as_string(), "维护通知：系统凌晨维护");
  EXPECT_EQ(first.at("noticeType").as_string(), "1");
  for (const char* key : {"noticeContent", "status", "createBy", "createTime", "updateBy", "updateTime", "remark"})
    EXPECT_TRUE(first.contains(key)) << key;

  auto id3 = add_notice("第三条", "2");
  EXPECT_EQ(ids(client().get("/system/notice/list?pageNum=1&pageSize=2").json().at("rows")),
            (std::vector<std::int64_t>{id3, 2}));
  EXPECT_EQ(ids(client().get("/system/notice/list?noticeTitle=%E7%BB%B4%E6%8A%A4").json().at("rows")),  // 维护
            (std::vector<std::int64_t>{2}));
  EXPECT_EQ(ids(client().get("/system/notice/list?noticeType=2").json().at("rows")),
            (std::vector<std::int64_t>{id3, 1}));
  exec("UPDATE sys_notice SET create_by = 'someone' WHERE notice_id = 1");
  EXPECT_EQ(ids(client().get("/system/notice/list?createBy=meon").json().at("rows")), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(client().get("/system/notice/list?noticeTitle=%25").json().at("total").as_int64(), 0);  // % is literal
  auto bad = client().get("/system/notice/list?noticeType=3");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数noticeType取值错误");
}

TEST_P(NoticeApi, DetailNeedsNoPermissionAndRefusesAnUnknownId) {
  auto plain = as_user_with("reader", "");
  auto r = plain->get("/system/notice/1");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto data = r.json().at("data").as_object();
  EXPECT_EQ(data.at("noticeId").as_int64(), 1);
  EXPECT_EQ(data.at("noticeTitle").as_string(), "温馨提醒：新版本发布啦");
  EXPECT_EQ(data.at("noticeContent").as_string(), "新版本内容");
  auto unknown = client().get("/system/notice/99");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "公告不存在");
  EXPECT_EQ(client().get("/system/notice/x").code(), 601);
  // Without a token it is still refused.
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.get("/system/notice/1").code(), 401);
}

TEST_P(NoticeApi, HtmlContentRoundTripsExactlyInsideJson) {
  const std::string html =
      R"(<p style="color:red">维护 &amp; 升级</p><script>alert('x')</script><img src=x onerror="y"> \ "q")";
  bj::object body{{"noticeTitle", "HTML 公告"}, {"noticeType", "1"}, {"noticeContent", html}, {"remark", "备注"}};
  auto r = client().post("/system/notice", bj::serialize(body));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  auto id = scalar("SELECT notice_id FROM sys_notice WHERE notice_title = 'HTML 公告'");
  EXPECT_EQ(text("SELECT notice_content FROM sys_notice WHERE notice_id = " + std::to_string(id)), html);
  EXPECT_EQ(text("SELECT create_by FROM sys_notice WHERE notice_id = " + std::to_string(id)), "admin");
  EXPECT_EQ(text("SELECT status FROM sys_notice WHERE notice_id = " + std::to_string(id)), "0");  // column default
  auto got = client().get("/system/notice/" + std::to_string(id));
  EXPECT_NE(got.content_type.find("application/json"), std::string::npos) << got.content_type;
  EXPECT_EQ(got.json().at("data").at("noticeContent").as_string(), html);
  auto listed = client().get("/system/notice/list?noticeTitle=HTML").json();
  EXPECT_EQ(listed.at("rows").at(0).at("noticeContent").as_string(), html);
}

TEST_P(NoticeApi, EditChangesOnlyTheGivenFields) {
  auto r = client().put("/system/notice", R"({"noticeId":1,"noticeContent":"<b>新</b>","status":"1"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT notice_content FROM sys_notice WHERE notice_id = 1"), "<b>新</b>");
  EXPECT_EQ(text("SELECT status FROM sys_notice WHERE notice_id = 1"), "1");
  EXPECT_EQ(text("SELECT notice_title FROM sys_notice WHERE notice_id = 1"), "温馨提醒：新版本发布啦");
  EXPECT_EQ(text("SELECT update_by FROM sys_notice WHERE notice_id = 1"), "admin");
}

TEST_P(NoticeApi, InvalidFieldsAre601AndWriteNothing) {
  std::string title51;
  for (int i = 0; i < 51; ++i) title51 += "公";
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"no title", {R"({"noticeType":"1"})", "公告标题不能为空"}},
      {"empty title", {R"({"noticeTitle":"","noticeType":"1"})", "公告标题不能为空"}},
      {"no type", {R"({"noticeTitle":"t"})", "公告类型不能为空"}},
      {"bad type", {R"({"noticeTitle":"t","noticeType":"3"})", "参数noticeType取值错误"}},
      {"bad status", {R"({"noticeTitle":"t","noticeType":"1","status":"2"})", "参数status取值错误"}},
      {"long title", {R"({"noticeTitle":")" + title51 + R"(","noticeType":"1"})", "公告标题长度不能超过50个字符"}},
      {"tag in title", {R"({"noticeTitle":"<b>t</b>","noticeType":"1"})", "公告标题不能包含脚本字符"}},
      {"script in title", {R"({"noticeTitle":"a<script>x</script>","noticeType":"1"})", "公告标题不能包含脚本字符"}},
      {"title not a string", {R"({"noticeTitle":5,"noticeType":"1"})", "参数noticeTitle类型错误，应为字符串"}},
  };
  for (const auto& [what, body_msg] : adds)
    expect_refused(what, 601, body_msg.second, [&] { return client().post("/system/notice", body_msg.first); });
  expect_refused("edit tag", 601, "公告标题不能包含脚本字符",
                 [&] { return client().put("/system/notice", R"({"noticeId":1,"noticeTitle":"<i>x</i>"})"); });
  expect_refused("edit empty title", 601, "公告标题不能为空",
                 [&] { return client().put("/system/notice", R"({"noticeId":1,"noticeTitle":""})"); });
  expect_refused("edit no id", 601, "公告ID不能为空",
                 [&] { return client().put("/system/notice", R"({"noticeTitle":"x"})"); });
  expect_refused("edit unknown", 500, "公告不存在",
                 [&] { return client().put("/system/notice", R"({"noticeId":99,"noticeTitle":"x"})"); });
  // A < that is no tag is text.
  auto ok = client().post("/system/notice", R"({"noticeTitle":"1 < 2","noticeType":"1"})");
  EXPECT_EQ(ok.code(), 200) << ok.body;
}

TEST_P(NoticeApi, RemoveIsHardAndTakesTheReadMarksWithIt) {
  auto id = add_notice("待删");
  auto other = as_user_with("marker", "");
  ASSERT_EQ(other->post("/system/notice/markReadAll?ids=1," + std::to_string(id), "").code(), 200);
  ASSERT_EQ(client().post("/system/notice/markRead?noticeId=" + std::to_string(id), "").code(), 200);
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM sys_notice_read WHERE notice_id = " + std::to_string(id)), 2);
  expect_refused("bad ids", 601, "参数noticeIds必须是正整数", [&] { return client().del("/system/notice/1,x"); });
  auto r = client().del("/system/notice/" + std::to_string(id));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_notice WHERE notice_id = " + std::to_string(id)), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_notice_read WHERE notice_id = " + std::to_string(id)), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_notice_read WHERE notice_id = 1"), 1);  // another notice's mark stays
}

TEST_P(NoticeApi, ListTopShowsFiveOpenNoticesNewestFirstWithTheCallersMarks) {
  auto bell = as_user_with("bell", "");
  auto top = bell->get("/system/notice/listTop").json().as_object();
  ASSERT_EQ(top.at("code").as_int64(), 200) << top;
  EXPECT_EQ(ids(top.at("data")), (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(top.at("unreadCount").as_int64(), 2);
  const auto& first = top.at("data").as_array().at(0).as_object();
  std::vector<std::string> keys;
  for (const auto& kv : first) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"noticeId", "noticeTitle", "noticeType", "status", "createBy", "createTime",
                                            "isRead"}));
  EXPECT_FALSE(first.at("isRead").as_bool());

  // The seed's create_time is the migration's (PostgreSQL rounds LOCALTIMESTAMP(0), so it may read
  // a second ahead of a notice added right after): make the seed plainly older.
  exec("UPDATE sys_notice SET create_time = '2026-01-01 08:00:00'");
  std::vector<std::int64_t> added;
  for (int i = 0; i < 5; ++i) added.push_back(add_notice("n" + std::to_string(i)));
  auto closed = add_notice("关闭的", "1", "1");
  // Same create_time second: newest = highest id. Never more than five; closed ones never.
  top = bell->get("/system/notice/listTop").json().as_object();
  EXPECT_EQ(ids(top.at("data")), (std::vector<std::int64_t>{added[4], added[3], added[2], added[1], added[0]}));
  EXPECT_EQ(top.at("unreadCount").as_int64(), 5);

  auto r = bell->post("/system/notice/markRead?noticeId=" + std::to_string(added[3]), "");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "标记成功");
  EXPECT_EQ(bell->post("/system/notice/markRead?noticeId=" + std::to_string(added[3]), "").msg(), "标记成功");
  top = bell->get("/system/notice/listTop").json().as_object();
  EXPECT_EQ(top.at("unreadCount").as_int64(), 4);
  EXPECT_TRUE(top.at("data").at(1).at("isRead").as_bool());
  EXPECT_FALSE(top.at("data").at(0).at("isRead").as_bool());
  // The marks are the caller's own: the admin still sees every one unread.
  EXPECT_EQ(client().get("/system/notice/listTop").json().at("unreadCount").as_int64(), 5);

  const auto all = std::to_string(added[0]) + "," + std::to_string(added[1]) + "," + std::to_string(added[2]) + "," +
                   std::to_string(added[3]) + "," + std::to_string(added[4]) + "," + std::to_string(closed) + ",999";
  r = bell->post("/system/notice/markReadAll?ids=" + all, "");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "标记成功");
  EXPECT_EQ(bell->post("/system/notice/markReadAll?ids=" + all, "").code(), 200);  // idempotent
  EXPECT_EQ(bell->get("/system/notice/listTop").json().at("unreadCount").as_int64(), 0);
  // One mark per notice that exists (999 does not), none duplicated.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_notice_read WHERE user_id = " + std::to_string(user_id("bell"))), 6);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_notice_read WHERE notice_id = 999"), 0);

  expect_refused("markRead x", 601, "参数noticeId必须是整数",
                 [&] { return bell->post("/system/notice/markRead?noticeId=x", ""); });
  expect_refused("markRead none", 601, "公告ID不能为空", [&] { return bell->post("/system/notice/markRead", ""); });
  expect_refused("markReadAll x", 601, "参数ids必须是逗号分隔的正整数",
                 [&] { return bell->post("/system/notice/markReadAll?ids=1,x", ""); });
}

TEST_P(NoticeApi, ReadUsersListsWhoReadANotice) {
  auto a = as_user_with("alice", "");
  auto b = as_user_with("bob", "");
  ASSERT_EQ(a->post("/system/notice/markRead?noticeId=1", "").code(), 200);
  ASSERT_EQ(b->post("/system/notice/markRead?noticeId=1", "").code(), 200);
  ASSERT_EQ(b->post("/system/notice/markRead?noticeId=2", "").code(), 200);
  exec("UPDATE sys_notice_read SET read_time = '2026-01-01 10:00:00' WHERE user_id = " +
       std::to_string(user_id("alice")));
  exec("UPDATE sys_notice_read SET read_time = '2026-01-02 10:00:00' WHERE user_id = " +
       std::to_string(user_id("bob")));

  auto r = client().get("/system/notice/readUsers/list?noticeId=1").json().as_object();
  ASSERT_EQ(r.at("code").as_int64(), 200) << r;
  EXPECT_EQ(r.at("total").as_int64(), 2);
  EXPECT_EQ(ids(r.at("rows"), "userId"), (std::vector<std::int64_t>{user_id("bob"), user_id("alice")}));
  const auto& row = r.at("rows").as_array().at(1).as_object();
  EXPECT_EQ(row.at("userName").as_string(), "alice");
  EXPECT_EQ(row.at("nickName").as_string(), "昵称alice");
  EXPECT_EQ(row.at("deptName").as_string(), "测试部门");
  EXPECT_EQ(row.at("phonenumber").as_string(), "13800000000");
  EXPECT_EQ(row.at("readTime").as_string(), "2026-01-01T10:00:00");
  EXPECT_EQ(row.size(), 6u);

  EXPECT_EQ(ids(client().get("/system/notice/readUsers/list?noticeId=1&searchValue=ali").json().at("rows"), "userId"),
            (std::vector<std::int64_t>{user_id("alice")}));
  EXPECT_EQ(
      ids(client().get("/system/notice/readUsers/list?noticeId=1&searchValue=%E6%98%B5%E7%A7%B0b").json().at("rows"),
          "userId"),
      (std::vector<std::int64_t>{user_id("bob")}));  // 昵称b: the nick name matches too
  auto paged = client().get("/system/notice/readUsers/list?noticeId=1&pageNum=2&pageSize=1").json();
  EXPECT_EQ(ids(paged.at("rows"), "userId"), (std::vector<std::int64_t>{user_id("alice")}));
  EXPECT_EQ(paged.at("total").as_int64(), 2);
  auto none = client().get("/system/notice/readUsers/list");
  EXPECT_EQ(none.code(), 601);
  EXPECT_EQ(none.msg(), "公告ID不能为空");
  // notice:list is required.
  auto denied = a->get("/system/notice/readUsers/list?noticeId=1");
  EXPECT_EQ(denied.code(), 403);
}

TEST_P(NoticeApi, WritesNeedTheirPermissionAndRefusalsWriteNothing) {
  auto plain = as_user_with("plain", "'system:notice:list','system:notice:query'");
  EXPECT_EQ(plain->get("/system/notice/list").code(), 200);
  expect_refused("add", 403, "该用户无此接口权限",
                 [&] { return plain->post("/system/notice", R"({"noticeTitle":"x","noticeType":"1"})"); });
  expect_refused("edit", 403, "该用户无此接口权限",
                 [&] { return plain->put("/system/notice", R"({"noticeId":1,"noticeTitle":"x"})"); });
  expect_refused("remove", 403, "该用户无此接口权限", [&] { return plain->del("/system/notice/1"); });
  auto none = as_user_with("none", "");
  EXPECT_EQ(none->get("/system/notice/list").code(), 403);
  // The bell and the marks stay open to every logged-in user.
  EXPECT_EQ(none->get("/system/notice/listTop").code(), 200);
  EXPECT_EQ(none->post("/system/notice/markRead?noticeId=1", "").code(), 200);
}

TEST_P(NoticeApi, WritesAreLoggedAsNoticeAndReadMarksAreNot) {
  auto id = add_notice("日志");
  ASSERT_EQ(client().post("/system/notice/markRead?noticeId=1", "").code(), 200);
  ASSERT_EQ(client().post("/system/notice/markReadAll?ids=1,2", "").code(), 200);
  ASSERT_EQ(client().put("/system/notice", R"({"noticeId":1,"noticeTitle":"改"})").code(), 200);
  ASSERT_EQ(client().del("/system/notice/" + std::to_string(id)).code(), 200);
  // The writer keeps the order of the requests: once the delete is in, the marks would be too.
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "request_method = 'DELETE' AND title = '通知公告' AND business_type = 3"),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title = '通知公告' AND business_type = 1"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE title = '通知公告' AND business_type = 2"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE oper_url LIKE '%markRead%'"), 0);
}
