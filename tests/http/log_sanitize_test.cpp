// logging::safe / safe_target / acceptable_request_id: what client input may look like in a log line.
#include "common/log_sanitize.hpp"

#include <gtest/gtest.h>

using namespace ruoyi::logging;

TEST(LogSanitize, ControlCharactersAreEscapedSoNoLineCanBeForged) {
  auto text = safe("/x\r\n2026-01-01 INFO forged line\x01\x7f\tend");
  EXPECT_EQ(text, "/x\\r\\n2026-01-01 INFO forged line\\x01\\x7f\\tend");
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(LogSanitize, UnicodeLineBreaksAreEscapedAndOtherTextKept) {
  EXPECT_EQ(safe("a\xC2\x85z"), "a\\u0085z");  // NEL
  EXPECT_EQ(safe("a\xE2\x80\xA8z\xE2\x80\xA9"), "a\\u2028z\\u2029");
  EXPECT_EQ(safe("用户 admin 不存在"), "用户 admin 不存在");  // ordinary UTF-8 untouched
}

TEST(LogSanitize, LongFieldsAreCutAtACharacterBoundaryAndMarked) {
  std::string long_text(5000, 'a');
  auto text = safe(long_text);
  EXPECT_LT(text.size(), 2100u);
  EXPECT_NE(text.find("(+2952 bytes)"), std::string::npos) << text.substr(2040);
  auto cut = safe("ab用户", 4);  // "用" is 3 bytes: cut before it, never inside
  EXPECT_TRUE(cut.starts_with("ab…(+6 bytes)")) << cut;
}

TEST(LogSanitize, SecretQueryValuesAreMasked) {
  EXPECT_EQ(safe_target("/system/user/profile/updatePwd?oldPassword=admin123&newPassword=n3w%0Apw"),
            "/system/user/profile/updatePwd?oldPassword=***&newPassword=***");
  EXPECT_EQ(safe_target("/x?PWD=a&userName=bob&pass%77ord=b&old%50wd=c&passwd=d"),
            "/x?PWD=***&userName=bob&pass%77ord=***&old%50wd=***&passwd=***");
  EXPECT_EQ(safe_target("/x?pageNum=1&pageSize=10"), "/x?pageNum=1&pageSize=10");
  EXPECT_EQ(safe_target("/plain/path"), "/plain/path");
  // The path part is escaped as well.
  EXPECT_EQ(safe_target("/a\nb?password=x\r\n"), "/a\\nb?password=***");
}

TEST(LogSanitize, SecretKeysAreRecognisedWhateverTheirCaseOrEncoding) {
  EXPECT_TRUE(is_secret_key("password"));
  EXPECT_TRUE(is_secret_key("newPassword"));
  EXPECT_TRUE(is_secret_key("user%5Bpwd%5D"));
  EXPECT_TRUE(is_secret_key("PassWd"));
  EXPECT_FALSE(is_secret_key("userName"));
  EXPECT_FALSE(is_secret_key("pass"));
}

TEST(LogSanitize, RequestIdsAreShortAndPlain) {
  EXPECT_TRUE(acceptable_request_id("trace-abc-123"));
  EXPECT_TRUE(acceptable_request_id("a.b:c_d"));
  EXPECT_FALSE(acceptable_request_id(""));
  EXPECT_FALSE(acceptable_request_id(std::string(65, 'a')));
  EXPECT_FALSE(acceptable_request_id("id\nINFO forged"));
  EXPECT_FALSE(acceptable_request_id("has space"));
  EXPECT_FALSE(acceptable_request_id("quote\"d"));
  EXPECT_FALSE(acceptable_request_id("rid=x"));
}

// A lead byte must not swallow the bytes after it unless they are continuation bytes: "\xC3\n"
// once passed the LF through as the second byte of a "character", forging a line.
TEST(LogSanitize, AMalformedUtf8LeadNeverCarriesAControlCharacterThrough) {
  EXPECT_EQ(safe("/x\xC3\nfake INFO line"), "/x\\xc3\\nfake INFO line");
  EXPECT_EQ(safe("/x\xE4\r\nfake"), "/x\\xe4\\r\\nfake");
  EXPECT_EQ(safe("/x\xF0\x9F\nz"), "/x\\xf0\\x9f\\nz");
  EXPECT_EQ(safe("\x80\xC0\xAF\xFF"), "\\x80\\xc0\\xaf\\xff");  // stray continuation, overlong, never-valid
  EXPECT_EQ(safe("\xE4\xB8"), "\\xe4\\xb8");                    // a sequence cut short at the end
  for (auto text : {safe("/x\xC3\nfake"), safe("\xE4\r\n"), safe("\xF0\x9F\x98\n")})
    EXPECT_EQ(text.find_first_of("\r\n"), std::string::npos) << text;
}
