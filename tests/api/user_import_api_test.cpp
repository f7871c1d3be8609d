// importData row by row under the rules of add and edit: the importer's data scope over the
// existing user and the new dept, dept existence, unique phone and email, super-admin protection;
// an empty dept cell leaves the dept; a row that disables a user ends its sessions.
#include "files/xlsx_writer.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

using namespace ruoyi;

namespace {

const std::string boundary = "----ruoyiImportBoundary7MA4YWxkTrZu0gW";
const std::string multipart_type = "multipart/form-data; boundary=" + boundary;

std::string multipart_file(const std::string& data) {
  return "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"users.xlsx\"\r\nContent-Type: " +
         std::string(files::kXlsxContentType) + "\r\n\r\n" + data + "\r\n--" + boundary + "--\r\n";
}

files::Cell text(const char* s) { return files::Cell(std::string(s)); }
files::Cell number(std::int64_t n) { return files::Cell(n); }
const files::Cell blank{};

class UserImportApi : public test::AppTest {
 protected:
  // A row of sys_user as text: what an import could have changed.
  std::string row_of(const std::string& name) {
    return test::run([this, name]() -> boost::asio::awaitable<std::string> {
      db::Session s(app().database());
      db::Params params{db::bind(name)};
      auto r = co_await s.query(
          "SELECT nick_name, email, phonenumber, sex, status, COALESCE(dept_id, -1), "
          "COALESCE(update_by, '') FROM sys_user WHERE user_name = ? AND del_flag = '0'",
          std::move(params));
      std::string out;
      for (auto& v : r.rows.at(0)) {
        if (auto* s = std::get_if<std::string>(&v))
          out += *s;
        else if (auto* n = std::get_if<std::int64_t>(&v))
          out += std::to_string(*n);
        out += "|";
      }
      co_return out;
    }());
  }
  // A user importer with data scope `scope` in dept `dept` (role 10: the user pages' menus).
  std::unique_ptr<http::TestClient> importer(const std::string& scope, std::int64_t dept) {
    exec(
        "INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) "
        "VALUES (10, 'importer', 'importer', 10, '" +
        scope + "', '0', '0')");
    exec(
        "INSERT INTO sys_role_menu (role_id, menu_id) SELECT 10, menu_id FROM sys_menu "
        "WHERE menu_id IN (1, 100) OR perms LIKE 'system:user:%'");
    auto r = client().post("/system/user", R"({"userName":"importer","nickName":"importer","password":"secret123",)"
                                           R"("deptId":)" +
                                               std::to_string(dept) + R"(,"roleIds":[10]})");
    EXPECT_EQ(r.code(), 200) << r.body;
    auto c = std::make_unique<http::TestClient>(app().handler(), app().settled());
    c->set_header("Authorization", "Bearer " + login("importer", "secret123"));
    return c;
  }
  http::TestResponse import(http::TestClient& c, std::vector<files::Row> rows, int update_support) {
    files::Sheet sheet;
    sheet.header = {"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别", "帐号状态"};
    sheet.rows = std::move(rows);
    return c.post("/system/user/importData?updateSupport=" + std::to_string(update_support),
                  multipart_file(files::write_xlsx(sheet)), multipart_type);
  }
  void add_user(const std::string& name, std::int64_t dept) {
    auto r = client().post("/system/user", R"({"userName":")" + name + R"(","nickName":")" + name +
                                               R"(","password":"secret123","deptId":)" + std::to_string(dept) + "}");
    ASSERT_EQ(r.code(), 200) << r.body;
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, UserImportApi, test::all_backends(), test::backend_name);

TEST_P(UserImportApi, UpdateOfAUserOutsideTheImportersScopeIsRefused) {
  add_user("outsider", 104);
  add_user("insider", 105);
  auto outsider_token = login("outsider", "secret123");
  auto c = importer("3", 105);  // own dept only
  const auto outsider_before = row_of("outsider");
  auto r =
      import(*c,
             {
                 {number(105), text("outsider"), text("taken"), text("evil@example.com"), blank, blank, text("停用")},
                 {blank, text("insider"), text("内部"), blank, blank, blank, blank},
             },
             1);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "1.用户账号outsider导入失败：没有权限访问用户数据");
  EXPECT_EQ(row_of("outsider"), outsider_before);            // name, email, status, dept untouched
  EXPECT_EQ(row_of("insider"), "内部|||0|0|105|importer|");  // the row in scope was written
  // The outsider's session survived: the refused row did not disable it.
  http::TestClient as_outsider(app().handler(), app().settled());
  as_outsider.set_header("Authorization", "Bearer " + outsider_token);
  EXPECT_EQ(as_outsider.get("/getInfo").code(), 200);
}

TEST_P(UserImportApi, UpdateIntoADeptOutsideTheImportersScopeIsRefused) {
  add_user("insider", 105);
  auto c = importer("3", 105);
  const auto before = row_of("insider");
  auto r = import(*c, {{number(104), text("insider"), text("moved"), blank, blank, blank, blank}}, 1);
  EXPECT_EQ(r.msg(), "1.用户账号insider导入失败：没有权限访问部门数据");
  EXPECT_EQ(row_of("insider"), before);
  // A new user into such a dept is refused the same way, as add refuses it.
  auto fresh = import(*c, {{number(104), text("newbie"), text("n"), blank, blank, blank, blank}}, 0);
  EXPECT_EQ(fresh.msg(), "1.用户账号newbie导入失败：没有权限访问部门数据");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'newbie'"), 0);
}

TEST_P(UserImportApi, EmptyDeptCellLeavesTheDeptOfAnUpdatedUser) {
  auto r = import(client(), {{blank, text("niangao"), text("新名字"), blank, blank, blank, blank}}, 1);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'niangao' AND nick_name = '新名字'"), 1);
  EXPECT_EQ(scalar("SELECT dept_id FROM sys_user WHERE user_name = 'niangao'"), 105);
  // A missing dept is refused on update too.
  auto missing = import(client(), {{number(999), text("niangao"), text("x"), blank, blank, blank, blank}}, 1);
  EXPECT_EQ(missing.msg(), "1.用户账号niangao导入失败：部门不存在");
  EXPECT_EQ(scalar("SELECT dept_id FROM sys_user WHERE user_name = 'niangao'"), 105);
}

TEST_P(UserImportApi, PhoneAndEmailStayUniqueAcrossDatabaseAndFile) {
  add_user("carol", 105);
  auto r =
      import(client(),
             {
                 // update: the admin's phone / niangao's own values again (no conflict with itself)
                 {blank, text("carol"), text("c"), blank, text("15888888888"), blank, blank},
                 {blank, text("niangao"), text("年糕"), text("niangao@qq.com"), text("15666666666"), blank, blank},
                 // new: the admin's email; then two new rows sharing a phone and an email
                 {number(105), text("new1"), text("n"), text("niangao@163.com"), blank, blank, blank},
                 {number(105), text("new2"), text("n"), text("dup@example.com"), text("13900000009"), blank, blank},
                 {number(105), text("new3"), text("n"), blank, text("13900000009"), blank, blank},
                 {number(105), text("new4"), text("n"), text("dup@example.com"), blank, blank, blank},
                 // update: a phone that a new row of this file claims
                 {blank, text("carol"), text("c"), blank, text("13900000009"), blank, blank},
             },
             1);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(),
            "1.用户账号carol导入失败：手机号码已存在\n"
            "3.用户账号new1导入失败：邮箱账号已存在\n"
            "5.用户账号new3导入失败：手机号码已存在\n"
            "6.用户账号new4导入失败：邮箱账号已存在\n"
            "7.用户账号carol导入失败：手机号码已存在");
  EXPECT_EQ(row_of("niangao"), "年糕|niangao@qq.com|15666666666|1|0|105|admin|");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE phonenumber = '15888888888'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE phonenumber = '13900000009'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE email = 'dup@example.com'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name IN ('new1', 'new3', 'new4')"), 0);
}

TEST_P(UserImportApi, SuperAdminIsNeverUpdatedByImport) {
  add_user("admin2", 103);
  auto r = import(client(), {{blank, text("admin"), text("hijacked"), blank, blank, blank, text("停用")}}, 1);
  EXPECT_EQ(r.msg(), "1.用户账号admin导入失败：不允许操作超级管理员用户");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_id = 1 AND nick_name = '超级管理员' AND status = '0'"), 1);
}

TEST_P(UserImportApi, ImportThatDisablesAUserEndsItsSessions) {
  auto token = login("niangao", "admin123");
  http::TestClient as_niangao(app().handler(), app().settled());
  as_niangao.set_header("Authorization", "Bearer " + token);
  ASSERT_EQ(as_niangao.get("/getInfo").code(), 200);
  auto r = import(client(), {{number(105), text("niangao"), text("年糕"), blank, blank, blank, text("停用")}}, 1);
  ASSERT_EQ(r.msg(), "");
  EXPECT_EQ(as_niangao.get("/getInfo").code(), 401);
  ASSERT_EQ(client().put("/system/user/changeStatus", R"({"userId":2,"status":"0"})").code(), 200);
  EXPECT_EQ(as_niangao.get("/getInfo").code(), 401);  // re-enabled: a new login is needed
  EXPECT_EQ(login("niangao", "admin123").empty(), false);
}

TEST_P(UserImportApi, InitPasswordOutsideThePasswordPolicyRefusesTheImport) {
  // sys.account.chrtype 3 (letters and digits) while sys.user.initPassword is the seeded '123456'.
  // Settings are read through the sys_config cache: changed through the API, as an admin would.
  ASSERT_EQ(client().put("/system/config", R"({"configId":10,"configValue":"3"})").code(), 200);
  const auto before = row_of("niangao");
  auto r = import(client(),
                  {
                      {number(105), text("fresh1"), text("f"), blank, blank, blank, blank},
                      {blank, text("niangao"), text("改名"), blank, blank, blank, blank},
                  },
                  1);
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "密码必须同时包含字母和数字");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'fresh1'"), 0);
  EXPECT_EQ(row_of("niangao"), before);  // not even the update row was written
  // An init password the policy accepts: the same file imports.
  ASSERT_EQ(client().put("/system/config", R"({"configId":2,"configValue":"abc123"})").code(), 200);
  auto ok = import(client(), {{number(105), text("fresh1"), text("f"), blank, blank, blank, blank}}, 0);
  ASSERT_EQ(ok.code(), 200) << ok.body;
  EXPECT_EQ(ok.msg(), "");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'fresh1'"), 1);
}
