#include "system/role/role_repository.hpp"

#include "db/mapping.hpp"
#include "db/where.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ruoyi::system::role {

namespace {
// The menus of the roles in the IN list (filled in by the caller) that the user bound last does not
// hold through an active role of its own. Menus are counted once; a link to a deleted menu is no menu.
constexpr std::string_view menus_not_held =
    "SELECT COUNT(DISTINCT rm.menu_id) FROM sys_role_menu rm JOIN sys_menu m ON m.menu_id = rm.menu_id "
    "WHERE rm.role_id IN {} AND rm.menu_id NOT IN ("
    "SELECT hm.menu_id FROM sys_role_menu hm JOIN sys_user_role hu ON hu.role_id = hm.role_id "
    "JOIN sys_role hr ON hr.role_id = hu.role_id WHERE hu.user_id = ? AND hr.status = '0' AND hr.del_flag = '0')";

constexpr std::string_view role_columns =
    "r.role_id, r.role_name, r.role_key, r.role_sort, r.data_scope, r.menu_check_strictly, r.dept_check_strictly, "
    "r.status, r.del_flag, r.create_by, r.create_time, r.update_by, r.update_time, r.remark";
} // namespace

boost::asio::awaitable<std::vector<std::int64_t>> RoleRepository::ids_of_user(std::int64_t user_id) {
  db::Params params{db::bind(user_id)};
  auto result = co_await db_.query("SELECT role_id FROM sys_user_role WHERE user_id = ? ORDER BY role_id",
                                   std::move(params));
  co_return result.ints();
}

boost::asio::awaitable<RoleRepository::Held> RoleRepository::held_by_user(std::int64_t user_id) {
  // One row per link; the role columns are null for a link to a missing role.
  auto sql = fmt::format("SELECT {}, ur.role_id AS held_role_id, "
                         "CASE WHEN r.status = '0' AND r.del_flag = '0' THEN 1 ELSE 0 END AS held_active "
                         "FROM sys_user_role ur LEFT JOIN sys_role r ON r.role_id = ur.role_id "
                         "WHERE ur.user_id = ? ORDER BY r.role_sort, r.role_id",
                         role_columns);
  db::Params params{db::bind(user_id)};
  auto result = co_await db_.query(std::move(sql), std::move(params));
  auto roles = db::map_rows<Role>(result);
  const int id_column = result.column("held_role_id");
  const int active_column = result.column("held_active");
  Held out;
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const auto& row = result.rows[i];
    if (auto* id = std::get_if<std::int64_t>(&row[static_cast<std::size_t>(id_column)])) out.ids.push_back(*id);
    auto* active = std::get_if<std::int64_t>(&row[static_cast<std::size_t>(active_column)]);
    if (active != nullptr && *active == 1) out.active.push_back(std::move(roles[i]));
  }
  std::sort(out.ids.begin(), out.ids.end());
  co_return out;
}

boost::asio::awaitable<std::vector<Role>> RoleRepository::assignable() {
  auto sql = fmt::format("SELECT {} FROM sys_role r WHERE r.role_id <> 1 AND r.status = '0' AND r.del_flag = '0' "
                         "ORDER BY r.role_sort, r.role_id",
                         role_columns);
  auto result = co_await db_.query(std::move(sql));
  co_return db::map_rows<Role>(result);
}

boost::asio::awaitable<std::int64_t> RoleRepository::count_live(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(DISTINCT role_id) FROM sys_role WHERE del_flag = '0' AND role_id IN " +
             db::placeholders(ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  co_return result.scalar_int();
}

} // namespace ruoyi::system::role

namespace ruoyi::system::role {

boost::asio::awaitable<std::int64_t> RoleRepository::count_visible(std::vector<std::int64_t> ids,
                                                                   std::optional<scope::Predicate> scope) {
  if (ids.empty()) co_return 0;
  db::Where where;
  where.add("r.del_flag = '0'");
  where.add_params("r.role_id IN " + db::placeholders(ids.size()), db::bind_all(ids));
  if (scope) where.add_params(scope->sql, scope->params);
  auto sql = "SELECT COUNT(DISTINCT r.role_id) FROM sys_role r LEFT JOIN sys_user_role ur ON ur.role_id = r.role_id "
             "LEFT JOIN sys_user u ON u.user_id = ur.user_id LEFT JOIN sys_dept d ON d.dept_id = u.dept_id" +
             where.sql();
  auto result = co_await db_.query(std::move(sql), where.params());
  co_return result.scalar_int();
}

} // namespace ruoyi::system::role

namespace ruoyi::system::role {

boost::asio::awaitable<std::int64_t> RoleRepository::count_menus_not_held(std::vector<std::int64_t> ids,
                                                                          std::int64_t holder) {
  if (ids.empty()) co_return 0;
  auto sql = fmt::format(fmt::runtime(menus_not_held), db::placeholders(ids.size()));
  auto params = db::bind_all(ids);
  params.push_back(db::bind(holder));
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return result.scalar_int();
}

} // namespace ruoyi::system::role

namespace ruoyi::system::role {

boost::asio::awaitable<std::int64_t> RoleRepository::count_scope_beyond(std::vector<std::int64_t> ids,
                                                                        scope::Predicate dept_scope) {
  if (ids.empty()) co_return 0;
  const auto in = db::placeholders(ids.size());
  auto sql = fmt::format(
      "SELECT (SELECT COUNT(*) FROM sys_role r WHERE r.role_id IN {0} AND r.data_scope = '1') + "
      "(SELECT COUNT(*) FROM sys_role_dept rd JOIN sys_role r ON r.role_id = rd.role_id "
      "WHERE rd.role_id IN {0} AND r.data_scope = '2' "
      "AND rd.dept_id NOT IN (SELECT d.dept_id FROM sys_dept d WHERE {1}))",
      in, dept_scope.sql);
  auto params = db::bind_all(ids);
  auto second = db::bind_all(ids);
  params.insert(params.end(), second.begin(), second.end());
  params.insert(params.end(), dept_scope.params.begin(), dept_scope.params.end());
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return result.scalar_int();
}

} // namespace ruoyi::system::role
