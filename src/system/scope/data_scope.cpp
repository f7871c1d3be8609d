#include "system/scope/data_scope.hpp"

#include "db/where.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ruoyi::system::scope {

std::optional<Predicate> data_scope(const auth::LoginUser& user, std::string_view dept_column,
                                    std::string_view user_column) {
  if (user.userId == 1) return std::nullopt;
  std::set<std::string> scopes;
  std::vector<std::int64_t> custom_roles;
  for (const auto& role : user.roles) {
    if (role.dataScope == "1") return std::nullopt;
    scopes.insert(role.dataScope);
    if (role.dataScope == "2") custom_roles.push_back(role.roleId);
  }

  Predicate out;
  std::vector<std::string> terms;
  for (const auto& scope : scopes) {
    if (scope == "2" && !custom_roles.empty()) {
      terms.push_back(fmt::format("{} IN (SELECT dept_id FROM sys_role_dept WHERE role_id IN {})", dept_column,
                                  db::placeholders(custom_roles.size())));
      for (auto id : custom_roles) out.params.push_back(db::bind(id));
    } else if (scope == "3" && user.deptId) {
      terms.push_back(fmt::format("{} = ?", dept_column));
      out.params.push_back(db::bind(*user.deptId));
    } else if (scope == "4" && user.deptId) {
      terms.push_back(fmt::format(
          "{} IN (SELECT dept_id FROM sys_dept WHERE dept_id = ? OR (',' || ancestors || ',') LIKE ?)", dept_column));
      out.params.push_back(db::bind(*user.deptId));
      out.params.push_back(db::bind(fmt::format("%,{},%", *user.deptId)));
    } else if (scope == "5" && !user_column.empty()) {
      terms.push_back(fmt::format("{} = ?", user_column));
      out.params.push_back(db::bind(user.userId));
    }
    // Any other scope value, or a scope that cannot apply (no dept), contributes FALSE.
  }
  if (terms.empty()) {
    out.sql = "1 = 0";  // no active role or nothing applicable: no rows (API.md §7)
    out.params.clear();
    return out;
  }
  out.sql = terms.front();
  for (std::size_t i = 1; i < terms.size(); ++i) out.sql += " OR " + terms[i];
  out.sql = "(" + out.sql + ")";
  return out;
}

} // namespace ruoyi::system::scope
