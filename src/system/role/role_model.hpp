// sys_role as it appears on the wire.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

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
BOOST_DESCRIBE_STRUCT(Role, (), (roleId, roleName, roleKey, roleSort, dataScope, menuCheckStrictly,
                                 deptCheckStrictly, status, delFlag, createBy, createTime, updateBy, updateTime,
                                 remark))

} // namespace ruoyi::system::role
