// The authorization matrix's vocabulary (authz_matrix_test.cpp explains the cells). Each resource
// keeps its lines in its own file, tests/api/authz_lines_<resource>.cpp, registered with
//
//   const authz::LineSource dept_lines{[] { return std::vector<authz::Line>{ ... }; }};
//
// so that a new resource adds a file instead of editing a shared list.
#pragma once

#include "http/request.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace authz {

using ruoyi::http::Method;

// A request of the matrix. In `path` and `body`, `{victim}` becomes the target user's id. A body
// `@import NAME DEPT` becomes a multipart xlsx upload with one row (DEPT `-` = empty cell).
struct Req {
  Method method;
  std::string path;
  std::string body = {};
  std::string content_type = "application/json";
};

// One (c) or (d) cell: the request and the refusal it must meet. `code` 500 = the envelope's code;
// importData answers 200 with one line per refused row, so its msg is matched as a substring.
struct Refusal {
  std::string name;
  Req req;
  std::int64_t code = 500;
  std::string msg;
};

struct Line {
  std::string route;           // "METHOD pattern", as registered
  Req sample;                  // cells (a) and (b)
  std::string no_permission;   // why (b) does not apply; required iff the route has no permission
  std::vector<Refusal> scope;  // (c)
  std::string no_scope;        // why there is no (c) cell; required when `scope` is empty (non-public)
  std::vector<Refusal> super;  // (d)
};

inline const std::string kUsersDenied = "没有权限访问用户数据";
inline const std::string kDeptDenied = "没有权限访问部门数据";
inline const std::string kRoleDenied = "没有权限访问角色数据";
inline const std::string kSuperUser = "不允许操作超级管理员用户";
inline const std::string kForm = "application/x-www-form-urlencoded";
inline const std::string kNoTarget = "no target row: the reply is filtered by scope (user_manage_api_test)";
inline const std::string kOwnRows = "acts on the caller's own rows only";
inline const std::string kPublic = "public";

// Registers a resource's lines at static initialisation (the test binary links every object).
using MakeLines = std::vector<Line> (*)();
std::vector<MakeLines>& line_sources();
struct LineSource {
  explicit LineSource(MakeLines make) { line_sources().push_back(make); }
};

}  // namespace authz
