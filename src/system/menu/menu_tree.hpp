// Menus as the UI's tree-select nodes (treeselect, roleMenuTreeselect): [{id, label, parentId,
// children?}]. A node whose parent is not in the list is a root; siblings by orderNum then id;
// `children` only when non-empty.
#pragma once

#include "system/menu/menu_model.hpp"

#include <boost/json/array.hpp>

#include <vector>

namespace ruoyi::system::menu {

boost::json::array menu_tree_json(std::vector<Menu> menus);

}  // namespace ruoyi::system::menu
