// export, importTemplate, importData and the avatar upload of /system/user.
#include "core/worker_pool.hpp"
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "files/zip_writer.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "system/user/user_excel.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

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
  http::TestResponse import(const std::string& xlsx, int update_support) {
    return client().post("/system/user/importData?updateSupport=" + std::to_string(update_support),
                         multipart("file", "users.xlsx", files::kXlsxContentType, xlsx), multipart_type);
  }
  std::filesystem::path upload_dir() const { return dir_.path() / "upload"; }
  // Regular files under the avatar folder, temp files included.
  std::vector<std::filesystem::path> avatar_files() const {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    if (!std::filesystem::is_directory(upload_dir() / "avatar")) return out;
    for (auto& e : std::filesystem::recursive_directory_iterator(upload_dir() / "avatar", ec))
      if (e.is_regular_file()) out.push_back(e.path());
    return out;
  }
  http::TestResponse upload_avatar(const std::string& bytes, const std::string& filename = "me.png") {
    return client().post("/system/user/profile/avatar", multipart("avatarfile", filename, "image/png", bytes),
                         multipart_type);
  }
  std::string admin_avatar() {
    return std::string(
        client().get("/system/user/profile").json().as_object().at("data").as_object().at("avatar").as_string());
  }
  files::Sheet sheet(std::vector<files::Row> rows) {
    files::Sheet s;
    s.header = {"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别", "帐号状态"};
    s.rows = std::move(rows);
    return s;
  }
};

}  // namespace

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
  EXPECT_EQ(
      files::read_xlsx(client().post("/system/user/export", "", "application/x-www-form-urlencoded").body).rows.size(),
      2u);
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
  EXPECT_EQ(
      r.msg(),
      "1.用户账号niangao已存在\n2.用户账号nodept导入失败：部门不存在\n3.用户账号bademail导入失败：邮箱格式不正确");
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
  auto before =
      client().get("/system/user/list?userName=round").json().as_object().at("rows").as_array()[0].as_object();
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
  EXPECT_EQ(client().post("/system/user/importData", multipart("other", "x.xlsx", "x", "y"), multipart_type).code(),
            601);
  files::Sheet wrong;
  wrong.header = {"名字"};
  wrong.rows = {{std::string("x")}};
  EXPECT_EQ(import(files::write_xlsx(wrong), 0).code(), 601);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user"), users);
}

TEST_P(UserFilesApi, AvatarIsStoredServedBackAndRecorded) {
  static const char raw[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes \r\n end";
  const std::string png(raw, sizeof raw - 1);  // embedded NULs and CR/LF must survive byte-exact
  auto r =
      client().post("/system/user/profile/avatar", multipart("avatarfile", "me.png", "image/png", png), multipart_type);
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
  auto empty =
      client().post("/system/user/profile/avatar", multipart("avatarfile", "me.png", "image/png", ""), multipart_type);
  EXPECT_EQ(empty.code(), 601);
  EXPECT_EQ(empty.msg(), "上传图片异常，请联系管理员");
  EXPECT_EQ(client().post("/system/user/profile/avatar", "not multipart", multipart_type).code(), 601);
  auto script =
      client().post("/system/user/profile/avatar",
                    multipart("avatarfile", "x.png", "image/png", "<script>alert(1)</script>"), multipart_type);
  EXPECT_EQ(script.code(), 601);
}

namespace {

const std::string tiny_png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a small image";

// The import template's header over `rows` rows whose seven cells all reference one shared string
// of `text_bytes` bytes: a few kB compressed.
std::string shared_string_workbook(std::size_t text_bytes, std::size_t rows) {
  files::ZipWriter zip;
  zip.add("_rels/.rels",
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
          "Target=\"xl/workbook.xml\"/></Relationships>");
  zip.add("xl/workbook.xml",
          "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
          "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
          "<sheets><sheet name=\"用户数据\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
  zip.add("xl/_rels/workbook.xml.rels",
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
          "Target=\"worksheets/sheet1.xml\"/>"
          "<Relationship Id=\"rId2\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
          "Target=\"sharedStrings.xml\"/></Relationships>");
  zip.add("xl/sharedStrings.xml", "<sst><si><t>" + std::string(text_bytes, 'a') + "</t></si></sst>");
  std::string xml = "<worksheet><sheetData><row>";
  for (const char* h : {"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别", "帐号状态"})
    xml += std::string("<c t=\"inlineStr\"><is><t>") + h + "</t></is></c>";
  xml += "</row>";
  for (std::size_t r = 0; r < rows; ++r) {
    xml += "<row>";
    for (int c = 0; c < 7; ++c) xml += "<c t=\"s\"><v>0</v></c>";
    xml += "</row>";
  }
  zip.add("xl/worksheets/sheet1.xml", xml + "</sheetData></worksheet>");
  return zip.finish();
}

}  // namespace

TEST_P(UserFilesApi, ImportOfAWorkbookThatExpandsPastTheLimitsIsRefusedAsTooLargeAndWritesNothing) {
  // 1 MiB behind 70k cells: 70 GB of cell text had every cell been copied.
  auto xlsx = shared_string_workbook(1u << 20, 10000);
  ASSERT_LT(xlsx.size(), 64u << 10);
  auto users = scalar("SELECT COUNT(*) FROM sys_user");
  auto r = import(xlsx, 0);
  EXPECT_EQ(r.code(), 601) << r.body.substr(0, 300);
  EXPECT_TRUE(r.msg().starts_with("导入文件过大")) << r.msg();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user"), users);
}

TEST_P(UserFilesApi, ImportOfLongSharedCellsWithinTheLimitsReportsEachRowWithoutCopyingThem) {
  // 64 kB in every cell of 100 rows (45 MB of cell text): within the reader's limits; each row fails
  // its length check.
  auto r = import(shared_string_workbook(64u << 10, 100), 0);
  ASSERT_EQ(r.code(), 200) << r.body.substr(0, 300);
  EXPECT_NE(r.msg().find("100.用户账号"), std::string::npos);
  std::size_t refused = 0;
  for (auto at = r.msg().find("导入失败"); at != std::string::npos; at = r.msg().find("导入失败", at + 1)) ++refused;
  EXPECT_EQ(refused, 100u) << r.msg().substr(0, 400);
  EXPECT_LT(r.msg().size(), 100u * 400) << "a line quotes at most a bounded prefix of the cell";
}

// The upload is unzipped and parsed on the worker pool: while the pool is busy, the parse waits
// and the loop keeps serving; it completes once a worker is free.
TEST(UserImportParse, RunsOnTheWorkerPoolAndLeavesTheLoopFree) {
  core::WorkerPool pool(1);
  std::promise<void> release;
  auto busy = release.get_future().share();
  boost::asio::post(pool.get_executor(), [busy] { busy.wait(); });

  files::Sheet s;
  s.header = {"部门编号", "登录名称", "用户名称"};
  s.rows.push_back({std::int64_t{103}, std::string("parsed"), std::string("解析")});
  auto xlsx = files::write_xlsx(s);

  boost::asio::io_context loop;
  std::optional<std::vector<system::user::ImportRow>> rows;
  auto parse = [&rows, xlsx, &pool]() -> boost::asio::awaitable<void> {
    auto reading = system::user::read_import_file(xlsx, pool);
    rows = co_await std::move(reading);
  };
  boost::asio::co_spawn(loop, parse(), boost::asio::detached);
  bool other_work_ran = false;
  boost::asio::post(loop, [&] { other_work_ran = true; });
  for (int i = 0; i < 100; ++i) loop.poll();
  EXPECT_TRUE(other_work_ran) << "the loop kept serving";
  EXPECT_FALSE(rows.has_value()) << "the parse ran on the loop instead of waiting for a worker";

  release.set_value();
  while (!rows) loop.run_one();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields.userName, "parsed");
}

TEST_P(UserFilesApi, LongImportLetsConcurrentWritesThrough) {
  // Writes wait for the writer at most this long (PoolTimeout → 503 after). The import holds the
  // writer for one chunk of rows at a time, never for the whole file.
  auto config = base_config();
  config.pool.pool_timeout = std::chrono::milliseconds(500);
  start(config);
  std::vector<files::Row> rows;
  for (int i = 0; i < 5000; ++i)
    rows.push_back({std::int64_t{105}, "bulk" + std::to_string(i), "批量" + std::to_string(i), files::Cell(),
                    files::Cell(), std::string("男"), std::string("正常")});
  rows.push_back({std::int64_t{105}, std::string("niangao"), std::string("x"), files::Cell(), files::Cell(),
                  files::Cell(), files::Cell()});
  auto xlsx = files::write_xlsx(sheet(std::move(rows)));

  std::atomic<bool> importing{true};
  std::atomic<int> writes{0}, failed{0};
  std::thread writer([&] {
    http::TestClient other(app().handler(), app().settled());
    other.set_header("Authorization", "Bearer " + token_);
    for (int n = 0; importing.load() || n == 0; ++n) {
      auto status = n % 2 == 0 ? "1" : "0";
      auto r = other.put("/system/user/changeStatus", std::string(R"({"userId":2,"status":")") + status + "\"}");
      ++writes;
      if (r.code() != 200) ++failed;
    }
  });
  auto r = import(xlsx, 0);
  importing = false;
  writer.join();
  ASSERT_EQ(r.code(), 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.msg(), "5001.用户账号niangao已存在");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user WHERE user_name LIKE 'bulk%' AND del_flag = '0'"), 5000);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM sys_user WHERE user_name = 'bulk4999' AND nick_name = '批量4999' AND dept_id = 105"),
      1);
  EXPECT_GT(writes.load(), 0);
  EXPECT_EQ(failed.load(), 0) << "a write beside the import failed";
}

TEST_P(UserFilesApi, SymlinkInTheAvatarFolderIsNotFollowed) {
  auto outside = dir_.path() / "secret.png";
  { std::ofstream(outside) << "secret"; }
  auto day = upload_dir() / "avatar" / "2026" / "01" / "01";
  std::filesystem::create_directories(day);
  std::filesystem::create_symlink(outside, day / "link.png");
  std::filesystem::create_directory_symlink(dir_.path(), upload_dir() / "avatar" / "2026" / "01" / "02");
  { std::ofstream(day / "real.png") << "real"; }

  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.get("/profile/avatar/2026/01/01/real.png").body, "real");
  auto file_link = anonymous.get("/profile/avatar/2026/01/01/link.png");
  EXPECT_EQ(file_link.status, 404u);
  EXPECT_EQ(file_link.body.find("secret"), std::string::npos);
  auto dir_link = anonymous.get("/profile/avatar/2026/01/02/secret.png");
  EXPECT_EQ(dir_link.status, 404u);
  EXPECT_EQ(dir_link.body.find("secret"), std::string::npos);
}

TEST_P(UserFilesApi, OversizeAvatarIsRefusedAndNothingWritten) {
  auto before = admin_avatar();
  std::string big = tiny_png + std::string((5u << 20) + 1 - tiny_png.size(), 'x');
  auto r = upload_avatar(big);
  EXPECT_EQ(r.code(), 601);
  EXPECT_EQ(r.msg(), "上传图片大小不能超过5MB");
  EXPECT_TRUE(avatar_files().empty());
  EXPECT_EQ(admin_avatar(), before);
  // Exactly 5 MiB is allowed.
  EXPECT_EQ(upload_avatar(big.substr(0, 5u << 20)).code(), 200);
}

TEST_P(UserFilesApi, AvatarMustBeAnImageByContentAndName) {
  static const char webp[] = "RIFF\0\0\0\0WEBPVP8 data";
  EXPECT_EQ(upload_avatar(std::string(webp, sizeof webp - 1), "me.webp").code(), 601);
  EXPECT_EQ(upload_avatar(tiny_png, "me.html").code(), 601);
  EXPECT_TRUE(avatar_files().empty());
  EXPECT_EQ(upload_avatar(tiny_png, "me.JPEG").code(), 200);
  EXPECT_EQ(upload_avatar(tiny_png, "blob").code(), 200);
}

TEST_P(UserFilesApi, NewAvatarReplacesTheOldFile) {
  auto first = upload_avatar(tiny_png);
  ASSERT_EQ(first.code(), 200) << first.body;
  auto first_url = std::string(first.json().as_object().at("imgUrl").as_string());
  auto first_file = upload_dir() / first_url.substr(std::string("/profile/").size());
  ASSERT_TRUE(std::filesystem::exists(first_file));

  auto second = upload_avatar(tiny_png + "v2");
  ASSERT_EQ(second.code(), 200) << second.body;
  auto second_url = std::string(second.json().as_object().at("imgUrl").as_string());
  EXPECT_NE(second_url, first_url);
  EXPECT_FALSE(std::filesystem::exists(first_file)) << "the old avatar is left behind";
  EXPECT_EQ(avatar_files(), std::vector<std::filesystem::path>{upload_dir() / second_url.substr(9)});
  EXPECT_EQ(admin_avatar(), second_url);
}

TEST_P(UserFilesApi, OldAvatarOutsideTheAvatarFolderIsNeverDeleted) {
  // A stored avatar value that climbs out of the folder (not one this server wrote).
  auto victim = upload_dir() / "victim.png";
  std::filesystem::create_directories(upload_dir() / "avatar");
  { std::ofstream(victim) << "keep me"; }
  test::run([this]() -> boost::asio::awaitable<void> {
    db::Session s(app().database());
    co_await s.execute("UPDATE sys_user SET avatar = '/profile/avatar/../victim.png' WHERE user_id = 1");
  }());
  ASSERT_EQ(upload_avatar(tiny_png).code(), 200);
  EXPECT_TRUE(std::filesystem::exists(victim));
}

TEST_P(UserFilesApi, AvatarWriteFailureAnswersAnErrorAndChangesNothing) {
  auto before = admin_avatar();
  // The avatar folder is a regular file: the directories cannot be made (root ignores chmod).
  std::filesystem::create_directories(upload_dir());
  { std::ofstream(upload_dir() / "avatar") << "not a directory"; }
  auto r = upload_avatar(tiny_png);
  EXPECT_NE(r.code(), 200);
  EXPECT_EQ(admin_avatar(), before);
  EXPECT_TRUE(std::filesystem::is_regular_file(upload_dir() / "avatar"));
}
