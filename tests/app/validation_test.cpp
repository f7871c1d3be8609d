#include "common/errors.hpp"
#include "common/validation.hpp"
#include "system/user/user_service.hpp"

#include <gtest/gtest.h>

using namespace ruoyi;

TEST(Validation, CountsCharactersNotBytes) {
  EXPECT_EQ(validation::utf8_length("管理员"), 3u);
  EXPECT_EQ(validation::utf8_length("abc"), 3u);
}

TEST(Validation, HtmlTags) {
  EXPECT_TRUE(validation::has_html_tag("<script>alert(1)</script>"));
  EXPECT_TRUE(validation::has_html_tag("a<b>c"));
  EXPECT_FALSE(validation::has_html_tag("a < b > c"));
  EXPECT_FALSE(validation::has_html_tag("1<2"));
}

TEST(Validation, CleanTextIsWellFormedUtf8WithoutNul) {
  using validation::is_clean_text;
  EXPECT_TRUE(is_clean_text(""));
  EXPECT_TRUE(is_clean_text("admin"));
  EXPECT_TRUE(is_clean_text("管理员 😀 \xC2\xA9"));
  EXPECT_TRUE(is_clean_text("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_FALSE(is_clean_text(std::string_view("a\0b", 3)));
  EXPECT_FALSE(is_clean_text("\xFF"));
  EXPECT_FALSE(is_clean_text("\xC3\x28"));          // lead byte, no continuation
  EXPECT_FALSE(is_clean_text("\xE7\xAE"));          // cut short
  EXPECT_FALSE(is_clean_text("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_clean_text("\xE0\x80\xAF"));      // overlong, three bytes
  EXPECT_FALSE(is_clean_text("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_clean_text("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_clean_text("\x80"));              // stray continuation
}

TEST(Validation, RequireCleanTextNamesTheField) {
  validation::require_clean_text("userName", "admin");
  try {
    validation::require_clean_text("userName", std::string_view("\0x", 2));
    FAIL();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.code(), 601);
    EXPECT_STREQ(e.what(), "参数userName包含非法字符");
  }
  try {
    validation::require_clean_text("bad\xFF", "bad\xFF");
    FAIL();
  } catch (const ValidationError& e) {
    EXPECT_STREQ(e.what(), "请求参数名包含非法字符");  // never echoes the bad bytes
  }
}

TEST(Validation, PrintableReplacesBadBytesAndBoundsTheLength) {
  EXPECT_EQ(validation::printable(std::string_view("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(validation::printable("x\xFFy"),
            "x\xEF\xBF\xBD"
            "y");
  EXPECT_EQ(validation::printable("管理员", 2), "管理");
  EXPECT_EQ(validation::printable("abc"), "abc");
}

TEST(Validation, Emails) {
  EXPECT_TRUE(validation::is_email("niangao@qq.com"));
  EXPECT_FALSE(validation::is_email("niangao"));
  EXPECT_FALSE(validation::is_email("@qq.com"));
  EXPECT_FALSE(validation::is_email("a@b"));
  EXPECT_FALSE(validation::is_email("a b@c.d"));
}

TEST(PasswordPolicy, LengthAndForbiddenCharacters) {
  using system::user::validate_password;
  EXPECT_NO_THROW(validate_password("admin123", "0"));
  EXPECT_THROW(validate_password("12345", "0"), RuleError);
  EXPECT_THROW(validate_password(std::string(21, 'a'), "0"), RuleError);
  EXPECT_THROW(validate_password(std::nullopt, "0"), RuleError);
  EXPECT_THROW(validate_password("abc<def", "0"), ValidationError);
}

TEST(PasswordPolicy, CharacterClasses) {
  using system::user::validate_password;
  EXPECT_NO_THROW(validate_password("123456", "1"));
  EXPECT_THROW(validate_password("12345a", "1"), RuleError);
  EXPECT_NO_THROW(validate_password("abcdef", "2"));
  EXPECT_THROW(validate_password("abcde1", "2"), RuleError);
  EXPECT_NO_THROW(validate_password("abc123", "3"));
  EXPECT_THROW(validate_password("abcdef", "3"), RuleError);
  EXPECT_NO_THROW(validate_password("abc12!", "4"));
  EXPECT_THROW(validate_password("abc123", "4"), RuleError);
}
