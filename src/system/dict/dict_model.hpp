// sys_dict_data as it appears on the wire.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::system::dict {

struct DictData {
  std::int64_t dictCode = 0;
  std::int64_t dictSort = 0;
  std::optional<std::string> dictLabel;
  std::optional<std::string> dictValue;
  std::optional<std::string> dictType;
  std::optional<std::string> cssClass;
  std::optional<std::string> listClass;
  std::optional<std::string> isDefault;
  std::optional<std::string> status;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(DictData, (), (dictCode, dictSort, dictLabel, dictValue, dictType, cssClass, listClass,
                                     isDefault, status, createBy, createTime, updateBy, updateTime, remark))

} // namespace ruoyi::system::dict
