// sys_logininfor: one row per login attempt (status '0' success, '1' failure).
#pragma once

#include "core/datetime.hpp"
#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace ruoyi::system::log {

struct LoginRecord {
  std::string userName;
  std::string ipaddr;
  std::string loginLocation;
  std::string browser;
  std::string os;
  std::string status;  // '0' ok, '1' failed
  std::string msg;
  core::DateTime loginTime;
};

class LogininforRepository {
public:
  explicit LogininforRepository(db::Session& db) : db_(db) {}
  boost::asio::awaitable<void> insert(LoginRecord record);

private:
  db::Session& db_;
};

} // namespace ruoyi::system::log
