// Method + path-template routing: "/system/user/{userId}". Literal segments beat `{param}`
// segments ("/system/user/profile" wins over "/system/user/{userId}"); a trailing slash is a
// segment of its own ("/system/user/" is not "/system/user"). A path that exists under another
// method yields method_not_allowed (405), one that does not yields not_found (404).
#pragma once

#include "http/request.hpp"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::http {

// What a route declares about itself: the permission the auth guard checks (empty = any
// logged-in user), whether it is public (no token needed), and its log title.
struct RouteInfo {
  std::string permission;
  bool is_public = false;
  std::string title;
  int business_type = 0;
};

template <class Target>
class Router {
public:
  struct Route {
    Method method;
    std::string pattern;
    RouteInfo info;
    Target target;
    std::vector<std::string> param_names;  // in path order; one method's `{userId}` may be another's `{userIds}`
  };

  enum class Outcome { found, not_found, method_not_allowed };
  struct Match {
    Outcome outcome = Outcome::not_found;
    const Route* route = nullptr;
  };

  void add(Method method, std::string_view pattern, Target target, RouteInfo info = {}) {
    Node* node = &root_;
    std::vector<std::string> names;
    for (auto segment : split(pattern)) {
      if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
        if (!node->param) node->param = std::make_unique<Node>();
        node = node->param.get();
        names.emplace_back(segment.substr(1, segment.size() - 2));
      } else {
        auto& child = node->literals[std::string(segment)];
        if (!child) child = std::make_unique<Node>();
        node = child.get();
      }
    }
    auto& slot = node->routes[index(method)];
    if (slot) throw std::logic_error("duplicate route: " + std::string(method_name(method)) + " " + std::string(pattern));
    slot = std::make_unique<Route>(
        Route{method, std::string(pattern), std::move(info), std::move(target), std::move(names)});
  }

  // Fills `params` with the captured segments of the matched route.
  Match match(Method method, std::string_view path, PathParams& params) const {
    auto segments = split(path);
    params.clear();
    std::vector<std::string_view> values;
    const Node* node = find(&root_, segments, 0, values);
    if (node == nullptr) return {};
    const Route* route = node->routes[index(method)].get();
    if (route == nullptr && method == Method::head) route = node->routes[index(Method::get)].get();
    if (route == nullptr) return {Outcome::method_not_allowed, nullptr};
    for (std::size_t i = 0; i < values.size() && i < route->param_names.size(); ++i)
      params.add(route->param_names[i], std::string(values[i]));
    return {Outcome::found, route};
  }

  std::size_t size() const noexcept { return count(&root_); }

  // Calls fn(method, pattern, info) for every registered route: literal children in name order,
  // then the parameter child, methods in enum order (the authorization matrix test walks this).
  template <class Fn>
  void for_each(Fn&& fn) const {
    visit(&root_, fn);
  }

private:
  struct Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;
    std::array<std::unique_ptr<Route>, 8> routes{};
    bool has_routes() const noexcept {
      for (auto& r : routes)
        if (r) return true;
      return false;
    }
  };

  static std::size_t index(Method m) noexcept { return static_cast<std::size_t>(m); }

  // "/a/b/" → ["a", "b", ""]; "/" → [""].
  static std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (true) {
      auto slash = path.find('/');
      out.push_back(path.substr(0, slash));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
    return out;
  }

  // Depth-first: literal child first, then the parameter child (backtracking when a literal
  // prefix leads nowhere). A parameter never matches an empty segment.
  static const Node* find(const Node* node, const std::vector<std::string_view>& segments, std::size_t i,
                          std::vector<std::string_view>& values) {
    if (i == segments.size()) return node->has_routes() ? node : nullptr;
    auto segment = segments[i];
    if (auto it = node->literals.find(segment); it != node->literals.end())
      if (auto* found = find(it->second.get(), segments, i + 1, values)) return found;
    if (node->param && !segment.empty()) {
      values.push_back(segment);
      if (auto* found = find(node->param.get(), segments, i + 1, values)) return found;
      values.pop_back();  // a failed branch leaves no captures behind
    }
    return nullptr;
  }

  template <class Fn>
  static void visit(const Node* node, Fn& fn) {
    for (auto& r : node->routes)
      if (r) fn(r->method, std::string_view(r->pattern), static_cast<const RouteInfo&>(r->info));
    for (auto& [_, child] : node->literals) visit(child.get(), fn);
    if (node->param) visit(node->param.get(), fn);
  }

  static std::size_t count(const Node* node) {
    std::size_t n = 0;
    for (auto& r : node->routes) n += r ? 1 : 0;
    for (auto& [_, child] : node->literals) n += count(child.get());
    if (node->param) n += count(node->param.get());
    return n;
  }

  Node root_;
};

} // namespace ruoyi::http
