#include "system/dept/dept_tree.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace ruoyi::system::dept {

namespace bj = boost::json;

namespace {

bj::array children_json(std::int64_t parent, const std::multimap<std::int64_t, const Dept*>& by_parent, int depth) {
  bj::array out;
  if (depth > 64) return out;  // a parent_id cycle must not recurse forever
  auto [first, last] = by_parent.equal_range(parent);
  for (auto it = first; it != last; ++it) {
    const Dept& d = *it->second;
    bj::object node{{"id", d.deptId}, {"label", d.deptName.value_or("")}, {"parentId", d.parentId.value_or(0)}};
    auto kids = children_json(d.deptId, by_parent, depth + 1);
    if (!kids.empty()) node["children"] = std::move(kids);
    out.push_back(std::move(node));
  }
  return out;
}

}  // namespace

bj::array dept_tree_json(std::vector<Dept> depts) {
  std::sort(depts.begin(), depts.end(), [](const Dept& a, const Dept& b) {
    return std::pair(a.orderNum.value_or(0), a.deptId) < std::pair(b.orderNum.value_or(0), b.deptId);
  });
  std::set<std::int64_t> present;
  for (const auto& d : depts) present.insert(d.deptId);
  std::multimap<std::int64_t, const Dept*> by_parent;
  bj::array roots;
  for (const auto& d : depts) by_parent.emplace(d.parentId.value_or(0), &d);
  for (const auto& d : depts) {
    if (present.contains(d.parentId.value_or(0))) continue;
    bj::object node{{"id", d.deptId}, {"label", d.deptName.value_or("")}, {"parentId", d.parentId.value_or(0)}};
    auto kids = children_json(d.deptId, by_parent, 0);
    if (!kids.empty()) node["children"] = std::move(kids);
    roots.push_back(std::move(node));
  }
  return roots;
}

}  // namespace ruoyi::system::dept
