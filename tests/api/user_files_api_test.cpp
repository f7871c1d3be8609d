// export, importTemplate, importData and the avatar upload of /system/user.
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace ruoyi;

namespace {

const std::string boundary = "----ruoyiTestBoundary7MA4YWxkTrZu0gW";

std::string multipart(const std::string& field, const std::string& filename, const std::string& type,
                      const std::string& data) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type + "\r\n\r\n" + data + "\r\n--" + boundary + "--\r\n";
}

const std::string multipart_type = "multipart/form-data; boundary=" + boundary;

class UserFilesApi : public test::AppTest {
protected:
  std::int64_t scalar(const std::string& sql) {
    return test::run([this, sql]() -> boost::asio::awaitable<std::int64_t> {
      db::Session s(app().database());
      auto r = co_await s.query(sql);
      co_return r.scalar_int();
    }());
  }
  http::TestResponse import(const std::string& xlsx, int update_support) {
    return client().post("/system/user/importData?updateSupport=" + std::to_string(update_support),
                         multipart("file", "users.xlsx", files::kXlsxContentType, xlsx), multipart_type);
  }
  files::Sheet sheet(std::vector<files::Row> rows) {
    files::Sheet s;
    s.header = {"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别", "帐号状态"};
    s.rows = std::move(rows);
    return s;
  }
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Backends, UserFilesApi, test::all_backends(), test::backend_name);

TEST_P(UserFilesApi, ExportIsAnXlsxOfTheFilteredListWithLabels) {
  auto r = client().post("/system/user/export", "status=0&userName=nian", "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, files::kXlsxContentType);
  EXPECT_NE(r.headers.get("Content-Disposition").value_or("").find("attachment"), std::string_view::npos);
  auto sheet = files::read_xlsx(r.body);
  ASSERT_EQ(sheet.rows.size(), 1u);
  EXPECT_EQ(sheet.header[2], "登录名称");
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "niangao");
  EXPECT_EQ(files::to_text(sheet.rows[0][6]), "女");
  EXPECT_EQ(files::to_text(sheet.rows[0][7]), "正常");
  EXPECT_EQ(files::to_text(sheet.rows[0][10]), "测试部门");
  // An empty form exports everything.
  EXPECT_EQ(files::read_xlsx(client().post("/system/user/export", "", "application/x-www-form-urlencoded").body).rows.size(), 2u);
}

TEST_P(UserFilesApi, TemplateHasTheImportColumns) {
  auto r = client().post("/system/user/importTemplate", "", "application/x-www-form-urlencoded");
  auto sheet = files::read_xlsx(r.body);
  EXPECT_EQ(sheet.header, (std::vector<std::string>{"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码",
                                                    "用户性别", "帐号状态"}));
  EXPECT_TRUE(sheet.rows.empty());
}

TEST_P(UserFilesApi, ImportCreatesUsersWithTheInitialPasswordInOneBatch) {
  auto xlsx = files::write_xlsx(sheet({
      {std::int64_t{105}, std::string("imp1"), std::string("导入一"), std::string("imp1@example.com"),
       std::string("13900000001"), std::string("男"), std::string("正常")},
      {std::int64_t{104}, std::string("imp2"), std::string("导入二"), files::Cell(), files::Cell(), std::string("女"),
       std::string("停用")},
  }));
  auto r = import(xlsx, 0);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name IN ('imp1', 'imp2')"), 2);
  EXPECT_EQ(scalar("SELECT dept_id FROM sys_user WHERE user_name = 'imp2'"), 104);
  EXPECT_EQ(login("imp1", "123456").empty(), false);  // sys.user.initPassword
}

TEST_P(UserFilesApi, ImportReportsExistingNamesAndBadRowsAndUpdatesWhenAsked) {
  auto xlsx = files::write_xlsx(sheet({
      {std::int64_t{105}, std::string("niangao"), std::string("新名字"), files::Cell(), files::Cell(), files::Cell(),
       files::Cell()},
      {std::int64_t{999}, std::string("nodept"), std::string("x"), files::Cell(), files::Cell(), files::Cell(),
       files::Cell()},
      {std::int64_t{105}, std::string("bademail"), std::string("x"), std::string("not-an-email"), files::Cell(),
       files::Cell(), files::Cell()},
      {std::int64_t{105}, std::string("fine"), std::string("x"), files::Cell(), files::Cell(), files::Cell(),
       files::Cell()},
  }));
  auto r = import(xlsx, 0);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "1.用户账号niangao已存在\n2.用户账号nodept导入失败：部门不存在\n3.用户账号bademail导入失败：邮箱格式不正确");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'fine'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE nick_name = '新名字'"), 0);

  auto updated = import(xlsx, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE nick_name = '新名字'"), 1);
  EXPECT_EQ(updated.msg().find("niangao"), std::string::npos) << updated.msg();
}

TEST_P(UserFilesApi, ExportedFileReimportsUnchanged) {
  client().post("/system/user", R"({"userName":"round","nickName":"往返","password":"secret123","deptId":104,)"
                                R"("email":"round@example.com","phonenumber":"13700000000","sex":"2","status":"1"})");
  auto exported = client().post("/system/user/export", "", "application/x-www-form-urlencoded").body;
  auto before = client().get("/system/user/list?userName=round").json().as_object().at("rows").as_array()[0].as_object();
  client().del("/system/user/" + std::to_string(before.at("userId").as_int64()));
  auto r = import(exported, 0);
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "1.用户账号admin已存在\n2.用户账号niangao已存在");
  auto after = client().get("/system/user/list?userName=round").json().as_object().at("rows").as_array()[0].as_object();
  for (auto key : {"userName", "nickName", "deptId", "email", "phonenumber", "sex", "status"})
    EXPECT_EQ(after.at(key), before.at(key)) << key;
}

TEST_P(UserFilesApi, ImportRefusesWhatIsNotAnXlsxAndWritesNothing) {
  auto users = scalar("SELECT COUNT(*) FROM sys_user");
  EXPECT_EQ(import("this is not a spreadsheet", 0).code(), 601);
  EXPECT_EQ(client().post("/system/user/importData", "garbage", multipart_type).code(), 601);
  EXPECT_EQ(client().post("/system/user/importData", multipart("other", "x.xlsx", "x", "y"), multipart_type).code(), 601);
  files::Sheet wrong;
  wrong.header = {"名字"};
  wrong.rows = {{std::string("x")}};
  EXPECT_EQ(import(files::write_xlsx(wrong), 0).code(), 601);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user"), users);
}

TEST_P(UserFilesApi, AvatarIsStoredServedBackAndRecorded) {
  static const char raw[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes \r\n end";
  const std::string png(raw, sizeof raw - 1);  // embedded NULs and CR/LF must survive byte-exact
  auto r = client().post("/system/user/profile/avatar", multipart("avatarfile", "me.png", "image/png", png),
                         multipart_type);
  ASSERT_EQ(r.code(), 200) << r.body;
  auto url = std::string(r.json().as_object().at("imgUrl").as_string());
  EXPECT_TRUE(url.starts_with("/profile/avatar/")) << url;
  EXPECT_TRUE(url.ends_with(".png")) << url;
  auto profile = client().get("/system/user/profile").json().as_object();
  EXPECT_EQ(profile.at("data").as_object().at("avatar").as_string(), url);

  http::TestClient anonymous(app().handler(), app().settled());
  auto file = anonymous.get(url);
  EXPECT_EQ(file.status, 200u);
  EXPECT_EQ(file.body, png);
  EXPECT_EQ(file.content_type, "image/png");
  EXPECT_EQ(file.headers.get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(anonymous.get("/profile/avatar/2026/01/01/missing.png").status, 404u);
  EXPECT_EQ(anonymous.get("/profile/avatar/2026/01/01/..").status, 404u);
}

TEST_P(UserFilesApi, AvatarRefusesEmptyOrNonImageUploads) {
  auto empty = client().post("/system/user/profile/avatar", multipart("avatarfile", "me.png", "image/png", ""),
                             multipart_type);
  EXPECT_EQ(empty.code(), 601);
  EXPECT_EQ(empty.msg(), "上传图片异常，请联系管理员");
  EXPECT_EQ(client().post("/system/user/profile/avatar", "not multipart", multipart_type).code(), 601);
  auto script = client().post("/system/user/profile/avatar",
                              multipart("avatarfile", "x.png", "image/png", "<script>alert(1)</script>"), multipart_type);
  EXPECT_EQ(script.code(), 601);
}
