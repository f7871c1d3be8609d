// sys_role as it appears on the wire, and the bodies that write it (/system/role, API.md §3.3).
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::role {

struct Role {
  std::int64_t roleId = 0;
  std::string roleName;
  std::string roleKey;
  std::int64_t roleSort = 0;
  std::optional<std::string> dataScope;
  std::optional<bool> menuCheckStrictly;
  std::optional<bool> deptCheckStrictly;
  std::optional<std::string> status;
  std::optional<std::string> delFlag;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(Role, (),
                      (roleId, roleName, roleKey, roleSort, dataScope, menuCheckStrictly, deptCheckStrictly, status,
                       delFlag, createBy, createTime, updateBy, updateTime, remark))

// POST / PUT /system/role, and PUT changeStatus {roleId, status}; nullopt = not given (add: the
// column default; edit: unchanged). `menuIds` given = sys_role_menu rewritten.
struct RoleBody {
  std::optional<std::int64_t> roleId;
  std::optional<std::string> roleName;
  std::optional<std::string> roleKey;
  std::optional<std::int64_t> roleSort;
  std::optional<std::string> status;
  std::optional<std::vector<std::int64_t>> menuIds;
  std::optional<bool> menuCheckStrictly;
  std::optional<bool> deptCheckStrictly;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(RoleBody, (),
                      (roleId, roleName, roleKey, roleSort, status, menuIds, menuCheckStrictly, deptCheckStrictly,
                       remark))

// PUT /system/role/dataScope: sys_role_dept rewritten, kept only for scope '2'.
struct DataScopeBody {
  std::optional<std::int64_t> roleId;
  std::optional<std::string> dataScope;
  std::optional<std::vector<std::int64_t>> deptIds;
  std::optional<bool> deptCheckStrictly;
};
BOOST_DESCRIBE_STRUCT(DataScopeBody, (), (roleId, dataScope, deptIds, deptCheckStrictly))

// PUT /system/role/authUser/cancel
struct UserRoleBody {
  std::optional<std::int64_t> userId;
  std::optional<std::int64_t> roleId;
};
BOOST_DESCRIBE_STRUCT(UserRoleBody, (), (userId, roleId))

}  // namespace ruoyi::system::role
