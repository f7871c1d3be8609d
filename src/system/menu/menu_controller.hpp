// /system/menu (API.md §3.3, §3.4): list, detail, tree selects, add, edit, delete, updateSort —
// the menus the caller may see (user 1 and holders of role 1: all; others: the menus of their
// active roles), the §3.4 rules (menu_rules.hpp), and no right minted by a menu editor who lacks it.
#pragma once

#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::system::menu {

// sys_menu as data: filters and field rules (its uniqueness and route rules are hand-written).
const web::Resource& menu_resource();

void register_menu_routes(web::Router& router);

}  // namespace ruoyi::system::menu
