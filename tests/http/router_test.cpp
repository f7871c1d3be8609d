#include "http/router.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace ruoyi::http;

namespace {

struct Fixture {
  Router<int> router;
  PathParams params;
  Fixture() {
    router.add(Method::get, "/system/user/list", 1);
    router.add(Method::get, "/system/user/{userId}", 2);
    router.add(Method::get, "/system/user/profile", 3);
    router.add(Method::get, "/system/user/", 4);
    router.add(Method::get, "/system/user", 5);
    router.add(Method::post, "/system/user", 6);
    router.add(Method::get, "/system/user/authRole/{userId}", 7);
    router.add(Method::get, "/a/{x}/b", 8);
    router.add(Method::get, "/a/lit/c", 9);
  }
  int find(Method m, std::string_view path) {
    auto match = router.match(m, path, params);
    return match.route ? match.route->target : -1;
  }
};

} // namespace

TEST(Router, LiteralSegmentBeatsParameter) {
  Fixture f;
  EXPECT_EQ(f.find(Method::get, "/system/user/profile"), 3);
  EXPECT_EQ(f.find(Method::get, "/system/user/list"), 1);
  EXPECT_EQ(f.find(Method::get, "/system/user/42"), 2);
  EXPECT_EQ(f.params.get("userId"), "42");
}

TEST(Router, TrailingSlashIsItsOwnRoute) {
  Fixture f;
  EXPECT_EQ(f.find(Method::get, "/system/user/"), 4);
  EXPECT_EQ(f.find(Method::get, "/system/user"), 5);
  EXPECT_EQ(f.find(Method::post, "/system/user"), 6);
}

TEST(Router, MethodMismatchIs405AndUnknownPathIs404) {
  Fixture f;
  EXPECT_EQ(f.router.match(Method::del, "/system/user/list", f.params).outcome,
            Router<int>::Outcome::method_not_allowed);
  EXPECT_EQ(f.router.match(Method::get, "/system/nothing", f.params).outcome, Router<int>::Outcome::not_found);
  EXPECT_EQ(f.router.match(Method::get, "/system/user/1/extra", f.params).outcome, Router<int>::Outcome::not_found);
}

TEST(Router, BacktracksFromADeadLiteralBranchWithoutStaleCaptures) {
  Fixture f;
  // "/a/lit/b": the literal branch "lit" leads to /a/lit/c only, so the match falls back to {x}.
  EXPECT_EQ(f.find(Method::get, "/a/lit/b"), 8);
  EXPECT_EQ(f.params.get("x"), "lit");
  EXPECT_EQ(f.find(Method::get, "/a/lit/c"), 9);
  EXPECT_FALSE(f.params.get("x").has_value());
}

TEST(Router, ParameterNeverMatchesAnEmptySegment) {
  Fixture f;
  EXPECT_EQ(f.find(Method::get, "/system/user/authRole/"), -1);
  EXPECT_EQ(f.find(Method::get, "/system/user/authRole/7"), 7);
}

TEST(Router, HeadFallsBackToGet) {
  Fixture f;
  EXPECT_EQ(f.find(Method::head, "/system/user/list"), 1);
}

TEST(Router, DuplicateRouteIsRejected) {
  Router<int> router;
  router.add(Method::get, "/x/{id}", 1);
  EXPECT_THROW(router.add(Method::get, "/x/{id}", 2), std::logic_error);
  EXPECT_EQ(router.size(), 1u);
}

TEST(Router, EachMethodKeepsItsOwnParameterNames) {
  Router<int> router;
  router.add(Method::get, "/system/user/{userId}", 1);
  router.add(Method::del, "/system/user/{userIds}", 2);
  PathParams params;
  EXPECT_EQ(router.match(Method::get, "/system/user/7", params).route->target, 1);
  EXPECT_EQ(params.get("userId"), "7");
  EXPECT_EQ(router.match(Method::del, "/system/user/7,8", params).route->target, 2);
  EXPECT_EQ(params.get("userIds"), "7,8");
  EXPECT_FALSE(params.get("userId").has_value());
}

TEST(Router, ForEachVisitsEveryRouteOnceWithItsInfo) {
  Router<int> router;
  router.add(Method::get, "/a/{id}", 1, RouteInfo{"x:y:query", false, "甲"});
  router.add(Method::del, "/a/{ids}", 2, RouteInfo{"x:y:remove", false, "甲"});
  router.add(Method::post, "/login", 3, RouteInfo{"", true, ""});
  std::vector<std::string> seen;
  router.for_each([&](Method m, std::string_view pattern, const RouteInfo& info) {
    seen.push_back(std::string(method_name(m)) + " " + std::string(pattern) + " " + info.permission +
                   (info.is_public ? " public" : ""));
  });
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen,
            (std::vector<std::string>{"DELETE /a/{ids} x:y:remove", "GET /a/{id} x:y:query", "POST /login  public"}));
  EXPECT_EQ(seen.size(), router.size());
}
