#include "system/menu/menu_tree.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace ruoyi::system::menu {

namespace bj = boost::json;

namespace {

using ByParent = std::multimap<std::int64_t, const Menu*>;  // equal keys keep insertion (sorted) order

bj::object node_json(const Menu& m, const ByParent& by_parent, int depth);

bj::array children_json(std::int64_t parent, const ByParent& by_parent, int depth) {
  bj::array out;
  if (depth > 64) return out;  // a parent_id cycle must not recurse forever
  auto [first, last] = by_parent.equal_range(parent);
  for (auto it = first; it != last; ++it) out.push_back(node_json(*it->second, by_parent, depth + 1));
  return out;
}

bj::object node_json(const Menu& m, const ByParent& by_parent, int depth) {
  bj::object node{{"id", m.menuId}, {"label", m.menuName}, {"parentId", m.parentId}};
  auto kids = children_json(m.menuId, by_parent, depth);
  if (!kids.empty()) node["children"] = std::move(kids);
  return node;
}

}  // namespace

bj::array menu_tree_json(std::vector<Menu> menus) {
  std::sort(menus.begin(), menus.end(), [](const Menu& a, const Menu& b) {
    return std::tie(a.orderNum, a.menuId) < std::tie(b.orderNum, b.menuId);
  });
  std::set<std::int64_t> present;
  ByParent by_parent;
  for (const auto& m : menus) {
    present.insert(m.menuId);
    by_parent.emplace(m.parentId, &m);
  }
  bj::array roots;
  for (const auto& m : menus)
    if (!present.contains(m.parentId)) roots.push_back(node_json(m, by_parent, 0));
  return roots;
}

}  // namespace ruoyi::system::menu
