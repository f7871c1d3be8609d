// sys_oper_log as the operation-log page reads it (API.md §3.5, §5).
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::monitor::operlog {

struct OperLog {
  std::int64_t operId = 0;
  std::optional<std::string> title;
  std::int64_t businessType = 0;
  std::optional<std::string> method;
  std::optional<std::string> requestMethod;
  std::int64_t operatorType = 0;
  std::optional<std::string> operName;
  std::optional<std::string> deptName;
  std::optional<std::string> operUrl;
  std::optional<std::string> operIp;
  std::optional<std::string> operLocation;
  std::optional<std::string> operParam;
  std::optional<std::string> jsonResult;
  std::int64_t status = 0;
  std::optional<std::string> errorMsg;
  std::optional<core::DateTime> operTime;
  std::int64_t costTime = 0;
};
BOOST_DESCRIBE_STRUCT(OperLog, (),
                      (operId, title, businessType, method, requestMethod, operatorType, operName, deptName, operUrl,
                       operIp, operLocation, operParam, jsonResult, status, errorMsg, operTime, costTime))

// The log is written by the server only: no body is ever read. Routes<Row, Body> wants one type.
struct OperLogBody {
  std::optional<std::int64_t> operId;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(OperLogBody, (), (operId, title))

}  // namespace ruoyi::monitor::operlog
