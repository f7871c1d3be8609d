// sys_dict_type and sys_dict_data as they appear on the wire, and the bodies that write them.
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
BOOST_DESCRIBE_STRUCT(DictData, (),
                      (dictCode, dictSort, dictLabel, dictValue, dictType, cssClass, listClass, isDefault, status,
                       createBy, createTime, updateBy, updateTime, remark))

struct DictType {
  std::int64_t dictId = 0;
  std::optional<std::string> dictName;
  std::optional<std::string> dictType;
  std::optional<std::string> status;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(DictType, (),
                      (dictId, dictName, dictType, status, createBy, createTime, updateBy, updateTime, remark))

// POST / PUT /system/dict/type; nullopt = not given (add: the column default; edit: unchanged).
struct DictTypeBody {
  std::optional<std::int64_t> dictId;
  std::optional<std::string> dictName;
  std::optional<std::string> dictType;
  std::optional<std::string> status;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(DictTypeBody, (), (dictId, dictName, dictType, status, remark))

// POST / PUT /system/dict/data.
struct DictDataBody {
  std::optional<std::int64_t> dictCode;
  std::optional<std::int64_t> dictSort;
  std::optional<std::string> dictLabel;
  std::optional<std::string> dictValue;
  std::optional<std::string> dictType;
  std::optional<std::string> cssClass;
  std::optional<std::string> listClass;
  std::optional<std::string> isDefault;
  std::optional<std::string> status;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(DictDataBody, (),
                      (dictCode, dictSort, dictLabel, dictValue, dictType, cssClass, listClass, isDefault, status,
                       remark))

}  // namespace ruoyi::system::dict
