// Depts as the UI's tree-select nodes: [{id, label, parentId, children?}]. A node whose parent is
// not in the list is a root; children by orderNum; `children` only when non-empty.
#pragma once

#include "system/dept/dept_model.hpp"

#include <boost/json/array.hpp>

#include <vector>

namespace ruoyi::system::dept {

boost::json::array dept_tree_json(std::vector<Dept> depts);

}  // namespace ruoyi::system::dept
