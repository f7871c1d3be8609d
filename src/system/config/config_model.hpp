// sys_config as it appears on the wire, and the body that writes it.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::system::config {

struct Config {
  std::int64_t configId = 0;
  std::optional<std::string> configName;
  std::optional<std::string> configKey;
  std::optional<std::string> configValue;
  std::optional<std::string> configType;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(Config, (),
                      (configId, configName, configKey, configValue, configType, createBy, createTime, updateBy,
                       updateTime, remark))

// POST / PUT /system/config; nullopt = not given (add: the column default; edit: unchanged).
struct ConfigBody {
  std::optional<std::int64_t> configId;
  std::optional<std::string> configName;
  std::optional<std::string> configKey;
  std::optional<std::string> configValue;
  std::optional<std::string> configType;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(ConfigBody, (), (configId, configName, configKey, configValue, configType, remark))

}  // namespace ruoyi::system::config
