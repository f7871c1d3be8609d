// The authenticated caller, as the auth guard resolves it for each request.
#pragma once

#include "cache/version.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ruoyi::auth {

inline constexpr std::string_view all_permissions = "*:*:*";

struct RoleScope {
  std::int64_t roleId = 0;
  std::string dataScope;  // '1' all … '5' self (API.md §4)
};

struct LoginUser {
  std::int64_t userId = 0;
  std::string userName;
  std::optional<std::int64_t> deptId;
  std::string deptName;
  std::string sessionId;
  std::int64_t tokenVersion = 0;         // the token's claim `sv` (the session_version it was issued under)
  bool superAdmin = false;               // holds active role 1 (admin)
  std::vector<std::string> roleKeys;     // active roles
  std::vector<RoleScope> roles;          // active roles with their data scope
  std::vector<std::string> permissions;  // ["*:*:*"] for role 1
  // The shared version this request read with its session: which in-process copies it may use.
  cache::Version cacheVersion;

  bool has_permission(std::string_view perm) const {
    if (perm.empty()) return true;
    for (const auto& p : permissions)
      if (p == all_permissions || p == perm) return true;
    return false;
  }
};

} // namespace ruoyi::auth
