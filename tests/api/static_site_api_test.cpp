// One binary serves the UI (docs/frontend.md): RUOYI_STATIC_DIR files for GET/HEAD, index.html for
// unknown front-end paths, the API untouched under its prefix, MIME types, cache headers, the
// precompressed .gz sibling, ranges, and nothing outside the directory.
#include "support/app_fixture.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

using namespace ruoyi;
namespace fs = std::filesystem;

namespace {

std::string bytes_of(const http::Response& r) { return r.file ? r.file->read(0, r.file->size) : r.body; }

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // +16: gzip framing
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string gunzip(const std::string& in) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string("<not gzip>");
}

const std::string kIndex =
    "<!doctype html><html><body><div id=app></div><script src=/assets/index-3f2a9c.js></script></body></html>";
const std::string kScript = "console.log('ruoyi');" + std::string(2000, ' ') + "export{}";

// A built front end in miniature, under <tmp>/dist; a secret next to it that must stay unreachable.
fs::path make_fixture(const fs::path& base) {
  auto dist = base / "dist";
  write(dist / "index.html", kIndex);
  write(dist / "assets" / "index-3f2a9c.js", kScript);
  write(dist / "assets" / "index-3f2a9c.js.gz", gzip(kScript));
  write(dist / "assets" / "index-77aa01.css", "body{margin:0}");
  write(dist / "assets" / "logo-1b2c3d.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  write(dist / "assets" / "icon-9e8d.png", "\x89PNG\r\n");
  write(dist / "assets" / "font-aa11.woff2", "wOF2");
  write(dist / "assets" / "index-3f2a9c.js.map", "{\"version\":3}");
  write(dist / "favicon.ico", "ico");
  write(dist / "manifest.json", "{}");
  write(base / "secret.txt", "secret");
  fs::create_symlink(base / "secret.txt", dist / "assets" / "leak.js");
  fs::create_directory_symlink(base, dist / "up");
  // A symlink that stays inside the directory is followed.
  fs::create_symlink(dist / "favicon.ico", dist / "favicon2.ico");
  return dist;
}

class StaticSiteApi : public test::AppTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    if (IsSkipped()) return;
    dist_ = make_fixture(dir_.path() / "site");
    auto config = base_config();
    config.server.static_dir = dist_.string();
    start(config);
    anonymous_ = std::make_unique<http::TestClient>(app().handler(), app().settled());
  }
  http::TestResponse fetch(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {},
                           http::Method method = http::Method::get) {
    http::Request request;
    request.method = method;
    request.target = path;
    request.path = path;
    for (auto& [k, v] : headers) request.headers.add(k, v);
    return anonymous_->send(std::move(request));
  }
  fs::path dist_;
  std::unique_ptr<http::TestClient> anonymous_;
};

TEST_P(StaticSiteApi, ServesFilesWithTheirMimeTypesAndCacheHeaders) {
  struct Case {
    std::string path, type;
  };
  for (auto& c : std::vector<Case>{{"/assets/index-3f2a9c.js", "text/javascript; charset=utf-8"},
                                   {"/assets/index-77aa01.css", "text/css; charset=utf-8"},
                                   {"/assets/logo-1b2c3d.svg", "image/svg+xml"},
                                   {"/assets/icon-9e8d.png", "image/png"},
                                   {"/assets/font-aa11.woff2", "font/woff2"},
                                   {"/assets/index-3f2a9c.js.map", "application/json"},
                                   {"/favicon.ico", "image/x-icon"},
                                   {"/manifest.json", "application/json"},
                                   {"/index.html", "text/html; charset=utf-8"}}) {
    auto r = fetch(c.path);
    ASSERT_EQ(r.status, 200) << c.path;
    EXPECT_EQ(r.content_type, c.type) << c.path;
    std::ifstream in(dist_ / c.path.substr(1), std::ios::binary);
    EXPECT_EQ(bytes_of(r), std::string(std::istreambuf_iterator<char>(in), {})) << c.path;
    EXPECT_EQ(r.headers.get("X-Content-Type-Options").value_or(""), "nosniff");
    auto cache = r.headers.get("Cache-Control").value_or("");
    if (c.path.starts_with("/assets/"))
      EXPECT_EQ(cache, "public, max-age=31536000, immutable") << c.path;
    else
      EXPECT_EQ(cache, "no-cache") << c.path;
  }
}

TEST_P(StaticSiteApi, UnknownFrontEndPathsGetIndexHtmlAndApiPathsTheApi) {
  for (std::string path : {"/", "/index", "/user/profile", "/dict-data/index/1", "/redirect/x"}) {
    auto r = fetch(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(bytes_of(r), kIndex) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(r.headers.get("Cache-Control").value_or(""), "no-cache") << path;
  }
  // A missing file with an extension is a 404, not index.html parsed as a script.
  EXPECT_EQ(fetch("/assets/gone-000.js").status, 404);
  // No root_path: a first segment of the API stays the API's (its 401 / 404 envelope).
  auto info = fetch("/getInfo");
  EXPECT_EQ(info.code(), 401);
  auto unknown = fetch("/system/nowhere");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.msg(), "请求的接口不存在");
  EXPECT_EQ(fetch("/tool/gen").status, 404);  // reserved though no route serves it
  // Other methods never reach the files.
  EXPECT_EQ(fetch("/index.html", {}, http::Method::post).status, 404);
  EXPECT_EQ(client().get("/getInfo").code(), 200);
}

TEST_P(StaticSiteApi, UnderARootPathTheApiIsPrefixedAndEveryOtherPathIsTheFrontEnds) {
  auto config = base_config();
  config.server.static_dir = dist_.string();
  config.server.root_path = "/prod-api/";
  start(config);
  anonymous_ = std::make_unique<http::TestClient>(app().handler(), app().settled());
  EXPECT_EQ(client().get("/prod-api/getInfo").code(), 200);
  EXPECT_EQ(client().get("/prod-api/system/nowhere").status, 404);
  // The SPA's own routes reload as index.html, also where they share a name with an API route.
  for (std::string path : {"/system/user", "/login", "/monitor/server", "/getInfo", "/prod-apix"}) {
    auto r = fetch(path);
    EXPECT_EQ(bytes_of(r), kIndex) << path;
  }
  EXPECT_EQ(bytes_of(fetch("/assets/index-77aa01.css")), "body{margin:0}");
  // The prefix itself never serves files.
  EXPECT_EQ(fetch("/prod-api/index.html").status, 404);
}

TEST_P(StaticSiteApi, GzipSiblingIsSentWhenAccepted) {
  auto plain = fetch("/assets/index-3f2a9c.js");
  EXPECT_EQ(bytes_of(plain), kScript);
  EXPECT_FALSE(plain.headers.get("Content-Encoding").has_value());
  EXPECT_EQ(plain.headers.get("Vary").value_or(""), "Accept-Encoding");

  auto gz = fetch("/assets/index-3f2a9c.js", {{"Accept-Encoding", "br, gzip;q=0.8, deflate"}});
  EXPECT_EQ(gz.headers.get("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(gz.headers.get("Vary").value_or(""), "Accept-Encoding");
  EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");
  EXPECT_LT(bytes_of(gz).size(), kScript.size());
  EXPECT_EQ(gunzip(bytes_of(gz)), kScript);

  EXPECT_FALSE(fetch("/assets/index-3f2a9c.js", {{"Accept-Encoding", "gzip;q=0"}}).headers.get("Content-Encoding"));
  // No sibling: the file as it is, no Vary.
  auto css = fetch("/assets/index-77aa01.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_FALSE(css.headers.get("Content-Encoding").has_value());
  EXPECT_FALSE(css.headers.get("Vary").has_value());
}

TEST_P(StaticSiteApi, RangesAndHead) {
  auto r = fetch("/assets/index-3f2a9c.js", {{"Range", "bytes=0-6"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(bytes_of(r), "console");
  EXPECT_EQ(r.headers.get("Content-Range").value_or(""), "bytes 0-6/" + std::to_string(kScript.size()));
  EXPECT_EQ(fetch("/favicon.ico", {{"Range", "bytes=99-"}}).status, 416);
  auto head = fetch("/index.html", {}, http::Method::head);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body_size(), kIndex.size());  // the server announces this length and sends no body
  EXPECT_EQ(head.content_type, "text/html; charset=utf-8");
}

TEST_P(StaticSiteApi, NothingOutsideTheDirectory) {
  for (std::string path : {"/../secret.txt", "/assets/../../secret.txt", "/assets/leak.js", "/up/secret.txt",
                           "/assets/..", "/assets\\..\\..\\secret.txt", "//secret.txt"}) {
    auto r = fetch(path);
    EXPECT_EQ(bytes_of(r).find("secret"), std::string::npos) << path;
    EXPECT_NE(r.status, 206) << path;
  }
  EXPECT_EQ(fetch("/../secret.txt").status, 404);
  EXPECT_EQ(fetch("/assets/leak.js").status, 404);
  // Percent-encoded dots arrive decoded (the server decodes the path first) and meet the same check.
  http::TestClient raw(app().handler(), app().settled());
  auto encoded = raw.get("/assets/%2e%2e/%2e%2e/secret.txt");
  EXPECT_EQ(bytes_of(encoded).find("secret"), std::string::npos);
  EXPECT_EQ(bytes_of(fetch("/favicon2.ico")), "ico");
}

TEST_P(StaticSiteApi, AMissingDirectoryStopsTheStart) {
  auto config = base_config();
  config.server.static_dir = (dir_.path() / "no-such-dist").string();
  EXPECT_THROW(start(config), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(Backends, StaticSiteApi, test::all_backends(), test::backend_name);

}  // namespace
