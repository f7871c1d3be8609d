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
BOOST_DESCRIBE_STRUCT(Dept, (),
                      (deptId, parentId, ancestors, deptName, orderNum, leader, phone, email, status, delFlag, createBy,
                       createTime, updateBy, updateTime))

// POST / PUT body; nullopt = not given (add: the column default; edit: unchanged). `ancestors` is
// never taken from a client: the service derives it from the parent (API.md §3.4).
struct DeptBody {
  std::optional<std::int64_t> deptId;
  std::optional<std::int64_t> parentId;
  std::optional<std::string> deptName;
  std::optional<std::int32_t> orderNum;  // order_num is an INT
  std::optional<std::string> leader;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> status;
};
BOOST_DESCRIBE_STRUCT(DeptBody, (), (deptId, parentId, deptName, orderNum, leader, phone, email, status))

// PUT /system/dept/updateSort: two comma lists of the same length, `{deptIds:"1,2", orderNums:"3,4"}`.
struct DeptSortBody {
  std::optional<std::string> deptIds;
  std::optional<std::string> orderNums;
};
BOOST_DESCRIBE_STRUCT(DeptSortBody, (), (deptIds, orderNums))

}  // namespace ruoyi::system::dept
