// Authorization-matrix lines of /system/dept (authz_matrix.hpp, authz_matrix_test.cpp). The (c)
// callers sit in dept 103 with scope 3 (own dept) or 5 (self: no dept at all); dept 109 is outside
// both. Depts have no protected record, so there is no (d) cell.
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const LineSource dept_lines{[] {
  return std::vector<Line>{
      // --- system:dept:*
      {"GET /system/dept/list",
       {Method::get, "/system/dept/list"},
       "",
       {},
       "no target row: the list is filtered by scope (dept_api_test ListAndDetailFollowTheCallersDataScope)",
       {}},
      {"GET /system/dept/{deptId}",
       {Method::get, "/system/dept/109"},
       "",
       {{"read dept 109", {Method::get, "/system/dept/109"}, 500, kDeptDenied}},
       "",
       {}},
      {"GET /system/dept/list/exclude/{deptId}",
       {Method::get, "/system/dept/list/exclude/109"},
       "",
       {{"exclude dept 109", {Method::get, "/system/dept/list/exclude/109"}, 500, kDeptDenied}},
       "",
       {}},
      {"POST /system/dept",
       {Method::post, "/system/dept", R"({"parentId":103,"deptName":"m","orderNum":9})"},
       "",
       {{"add under dept 109",
         {Method::post, "/system/dept", R"({"parentId":109,"deptName":"m","orderNum":9})"},
         500,
         kDeptDenied}},
       "",
       {}},
      {"PUT /system/dept",
       {Method::put, "/system/dept", R"({"deptId":109,"leader":"m"})"},
       "",
       {{"edit dept 109", {Method::put, "/system/dept", R"({"deptId":109,"leader":"m"})"}, 500, kDeptDenied},
        {"move dept 103 under 109",
         {Method::put, "/system/dept", R"({"deptId":103,"parentId":109})"},
         500,
         kDeptDenied}},
       "",
       {}},
      {"PUT /system/dept/updateSort",
       {Method::put, "/system/dept/updateSort", R"({"deptIds":"109","orderNums":"5"})"},
       "",
       {{"sort dept 109",
         {Method::put, "/system/dept/updateSort", R"({"deptIds":"103,109","orderNums":"5,6"})"},
         500,
         kDeptDenied}},
       "",
       {}},
      {"DELETE /system/dept/{deptId}",
       {Method::del, "/system/dept/109"},
       "",
       {{"delete dept 109", {Method::del, "/system/dept/109"}, 500, kDeptDenied}},
       "",
       {}},
  };
}};

}  // namespace
