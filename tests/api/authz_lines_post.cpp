// Authorization-matrix lines of /system/post (authz_matrix.hpp, authz_matrix_test.cpp).
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kPostNoScope = "posts have no owner and no data scope (API.md §4): the permission is the whole check";

const LineSource post_lines{[] {
  return std::vector<Line>{
      // --- system:post:*
      {"GET /system/post/list", {Method::get, "/system/post/list"}, "", {}, kPostNoScope, {}},
      {"GET /system/post/{postId}", {Method::get, "/system/post/1"}, "", {}, kPostNoScope, {}},
      {"POST /system/post",
       {Method::post, "/system/post", R"({"postCode":"m","postName":"m","postSort":9})"},
       "",
       {},
       kPostNoScope,
       {}},
      {"PUT /system/post", {Method::put, "/system/post", R"({"postId":4,"postName":"m"})"}, "", {}, kPostNoScope, {}},
      {"DELETE /system/post/{postIds}", {Method::del, "/system/post/4"}, "", {}, kPostNoScope, {}},
      {"POST /system/post/export", {Method::post, "/system/post/export", "", kForm}, "", {}, kPostNoScope, {}},
      {"GET /system/post/optionselect",
       {Method::get, "/system/post/optionselect"},
       "any logged-in user (the user form's post options)",
       {},
       kPostNoScope,
       {}},
  };
}};

}  // namespace
