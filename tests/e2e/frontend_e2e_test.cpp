// The real binary serving a front end and files over a real socket: RUOYI_STATIC_DIR with
// RUOYI_ROOT_PATH=/prod-api as docs/frontend.md deploys it, gzip and ranges on the wire, HEAD, the
// upload route's own body limit, an upload fetched back under the prefix.
#include "e2e/server_process.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace ruoyi;
using test::ServerProcess;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
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
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string("<not gzip>");
}

// The value of a response header (case-insensitive name), "" when absent.
std::string header(const test::RawResponse& r, std::string name) {
  std::string lowered = r.headers;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = lowered.find("\r\n" + name + ":");
  if (at == std::string::npos) return "";
  auto start = at + 3 + name.size();
  auto end = r.headers.find("\r\n", start);
  auto value = r.headers.substr(start, end - start);
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return value;
}

std::int64_t code_of(const test::RawResponse& r) {
  return boost::json::parse(r.body).as_object().at("code").as_int64();
}

TEST(FrontendE2E, ServesTheFrontEndAndTheApiUnderItsPrefix) {
  test::TempDir dir;
  auto dist = dir.path() / "dist";
  const std::string index = "<!doctype html><div id=app></div>";
  std::string script;
  for (int i = 0; i < 400; ++i) script += "export const line" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  write(dist / "index.html", index);
  write(dist / "assets" / "index-abc123.js", script);
  write(dist / "assets" / "index-abc123.js.gz", gzip(script));
  write(dir.path() / "secret.txt", "secret");

  ServerProcess server(dir.str(), test::free_port(),
                       {"RUOYI_STATIC_DIR=" + dist.string(), "RUOYI_ROOT_PATH=/prod-api", "RUOYI_BODY_LIMIT=16384",
                        "RUOYI_UPLOAD_MAX_SIZE=1048576"});
  ASSERT_TRUE(server.wait_ready());
  auto port = server.port();

  // The SPA: index.html for a history-mode route, no-cache.
  auto page = test::http_request(port, "GET", "/system/user");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, index);
  EXPECT_EQ(header(*page, "Cache-Control"), "no-cache");
  EXPECT_EQ(header(*page, "Content-Type"), "text/html; charset=utf-8");

  // gzip on the wire.
  auto gz = test::http_request(port, "GET", "/assets/index-abc123.js", {}, {}, "Accept-Encoding: gzip, br\r\n");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->status, 200);
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(*gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(*gz, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*gz, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_LT(gz->body.size(), script.size());
  EXPECT_EQ(gunzip(gz->body), script);

  // One range on the wire; an unsatisfiable one.
  auto part = test::http_request(port, "GET", "/assets/index-abc123.js", {}, {}, "Range: bytes=7-12\r\n");
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, script.substr(7, 6));
  EXPECT_EQ(header(*part, "Content-Range"), "bytes 7-12/" + std::to_string(script.size()));
  EXPECT_EQ(header(*part, "Content-Length"), "6");
  auto beyond = test::http_request(port, "GET", "/assets/index-abc123.js", {}, {}, "Range: bytes=999999-\r\n");
  EXPECT_EQ(beyond->status, 416);

  // HEAD: the length, no body.
  auto head = test::http_request(port, "HEAD", "/assets/index-abc123.js");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(header(*head, "Content-Length"), std::to_string(script.size()));
  EXPECT_TRUE(head->body.empty());

  // Traversal in the raw request line, plain and percent-encoded.
  for (std::string target : {"/../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"}) {
    auto r = test::http_request(port, "GET", target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->body.find("secret"), std::string::npos) << target;
  }

  // The API under the prefix: login, upload beyond the general body limit, fetch it back.
  auto login = test::http_request(port, "POST", "/prod-api/login", "username=admin&password=admin123",
                                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(login);
  auto token = std::string(boost::json::parse(login->body).as_object().at("token").as_string());
  auto auth = "Authorization: Bearer " + token + "\r\n";
  const std::string file(200 * 1024, 'q');  // > RUOYI_BODY_LIMIT, < RUOYI_UPLOAD_MAX_SIZE
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n" + file + "\r\n--b--\r\n";
  auto up = test::http_request(port, "POST", "/prod-api/common/upload", body, "multipart/form-data; boundary=b", auth);
  ASSERT_TRUE(up);
  ASSERT_EQ(code_of(*up), 200) << up->body;
  auto reply = boost::json::parse(up->body).as_object();
  std::string file_name(reply.at("fileName").as_string());
  EXPECT_EQ(reply.at("url").as_string(), "http://127.0.0.1/prod-api" + file_name);
  auto back = test::http_request(port, "GET", "/prod-api" + file_name, {}, {}, "Range: bytes=0-3\r\n");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 206);
  EXPECT_EQ(back->body, "qqqq");
  EXPECT_EQ(header(*back, "X-Content-Type-Options"), "nosniff");

  // Without a token this server signed, the upload route keeps the general limit too: an
  // anonymous client cannot make the server hold upload_max_bytes before the guard has run.
  for (std::string anonymous : {std::string(), std::string("Authorization: Bearer forged.token.value\r\n")}) {
    auto refused =
        test::http_request(port, "POST", "/prod-api/common/upload", body, "multipart/form-data; boundary=b", anonymous);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 413) << anonymous;
  }

  // Any other route keeps the general limit.
  auto other =
      test::http_request(port, "POST", "/prod-api/system/post", std::string(20000, ' '), "application/json", auth);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 413);
  // A file over the upload limit: refused with the contract's message, nothing stored.
  const std::string big_body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n" +
                               std::string(1024 * 1024 + 1, 'q') + "\r\n--b--\r\n";
  auto too_big =
      test::http_request(port, "POST", "/prod-api/common/upload", big_body, "multipart/form-data; boundary=b", auth);
  ASSERT_TRUE(too_big);
  EXPECT_EQ(code_of(*too_big), 500);
  EXPECT_EQ(boost::json::parse(too_big->body).as_object().at("msg").as_string(), "文件大小不能超过1MB");

  EXPECT_EQ(server.terminate(), 0);
}

}  // namespace
