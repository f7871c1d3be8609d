#include "system/menu/menu_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace ruoyi::system::menu {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool routable(const Menu& m) { return m.menuType == "M" || m.menuType == "C"; }

// routeName, else path (the name /getRouters gives the route).
std::string route_name_of(const Menu& m) {
  if (m.routeName && !m.routeName->empty()) return lower(*m.routeName);
  return lower(m.path.value_or(""));
}

bool same_non_empty(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

bool route_taken(const Menu& c, const std::vector<Menu>& menus) {
  const auto path = lower(c.path.value_or(""));
  const auto name = route_name_of(c);
  for (const auto& m : menus) {
    if (m.menuId == c.menuId || !routable(m)) continue;
    const auto other_path = lower(m.path.value_or(""));
    if (same_non_empty(path, other_path) && (m.parentId == c.parentId || c.parentId == 0)) return true;
    if (same_non_empty(name, route_name_of(m))) return true;
  }
  return false;
}

// Is `parent` the candidate itself or one of its descendants? Walks up from `parent`.
bool below_self(std::int64_t self, std::int64_t parent, const std::map<std::int64_t, std::int64_t>& parent_of) {
  std::set<std::int64_t> seen;
  for (auto at = parent; at != 0 && seen.insert(at).second;) {
    if (at == self) return true;
    auto it = parent_of.find(at);
    if (it == parent_of.end()) return false;
    at = it->second;
  }
  return false;
}

}  // namespace

bool is_http(std::string_view path) { return path.starts_with("http://") || path.starts_with("https://"); }

std::optional<std::string> refusal(const Menu& c, bool creating, const std::vector<Menu>& menus) {
  const char* verb = creating ? "新增" : "修改";
  const auto& x = c.menuName;
  std::map<std::int64_t, std::int64_t> parent_of;
  for (const auto& m : menus) parent_of.emplace(m.menuId, m.parentId);

  if (c.parentId != 0 && !parent_of.contains(c.parentId)) return std::string("上级菜单不存在");
  if (!creating && c.parentId == c.menuId) return fmt::format("修改菜单{}失败，上级菜单不能选择自己", x);
  if (!creating && below_self(c.menuId, c.parentId, parent_of))
    return fmt::format("修改菜单{}失败，上级菜单不能选择自己的下级菜单", x);

  const bool name_taken = std::any_of(menus.begin(), menus.end(), [&](const Menu& m) {
    return m.menuId != c.menuId && m.parentId == c.parentId && m.menuName == c.menuName;
  });
  if (name_taken) return fmt::format("{}菜单{}失败，菜单名称已存在", verb, x);
  if (routable(c) && route_taken(c, menus)) return fmt::format("{}菜单{}失败，路由名称或地址已存在", verb, x);
  if (c.isFrame == 0 && !is_http(c.path.value_or("")))
    return fmt::format("{}菜单{}失败，地址必须以http(s)://开头", verb, x);
  return std::nullopt;
}

}  // namespace ruoyi::system::menu
