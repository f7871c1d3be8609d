// The menu write rules of API.md §3.4, as plain functions over the menus in the table: no I/O, so
// each rule is tested on its own. The controller loads the menus, merges the body into the row
// being written (the "candidate") and throws the first refusal.
#pragma once

#include "system/menu/menu_model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::menu {

// The first rule `candidate` breaks among `menus` (every row of sys_menu; the candidate's own row,
// menuId ≠ 0, is skipped), as the 500 message; nullopt = none. `creating` picks 新增 / 修改. In order:
//   parent unknown                      上级菜单不存在
//   parent = self                       修改菜单{X}失败，上级菜单不能选择自己
//   parent below self (a cycle)         修改菜单{X}失败，上级菜单不能选择自己的下级菜单
//   name taken among siblings           {V}菜单{X}失败，菜单名称已存在
//   M/C: route taken (below)            {V}菜单{X}失败，路由名称或地址已存在
//   isFrame 0 without http(s):// path   {V}菜单{X}失败，地址必须以http(s)://开头
// Route rule (M and C only, compared with the other M and C menus, case-insensitively, empty values
// never collide): the same path under the same parent, the same path anywhere when the candidate is
// at the root, or the same route name — routeName, else path — anywhere.
std::optional<std::string> refusal(const Menu& candidate, bool creating, const std::vector<Menu>& menus);

bool is_http(std::string_view path);

}  // namespace ruoyi::system::menu
