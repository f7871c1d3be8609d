#include "http/form.hpp"
#include "http/request.hpp"

#include <gtest/gtest.h>

using namespace ruoyi::http;

TEST(Form, DecodesPercentAndPlus) {
  auto form = parse_form("username=ad%20min&password=a+b%2Bc&empty=&flag");
  EXPECT_EQ(form["username"], "ad min");
  EXPECT_EQ(form["password"], "a b+c");
  EXPECT_EQ(form["empty"], "");
  EXPECT_EQ(form["flag"], "");
}

TEST(Form, KeepsMalformedEscapesAndFirstValueWins) {
  auto form = parse_form("a=%zz&a=second&b=%E4%B8%AD");
  EXPECT_EQ(form["a"], "%zz");
  EXPECT_EQ(form["b"], "中");
}

TEST(Form, BracketKeysOfTheUpstreamUi) {
  Request req;
  req.query = "params%5BbeginTime%5D=2026-01-01&pageNum=2";
  EXPECT_EQ(req.query_params().at("params[beginTime]"), "2026-01-01");
  EXPECT_EQ(req.query_params().at("pageNum"), "2");
}

TEST(Headers, LookupIgnoresCase) {
  Headers h;
  h.add("Content-Type", "application/json");
  EXPECT_EQ(h.get("content-type"), "application/json");
  h.set("CONTENT-TYPE", "text/plain");
  EXPECT_EQ(h.get("Content-Type"), "text/plain");
  EXPECT_EQ(h.items().size(), 1u);
}

TEST(DecodePath, KeepsPlusAndMalformedEscapesAndRefusesADecodedNul) {
  EXPECT_EQ(decode_path("/a+b/%E7%94%A8/%zz/%4"), "/a+b/用/%zz/%4");
  EXPECT_FALSE(decode_path("/profile/a%00.png").has_value());
}

TEST(SetTarget, SplitsTheQueryReducesTheAbsoluteFormAndStripsTheRootPath) {
  Request r;
  ASSERT_TRUE(set_target(r, "http://example.com/dev-api/system/user/list?pageNum=2", "/dev-api"));
  EXPECT_EQ(r.path, "/system/user/list");
  EXPECT_EQ(r.query, "pageNum=2");
  Request root;
  ASSERT_TRUE(set_target(root, "/dev-api", "/dev-api"));
  EXPECT_EQ(root.path, "/");
  Request other;
  ASSERT_TRUE(set_target(other, "/dev-apix/login", "/dev-api"));
  EXPECT_EQ(other.path, "/dev-apix/login");  // only a whole segment is the root path
  Request nul;
  EXPECT_FALSE(set_target(nul, "/a%00b", ""));
}
