// /getRouters: menus → the front end's router objects (API.md §2, the table of rules).
#pragma once

#include "system/menu/menu_model.hpp"

#include <boost/json/array.hpp>

#include <vector>

namespace ruoyi::system::menu {

// `menus`: status '0' menus of types M and C. The tree is rooted at parent_id 0, children by
// order_num then id; menus whose parent is not in the list are dropped.
boost::json::array build_routers(std::vector<Menu> menus);

}  // namespace ruoyi::system::menu
