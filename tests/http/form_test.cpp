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
