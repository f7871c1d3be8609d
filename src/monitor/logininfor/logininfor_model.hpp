// sys_logininfor as the login-log page reads it (API.md §3.5, §5).
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::monitor::logininfor {

struct Logininfor {
  std::int64_t infoId = 0;
  std::optional<std::string> userName;
  std::optional<std::string> ipaddr;
  std::optional<std::string> loginLocation;
  std::optional<std::string> browser;
  std::optional<std::string> os;
  std::optional<std::string> status;
  std::optional<std::string> msg;
  std::optional<core::DateTime> loginTime;
};
BOOST_DESCRIBE_STRUCT(Logininfor, (), (infoId, userName, ipaddr, loginLocation, browser, os, status, msg, loginTime))

// Written by login only: no body is ever read. Routes<Row, Body> wants one type.
struct LogininforBody {
  std::optional<std::int64_t> infoId;
  std::optional<std::string> userName;
};
BOOST_DESCRIBE_STRUCT(LogininforBody, (), (infoId, userName))

}  // namespace ruoyi::monitor::logininfor
