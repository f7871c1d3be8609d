#include "system/menu/menu_repository.hpp"

#include "db/mapping.hpp"

#include <fmt/format.h>

namespace ruoyi::system::menu {

namespace {
constexpr std::string_view menu_columns =
    "m.menu_id, m.menu_name, m.parent_id, m.order_num, m.path, m.component, m.query, m.route_name, m.is_frame, "
    "m.is_cache, m.menu_type, m.visible, m.status, m.perms, m.icon, m.create_by, m.create_time, m.update_by, "
    "m.update_time, m.remark";

// Menus reachable through the user's active roles.
constexpr std::string_view of_active_roles =
    "m.menu_id IN (SELECT rm.menu_id FROM sys_role_menu rm JOIN sys_user_role ur ON ur.role_id = rm.role_id "
    "JOIN sys_role r ON r.role_id = ur.role_id WHERE ur.user_id = ? AND r.status = '0' AND r.del_flag = '0')";
} // namespace

boost::asio::awaitable<std::vector<std::string>> MenuRepository::perms_of_user(std::int64_t user_id) {
  auto sql = fmt::format(
      "SELECT DISTINCT m.perms FROM sys_menu m WHERE m.status = '0' AND m.perms IS NOT NULL AND m.perms <> '' AND {} "
      "ORDER BY m.perms",
      of_active_roles);
  db::Params params{db::bind(user_id)};
  auto result = co_await db_.query(std::move(sql), std::move(params));
  std::vector<std::string> perms;
  for (auto& row : result.rows)
    if (auto* p = std::get_if<std::string>(&row[0])) perms.push_back(*p);
  co_return perms;
}

boost::asio::awaitable<std::vector<Menu>> MenuRepository::router_menus(std::int64_t user_id, bool all) {
  std::string sql = fmt::format("SELECT {} FROM sys_menu m WHERE m.status = '0' AND m.menu_type IN ('M', 'C')",
                                menu_columns);
  db::Params params;
  if (!all) {
    sql += fmt::format(" AND {}", of_active_roles);
    params.push_back(db::bind(user_id));
  }
  sql += " ORDER BY m.parent_id, m.order_num, m.menu_id";
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return db::map_rows<Menu>(result);
}

} // namespace ruoyi::system::menu
