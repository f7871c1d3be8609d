// sys_config reads straight from the database. On the request path read settings through
// config::ConfigReader (config_reader.hpp), which serves the cached `sys_config:{key}` and uses this on a miss.
#pragma once

#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace ruoyi::system::config {

class ConfigRepository {
 public:
  explicit ConfigRepository(db::Session& db) : db_(db) {}
  // The value, or nullopt when no parameter has that key.
  boost::asio::awaitable<std::optional<std::string>> value(std::string key);

 private:
  db::Session& db_;
};

}  // namespace ruoyi::system::config
