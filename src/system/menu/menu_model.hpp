// sys_menu as it appears on the wire, and the body that writes it.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::system::menu {

struct Menu {
  std::int64_t menuId = 0;
  std::string menuName;
  std::int64_t parentId = 0;
  std::int64_t orderNum = 0;
  std::optional<std::string> path;
  std::optional<std::string> component;
  std::optional<std::string> query;
  std::optional<std::string> routeName;
  std::int64_t isFrame = 1;
  std::int64_t isCache = 0;
  std::optional<std::string> menuType;
  std::optional<std::string> visible;
  std::optional<std::string> status;
  std::optional<std::string> perms;
  std::optional<std::string> icon;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(Menu, (),
                      (menuId, menuName, parentId, orderNum, path, component, query, routeName, isFrame, isCache,
                       menuType, visible, status, perms, icon, createBy, createTime, updateBy, updateTime, remark))

// POST / PUT /system/menu body; nullopt = not given (add: the column default; edit: unchanged).
// isFrame / isCache also accept "0" / "1" (the UI's radio values are strings).
struct MenuBody {
  std::optional<std::int64_t> menuId;
  std::optional<std::string> menuName;
  std::optional<std::int64_t> parentId;
  std::optional<std::int64_t> orderNum;
  std::optional<std::string> path;
  std::optional<std::string> component;
  std::optional<std::string> query;
  std::optional<std::string> routeName;
  std::optional<std::int64_t> isFrame;
  std::optional<std::int64_t> isCache;
  std::optional<std::string> menuType;
  std::optional<std::string> visible;
  std::optional<std::string> status;
  std::optional<std::string> perms;
  std::optional<std::string> icon;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(MenuBody, (),
                      (menuId, menuName, parentId, orderNum, path, component, query, routeName, isFrame, isCache,
                       menuType, visible, status, perms, icon, remark))

}  // namespace ruoyi::system::menu
