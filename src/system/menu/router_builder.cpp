#include "system/menu/router_builder.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace ruoyi::system::menu {

namespace bj = boost::json;

namespace {

struct Node {
  const Menu* menu;
  std::vector<Node> children;
};

bool is_http(std::string_view path) { return path.starts_with("http://") || path.starts_with("https://"); }
std::string path_of(const Menu& m) { return m.path.value_or(""); }
bool top(const Menu& m) { return m.parentId == 0; }
bool type_is(const Menu& m, char t) { return m.menuType && m.menuType->size() == 1 && (*m.menuType)[0] == t; }

// The top-level page shown inside Layout (is_frame = 1).
bool is_menu_frame(const Menu& m) { return top(m) && type_is(m, 'C') && m.isFrame == 1; }
// An http(s) page opened inside the app (is_frame = 1).
bool is_inner_link(const Menu& m) { return m.isFrame == 1 && is_http(path_of(m)); }

// First character upper-case, all others lower-case: "cacheList" → "Cachelist".
std::string route_name_case(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string name_of(const Menu& m) {
  auto raw = m.routeName && !m.routeName->empty() ? *m.routeName : path_of(m);
  return route_name_case(raw);
}

// "https://www.ruoyi.vip:8080/x" → "ruoyi/vip/8080/x"
std::string inner_link_path(std::string path) {
  for (std::string_view prefix : {"http://", "https://"})
    if (path.starts_with(prefix)) path.erase(0, prefix.size());
  if (path.starts_with("www.")) path.erase(0, 4);
  std::replace(path.begin(), path.end(), '.', '/');
  std::replace(path.begin(), path.end(), ':', '/');
  return path;
}

std::string router_path(const Menu& m) {
  auto path = path_of(m);
  if (!top(m) && is_inner_link(m)) return inner_link_path(path);
  if (top(m) && type_is(m, 'M') && m.isFrame == 1) return "/" + path;
  if (is_menu_frame(m)) return "/";
  return path;
}

std::string component_of(const Menu& m) {
  bool has_component = m.component && !m.component->empty();
  if (has_component && !is_menu_frame(m)) return *m.component;
  if (!has_component && !top(m) && is_inner_link(m)) return "InnerLink";
  if (!has_component && !top(m) && type_is(m, 'M')) return "ParentView";
  return "Layout";
}

bj::object meta_of(const Menu& m) {
  bj::object meta;
  meta["title"] = m.menuName;
  meta["icon"] = m.icon ? bj::value(*m.icon) : bj::value(nullptr);
  meta["noCache"] = m.isCache == 1;
  auto path = path_of(m);
  meta["link"] = is_http(path) ? bj::value(path) : bj::value(nullptr);
  return meta;
}

void put_query(bj::object& out, const Menu& m) {
  if (m.query) out["query"] = *m.query;
}

bj::array render(const std::vector<Node>& nodes);

bj::object render_one(const Node& node) {
  const Menu& m = *node.menu;
  bj::object out;
  out["name"] = is_menu_frame(m) ? std::string() : name_of(m);
  out["path"] = router_path(m);
  out["hidden"] = m.visible.value_or("0") == "1";
  bool dir_with_children = !node.children.empty() && type_is(m, 'M');
  if (dir_with_children) out["redirect"] = "noRedirect";
  out["component"] = component_of(m);
  put_query(out, m);
  if (dir_with_children) out["alwaysShow"] = true;

  if (dir_with_children) {
    out["meta"] = meta_of(m);
    out["children"] = render(node.children);
  } else if (is_menu_frame(m)) {
    out["meta"] = nullptr;
    bj::object child;
    child["path"] = path_of(m);
    child["component"] = m.component.value_or("");
    child["name"] = name_of(m);
    child["meta"] = meta_of(m);
    put_query(child, m);
    out["children"] = bj::array{std::move(child)};
  } else if (top(m) && is_inner_link(m)) {
    bj::object meta;
    meta["title"] = m.menuName;
    meta["icon"] = m.icon ? bj::value(*m.icon) : bj::value(nullptr);
    out["meta"] = std::move(meta);
    out["path"] = "/";
    bj::object child;
    child["path"] = inner_link_path(path_of(m));
    child["component"] = "InnerLink";
    child["name"] = name_of(m);
    bj::object child_meta;
    child_meta["title"] = m.menuName;
    child_meta["icon"] = m.icon ? bj::value(*m.icon) : bj::value(nullptr);
    child_meta["link"] = path_of(m);
    child["meta"] = std::move(child_meta);
    out["children"] = bj::array{std::move(child)};
  } else {
    out["meta"] = meta_of(m);
  }
  return out;
}

bj::array render(const std::vector<Node>& nodes) {
  bj::array out;
  out.reserve(nodes.size());
  for (const auto& n : nodes) out.push_back(render_one(n));
  return out;
}

std::vector<Node> children_of(std::int64_t parent, const std::multimap<std::int64_t, const Menu*>& by_parent,
                              int depth) {
  std::vector<Node> nodes;
  if (depth > 32) return nodes;  // a cycle in parent_id must not recurse forever
  auto [first, last] = by_parent.equal_range(parent);
  for (auto it = first; it != last; ++it)
    nodes.push_back(Node{it->second, children_of(it->second->menuId, by_parent, depth + 1)});
  return nodes;
}

}  // namespace

bj::array build_routers(std::vector<Menu> menus) {
  std::sort(menus.begin(), menus.end(), [](const Menu& a, const Menu& b) {
    return std::tie(a.orderNum, a.menuId) < std::tie(b.orderNum, b.menuId);
  });
  std::multimap<std::int64_t, const Menu*> by_parent;  // equal keys keep insertion (sorted) order
  for (const auto& m : menus) by_parent.emplace(m.parentId, &m);
  return render(children_of(0, by_parent, 0));
}

}  // namespace ruoyi::system::menu
