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
