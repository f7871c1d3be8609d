// /common/upload, /common/download, /common/download/resource and /profile/upload/** (API.md §3.9):
// stored names, refusals that store nothing, traversal refused, the download headers, ranges.
#include "core/datetime.hpp"
#include "http/file_response.hpp"
#include "monitor/operlog/oper_log_writer.hpp"
#include "support/app_fixture.hpp"
#include "system/common/common_files_controller.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace ruoyi;
namespace fs = std::filesystem;

namespace {

const std::string boundary = "----ruoyiCommonBoundary";
const std::string multipart_type = "multipart/form-data; boundary=" + boundary;

std::string multipart(const std::string& field, const std::string& filename, const std::string& data) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--" + boundary + "--\r\n";
}

// The bytes of a reply, streamed file or not.
std::string bytes_of(const http::Response& r) { return r.file ? r.file->read(0, r.file->size) : r.body; }

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::size_t files_under(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

class CommonFilesApi : public test::AppTest {
 protected:
  fs::path upload_root() { return fs::path(app().config().upload_path()); }
  fs::path download_root() { return fs::path(app().config().download_path()); }
  http::TestResponse upload(const std::string& filename, const std::string& data) {
    return client().post("/common/upload", multipart("file", filename, data), multipart_type);
  }
  http::TestResponse get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request request;
    request.method = http::Method::get;
    request.target = target;
    auto q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) request.query = target.substr(q + 1);
    request.headers.add("Authorization", "Bearer " + token_);
    for (auto& [k, v] : headers) request.headers.add(k, v);
    return client().send(std::move(request));
  }
  void expect_download_headers(const http::TestResponse& r) {
    EXPECT_EQ(r.content_type, "application/octet-stream");
    EXPECT_EQ(r.headers.get("X-Content-Type-Options").value_or(""), "nosniff");
    EXPECT_EQ(r.headers.get("Content-Security-Policy").value_or(""), "sandbox; default-src 'none'");
    EXPECT_EQ(r.headers.get("X-Frame-Options").value_or(""), "DENY");
    EXPECT_TRUE(r.headers.get("Content-Disposition").value_or("").starts_with("attachment; filename*=UTF-8''"));
    EXPECT_TRUE(r.headers.get("download-filename").has_value());
  }
};

TEST_P(CommonFilesApi, UploadStoresUnderTodayWithAGeneratedNameAndServesItBack) {
  auto r = upload("C:\\docs\\报告 final.PDF", "%PDF-1.4 hello");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto body = r.json().as_object();
  std::string file_name(body.at("fileName").as_string());
  std::string new_name(body.at("newFileName").as_string());
  EXPECT_EQ(body.at("originalFilename").as_string(), "报告 final.PDF");
  std::regex shape(R"(/profile/upload/\d{4}/\d{2}/\d{2}/报告 final_\d{14}A\d{3}\.pdf)");
  EXPECT_TRUE(std::regex_match(file_name, shape)) << file_name;
  EXPECT_TRUE(file_name.ends_with("/" + new_name));
  auto today = core::DateTime::now().date();
  EXPECT_EQ(file_name.substr(16, 10), today.substr(0, 4) + "/" + today.substr(5, 2) + "/" + today.substr(8, 2));
  EXPECT_EQ(body.at("url").as_string(), "http://localhost" + file_name);
  EXPECT_FALSE(body.contains("data"));

  auto stored = upload_root() / file_name.substr(std::string("/profile/").size());
  ASSERT_TRUE(fs::is_regular_file(stored));
  std::ifstream in(stored, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "%PDF-1.4 hello");
  // No temp file left next to it.
  EXPECT_EQ(files_under(upload_root() / "upload"), 1u);

  // Served back at /profile/upload/** without a token, and through /common/download/resource.
  http::TestClient anonymous(app().handler(), app().settled());
  auto served = anonymous.get(file_name);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(bytes_of(served), "%PDF-1.4 hello");
  EXPECT_EQ(served.content_type, "application/pdf");
  EXPECT_EQ(served.headers.get("X-Content-Type-Options").value_or(""), "nosniff");
  auto resource = get("/common/download/resource?resource=" + http::percent_encode(file_name));
  ASSERT_EQ(resource.status, 200) << resource.body;
  EXPECT_EQ(bytes_of(resource), "%PDF-1.4 hello");
  expect_download_headers(resource);
  EXPECT_EQ(resource.headers.get("Content-Disposition").value_or(""),
            "attachment; filename*=UTF-8''" + http::percent_encode(new_name));
  // Not oper-logged (§3.5): nothing was even queued for the log.
  EXPECT_EQ(app().oper_log().stats().submitted, 0u);
}

TEST_P(CommonFilesApi, UploadRefusalsStoreNothing) {
  auto bad_type = upload("run.exe", "MZ");
  EXPECT_EQ(bad_type.code(), 500);
  EXPECT_EQ(bad_type.msg(), "文件类型不合法");
  EXPECT_EQ(upload("noext", "x").msg(), "文件类型不合法");
  EXPECT_EQ(upload("a.png.sh", "x").msg(), "文件类型不合法");
  auto missing = client().post("/common/upload", multipart("other", "a.png", "x"), multipart_type);
  EXPECT_EQ(missing.code(), 601);
  EXPECT_EQ(client().post("/common/upload", "garbage", multipart_type).code(), 601);
  EXPECT_EQ(files_under(upload_root()), 0u);

  // The size limit (100 MiB by default; 1 MiB here to keep the test small).
  auto config = base_config();
  config.upload_max_bytes = 1024 * 1024;
  start(config);
  auto big = upload("big.zip", std::string(1024 * 1024 + 1, 'z'));
  EXPECT_EQ(big.code(), 500);
  EXPECT_EQ(big.msg(), "文件大小不能超过1MB");
  EXPECT_EQ(files_under(upload_root()), 0u);
  EXPECT_EQ(upload("fits.zip", std::string(1024 * 1024, 'z')).code(), 200);
  EXPECT_EQ(files_under(upload_root()), 1u);
}

TEST_P(CommonFilesApi, UploadWithoutATokenIs401AndStoresNothing) {
  http::TestClient anonymous(app().handler(), app().settled());
  auto r = anonymous.post("/common/upload", multipart("file", "a.png", "x"), multipart_type);
  EXPECT_EQ(r.code(), 401);
  EXPECT_EQ(files_under(upload_root()), 0u);
}

TEST_P(CommonFilesApi, StoredNamesAreSanitised) {
  EXPECT_EQ(system::common::stored_stem("a<b>c:d\"e|f?g*h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(system::common::stored_stem("..evil..name"), "evil_name");
  EXPECT_EQ(system::common::stored_stem(" ._ "), "file");
  EXPECT_EQ(system::common::stored_stem(std::string("a\x01"
                                                    "b",
                                                    3)),
            "a_b");
  EXPECT_EQ(system::common::stored_stem(std::string(150, 'x')).size(), 100u);
  // 100 characters, cut at a character boundary within 200 bytes.
  std::string chinese;
  for (int i = 0; i < 120; ++i) chinese += "文";
  EXPECT_EQ(system::common::stored_stem(chinese).size(), 198u);

  auto r = upload("..%2F..<x>.txt", "t");
  ASSERT_EQ(r.code(), 200) << r.body;
  std::string name(r.json().as_object().at("newFileName").as_string());
  EXPECT_TRUE(name.starts_with("%2F__x_")) << name;
  EXPECT_EQ(name.find('<'), std::string::npos);
  EXPECT_EQ(name.find(".."), std::string::npos);
}

TEST_P(CommonFilesApi, UploadRateLimitIsPerUserAnd429) {
  auto config = base_config();
  config.upload_rate_limit = {2, std::chrono::seconds(60)};
  start(config);
  EXPECT_EQ(upload("a.txt", "1").code(), 200);
  EXPECT_EQ(upload("b.txt", "2").code(), 200);
  auto refused = upload("c.txt", "3");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.code(), 429);
  EXPECT_EQ(refused.msg(), "请求过于频繁，请稍后再试");
  EXPECT_EQ(files_under(upload_root()), 2u);
  // 0 = off.
  config = base_config();
  config.upload_rate_limit = {0, std::chrono::seconds(60)};
  start(config);
  for (int i = 0; i < 30; ++i) ASSERT_EQ(upload("n.txt", "n").code(), 200);
}

TEST_P(CommonFilesApi, DownloadServesTheDownloadDirAndDeletesOnRequest) {
  write(download_root() / "report.xlsx", "xlsx-bytes");
  write(download_root() / "sub" / "报表.txt", "中文");
  auto r = get("/common/download?fileName=report.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bytes_of(r), "xlsx-bytes");
  expect_download_headers(r);
  EXPECT_TRUE(fs::exists(download_root() / "report.xlsx"));

  auto nested = get("/common/download?fileName=" + http::percent_encode("sub\\报表.txt"));
  ASSERT_EQ(nested.status, 200) << nested.body;
  EXPECT_EQ(bytes_of(nested), "中文");
  EXPECT_EQ(nested.headers.get("Content-Disposition").value_or(""),
            "attachment; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.txt");

  auto once = get("/common/download?fileName=report.xlsx&delete=true");
  ASSERT_EQ(once.status, 200);
  EXPECT_EQ(bytes_of(once), "xlsx-bytes");  // the open file outlives its name
  EXPECT_FALSE(fs::exists(download_root() / "report.xlsx"));
  auto gone = get("/common/download?fileName=report.xlsx");
  EXPECT_EQ(gone.code(), 500);
  EXPECT_EQ(gone.msg(), "文件名称不合法或文件不存在");
  EXPECT_EQ(gone.content_type, "application/json");
}

TEST_P(CommonFilesApi, TraversalIsRefusedEverywhere) {
  write(dir_.path() / "secret.txt", "secret");
  write(upload_root() / "upload" / "2024" / "01" / "01" / "ok_20240101000000A001.txt", "ok");
  write(download_root() / "ok.txt", "ok");
  fs::create_directories(download_root() / "dir");
  fs::create_symlink(dir_.path() / "secret.txt", download_root() / "link.txt");
  fs::create_directory_symlink(dir_.path(), download_root() / "out");
  fs::create_symlink(dir_.path() / "secret.txt",
                     upload_root() / "upload" / "2024" / "01" / "01" / "s_20240101000000A001.txt");

  for (std::string name :
       {"../secret.txt", "..%2Fsecret.txt", "%2E%2E/secret.txt", "..\\secret.txt", "%2Fetc%2Fpasswd", "/etc/passwd",
        "C:%5Cwindows", "link.txt", "out/secret.txt", "./ok.txt", "dir//ok.txt", "dir", ""}) {
    auto r = get("/common/download?fileName=" + name);
    EXPECT_EQ(r.code(), 500) << name;
    EXPECT_EQ(r.msg(), "文件名称不合法或文件不存在") << name;
    EXPECT_EQ(bytes_of(r).find("secret"), std::string::npos) << name;
  }
  EXPECT_EQ(get("/common/download?fileName=ok.txt%00").code(), 601);  // NUL: refused as input
  EXPECT_TRUE(fs::exists(dir_.path() / "secret.txt"));
  // delete=true through a symlink removes nothing.
  EXPECT_EQ(get("/common/download?fileName=link.txt&delete=true").code(), 500);
  EXPECT_TRUE(fs::is_symlink(download_root() / "link.txt"));

  auto resource = [&](const std::string& v) { return get("/common/download/resource?resource=" + v); };
  EXPECT_EQ(resource("/etc/passwd").msg(), "资源路径不合法");
  EXPECT_EQ(resource("").msg(), "资源路径不合法");
  EXPECT_EQ(resource("/profile/upload/../../secret.txt").msg(), "资源路径不合法或文件不存在");
  EXPECT_EQ(resource("/profile/upload/%2E%2E/%2E%2E/secret.txt").msg(), "资源路径不合法或文件不存在");
  EXPECT_EQ(resource("/profile//etc/passwd").msg(), "资源路径不合法或文件不存在");
  EXPECT_EQ(resource("/profile/upload/2024/01/01/plain.txt").msg(), "资源文件名称不合法");
  EXPECT_EQ(resource("/profile/upload/2024/01/01/s_20240101000000A001.txt").msg(), "资源路径不合法或文件不存在");
  EXPECT_EQ(resource("/profile/upload/2024/01/01/missing_20240101000000A001.txt").msg(), "资源路径不合法或文件不存在");
  auto ok = resource("/profile/upload/2024/01/01/ok_20240101000000A001.txt");
  EXPECT_EQ(bytes_of(ok), "ok");

  // /profile/upload/**: `..` (decoded by the server), a symlink, a missing file → 404, never the secret.
  http::TestClient anonymous(app().handler(), app().settled());
  for (std::string path : {"/profile/upload/2024/01/../../../secret.txt", "/profile/upload/2024/01/01/..",
                           "/profile/upload/2024/01/01/s_20240101000000A001.txt", "/profile/upload/x/y/z/none.txt"}) {
    auto r = anonymous.get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(bytes_of(r).find("secret"), std::string::npos) << path;
  }
}

TEST_P(CommonFilesApi, ProfileUploadSendsHtmlAsASandboxedAttachment) {
  auto r = upload("page.html", "<script>alert(1)</script>");
  ASSERT_EQ(r.code(), 200);
  std::string file_name(r.json().as_object().at("fileName").as_string());
  http::TestClient anonymous(app().handler(), app().settled());
  auto served = anonymous.get(file_name);
  ASSERT_EQ(served.status, 200);
  EXPECT_TRUE(served.headers.get("Content-Disposition").value_or("").starts_with("attachment;"));
  EXPECT_EQ(served.headers.get("Content-Security-Policy").value_or(""), "sandbox; default-src 'none'");
  EXPECT_EQ(served.headers.get("X-Content-Type-Options").value_or(""), "nosniff");
  auto png = upload("p.png", "\x89PNG");
  auto img = anonymous.get(std::string(png.json().as_object().at("fileName").as_string()));
  EXPECT_EQ(img.content_type, "image/png");
  EXPECT_FALSE(img.headers.get("Content-Disposition").has_value());
}

TEST_P(CommonFilesApi, OneRangeIs206AndAnUnsatisfiableOneIs416) {
  write(download_root() / "r.txt", "0123456789");
  auto part = get("/common/download?fileName=r.txt", {{"Range", "bytes=2-5"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(bytes_of(part), "2345");
  EXPECT_EQ(part.headers.get("Content-Range").value_or(""), "bytes 2-5/10");
  EXPECT_EQ(bytes_of(get("/common/download?fileName=r.txt", {{"Range", "bytes=7-"}})), "789");
  EXPECT_EQ(bytes_of(get("/common/download?fileName=r.txt", {{"Range", "bytes=-3"}})), "789");
  EXPECT_EQ(bytes_of(get("/common/download?fileName=r.txt", {{"Range", "bytes=8-100"}})), "89");
  auto beyond = get("/common/download?fileName=r.txt", {{"Range", "bytes=10-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.headers.get("Content-Range").value_or(""), "bytes */10");
  EXPECT_FALSE(beyond.file.has_value());
  // Several ranges or a malformed one: the whole file.
  auto many = get("/common/download?fileName=r.txt", {{"Range", "bytes=0-1,3-4"}});
  EXPECT_EQ(many.status, 200);
  EXPECT_EQ(bytes_of(many), "0123456789");
  EXPECT_EQ(get("/common/download?fileName=r.txt", {{"Range", "bytes=5-2"}}).status, 200);
  EXPECT_EQ(get("/common/download?fileName=r.txt", {{"Range", "items=1-2"}}).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommonFilesApi, test::all_backends(), test::backend_name);

}  // namespace
