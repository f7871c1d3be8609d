// multipart/form-data parsing: browser-shaped bodies, boundary forms, byte-exact data, refusals.
#include "files/multipart.hpp"

#include <gtest/gtest.h>

using namespace ruoyi::files;

namespace {

void expect_multipart_error(std::string_view body, std::string_view content_type, std::string_view message_part,
                            const MultipartLimits& limits = {}) {
  try {
    parse_multipart(body, content_type, limits);
    FAIL() << "expected MultipartError containing '" << message_part << "'";
  } catch (const MultipartError& e) {
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

constexpr std::string_view kChromeType = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";

}  // namespace

TEST(Multipart, BrowserBodyWithFileAndTextField) {
  std::string body =
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"用户数据.xlsx\"\r\n"
      "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
      "\r\n"
      "PK\x03\x04 fake xlsx bytes\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"updateSupport\"\r\n"
      "\r\n"
      "1\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
  auto parts = parse_multipart(body, kChromeType);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "file");
  EXPECT_EQ(parts[0].filename, "用户数据.xlsx");
  EXPECT_EQ(parts[0].content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(parts[0].data, "PK\x03\x04 fake xlsx bytes");
  EXPECT_EQ(parts[1].name, "updateSupport");
  EXPECT_FALSE(parts[1].filename.has_value());
  EXPECT_EQ(parts[1].content_type, "text/plain");
  EXPECT_EQ(parts[1].data, "1");

  const Part* file = find(parts, "file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "用户数据.xlsx");
  EXPECT_EQ(find(parts, "avatarfile"), nullptr);
}

TEST(Multipart, QuotedBoundaryPreambleEpilogueAndPadding) {
  std::string body =
      "This is the preamble, ignored.\r\n"
      "--simple boundary:1 \t\r\n"  // transport padding after the delimiter
      "content-disposition: FORM-DATA; NAME=\"a\"\r\n"
      "\r\n"
      "first\r\n"
      "--simple boundary:1\r\n"
      "Content-Disposition: form-data; name=\"b\"\r\n"
      "\r\n"
      "\r\n"
      "--simple boundary:1--\r\n"
      "This is the epilogue, also ignored.\r\n--simple boundary:1\r\n";
  auto parts = parse_multipart(body, "Multipart/Form-Data; Boundary=\"simple boundary:1\"; charset=utf-8");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "a");
  EXPECT_EQ(parts[0].data, "first");
  EXPECT_EQ(parts[1].name, "b");
  EXPECT_EQ(parts[1].data, "");
}

TEST(Multipart, BinaryDataSurvivesByteExact) {
  std::string data;
  for (int i = 0; i < 256; ++i) data.push_back(static_cast<char>(i));
  // Everything that looks almost like a delimiter must stay data.
  data += "\r\n\r\n\n--\r\n--XyZ\r--XyZz\r\n-XyZ\r\n--Xy\r\n";
  data += std::string("\0\r\n\0", 4);
  std::string body =
      "--XyZz\r\nContent-Disposition: form-data; name=\"avatarfile\"; filename=\"blob\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n" +
      data + "\r\n--XyZz--";
  auto parts = parse_multipart(body, "multipart/form-data; boundary=XyZz");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data.size(), data.size());
  EXPECT_EQ(parts[0].data, data);
  EXPECT_EQ(parts[0].content_type, "application/octet-stream");
}

TEST(Multipart, EmptyFileFieldAndExtendedFilename) {
  std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"avatarfile\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"fallback.png\"; "
      "filename*=UTF-8''%E5%A4%B4%E5%83%8F.png\r\n\r\nx\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"q\"; filename=\"C:\\fakepath\\a%22b;c=d.png\"\r\n\r\ny\r\n"
      "--b--";
  auto parts = parse_multipart(body, "multipart/form-data; boundary=b");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].filename, "");
  EXPECT_EQ(parts[0].data, "");
  EXPECT_EQ(parts[1].filename, "头像.png");
  EXPECT_EQ(parts[2].filename, "C:\\fakepath\\a%22b;c=d.png") << "kept as sent: no backslash or percent decoding";
}

TEST(Multipart, OnlyTheCloseDelimiterMeansNoParts) {
  EXPECT_TRUE(parse_multipart("--b--\r\n", "multipart/form-data; boundary=b").empty());
}

TEST(Multipart, RefusesBadContentType) {
  expect_multipart_error("--b--", "application/json", "expected Content-Type multipart/form-data");
  expect_multipart_error("--b--", "multipart/form-data", "missing boundary");
  expect_multipart_error("--b--", "multipart/form-data; boundary=\"\"", "missing boundary");
  expect_multipart_error("--b--", "multipart/form-data; boundary=\"unterminated", "unterminated quoted string");
  expect_multipart_error("--b--", "multipart/form-data; boundary=" + std::string(71, 'x'), "longer than 70");
}

TEST(Multipart, RefusesMissingDelimiters) {
  std::string_view type = "multipart/form-data; boundary=b";
  expect_multipart_error("", type, "no opening boundary");
  expect_multipart_error("name=value", type, "no opening boundary");
  expect_multipart_error("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", type,
                         "missing closing boundary");
  expect_multipart_error("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--b", type,
                         "malformed delimiter line");
  expect_multipart_error("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n", type, "unterminated headers");
}

TEST(Multipart, RefusesPartsWithoutName) {
  std::string_view type = "multipart/form-data; boundary=b";
  expect_multipart_error("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", type,
                         "part 1 has no Content-Disposition");
  expect_multipart_error("--b\r\n\r\nx\r\n--b--", type, "part 1 has no Content-Disposition");
  expect_multipart_error("--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--b--", type,
                         "part 1 has no name");
  expect_multipart_error("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", type, "not form-data");
  expect_multipart_error("--b\r\nno colon here\r\n\r\nx\r\n--b--", type, "malformed header line");
}

TEST(Multipart, LimitsOnPartsAndHeaders) {
  std::string body;
  for (int i = 0; i < 3; ++i)
    body += "--b\r\nContent-Disposition: form-data; name=\"p" + std::to_string(i) + "\"\r\n\r\nv\r\n";
  body += "--b--";
  MultipartLimits two;
  two.max_parts = 2;
  expect_multipart_error(body, "multipart/form-data; boundary=b", "more than 2 parts", two);
  EXPECT_EQ(parse_multipart(body, "multipart/form-data; boundary=b").size(), 3u);

  // Built with append: `literal + string` of this size trips a false g++ 12 -Warray-bounds (PR105329).
  std::string big_header = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
  big_header.append(9000, 'p').append("\r\n\r\nv\r\n--b--");
  expect_multipart_error(big_header, "multipart/form-data; boundary=b", "exceed 8192 bytes");
}
