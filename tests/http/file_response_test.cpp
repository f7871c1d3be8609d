// http::apply_range, mime_type and attachment_disposition: the pieces every file route shares.
#include "http/file_response.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace ruoyi;

namespace {

http::Response file_of(const test::TempDir& dir, const std::string& bytes) {
  auto path = dir.path() / "f.bin";
  std::ofstream(path, std::ios::binary) << bytes;
  http::Response r;
  r.file = http::FileBody::open(path.string());
  return r;
}

std::string ranged(const test::TempDir& dir, const std::string& header, unsigned* status = nullptr,
                   std::string* content_range = nullptr) {
  auto r = file_of(dir, "0123456789");
  http::apply_range(r, header);
  if (status) *status = r.status;
  if (content_range) *content_range = std::string(r.headers.get("Content-Range").value_or(""));
  EXPECT_EQ(r.headers.get("Accept-Ranges").value_or(""), "bytes");
  return r.file ? r.file->read(0, 64) : "<none>";
}

}  // namespace

TEST(FileResponse, OneRangeNarrowsTheFile) {
  test::TempDir dir;
  unsigned status = 0;
  std::string cr;
  EXPECT_EQ(ranged(dir, "bytes=0-0", &status, &cr), "0");
  EXPECT_EQ(status, 206u);
  EXPECT_EQ(cr, "bytes 0-0/10");
  EXPECT_EQ(ranged(dir, "bytes=3-", &status, &cr), "3456789");
  EXPECT_EQ(cr, "bytes 3-9/10");
  EXPECT_EQ(ranged(dir, "bytes=-2", &status, &cr), "89");
  EXPECT_EQ(ranged(dir, "bytes=-20", &status, &cr), "0123456789");
  EXPECT_EQ(status, 206u);
  EXPECT_EQ(ranged(dir, "BYTES=4-6", &status), "456");
}

TEST(FileResponse, UnsatisfiableIs416AndInvalidIsIgnored) {
  test::TempDir dir;
  unsigned status = 0;
  std::string cr;
  EXPECT_EQ(ranged(dir, "bytes=10-12", &status, &cr), "<none>");
  EXPECT_EQ(status, 416u);
  EXPECT_EQ(cr, "bytes */10");
  EXPECT_EQ(ranged(dir, "bytes=-0", &status), "<none>");
  EXPECT_EQ(status, 416u);
  for (std::string invalid :
       {"bytes=1-2,4-5", "bytes=5-1", "bytes=a-b", "bytes=", "lines=1-2", "bytes=-", "bytes=99999999999999999999-"}) {
    EXPECT_EQ(ranged(dir, invalid, &status), "0123456789") << invalid;
    EXPECT_EQ(status, 200u) << invalid;
  }
}

TEST(FileResponse, MimeTypesAndAttachmentNames) {
  EXPECT_EQ(http::mime_type("app.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(http::mime_type("/assets/x.woff2"), "font/woff2");
  EXPECT_EQ(http::mime_type("a.svg"), "image/svg+xml");
  EXPECT_EQ(http::mime_type("a.js.map"), "application/json");
  EXPECT_EQ(http::mime_type("noext"), "application/octet-stream");
  EXPECT_EQ(http::mime_type("a.exe"), "application/octet-stream");
  EXPECT_EQ(http::attachment_disposition("报 表.xlsx"), "attachment; filename*=UTF-8''%E6%8A%A5%20%E8%A1%A8.xlsx");
  EXPECT_EQ(http::attachment_disposition("a\"b;c"), "attachment; filename*=UTF-8''a%22b%3Bc");
}
