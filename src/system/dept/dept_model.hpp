// sys_dept as it appears on the wire (a "row": every column, null when NULL).
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::system::dept {

struct Dept {
  std::int64_t deptId = 0;
  std::optional<std::int64_t> parentId;
  std::optional<std::string> ancestors;
  std::optional<std::string> deptName;
  std::optional<std::int64_t> orderNum;
  std::optional<std::string> leader;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> status;
  std::optional<std::string> delFlag;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
};
BOOST_DESCRIBE_STRUCT(Dept, (), (deptId, parentId, ancestors, deptName, orderNum, leader, phone, email, status,
                                 delFlag, createBy, createTime, updateBy, updateTime))

} // namespace ruoyi::system::dept
