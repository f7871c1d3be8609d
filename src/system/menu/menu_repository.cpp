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
}  // namespace

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
  std::string sql =
      fmt::format("SELECT {} FROM sys_menu m WHERE m.status = '0' AND m.menu_type IN ('M', 'C')", menu_columns);
  db::Params params;
  if (!all) {
    sql += fmt::format(" AND {}", of_active_roles);
    params.push_back(db::bind(user_id));
  }
  sql += " ORDER BY m.parent_id, m.order_num, m.menu_id";
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return db::map_rows<Menu>(result);
}

namespace {
// The same predicate over unaliased sys_menu columns (list filters come from web::read_filters).
constexpr std::string_view held_by_user =
    "menu_id IN (SELECT rm.menu_id FROM sys_role_menu rm JOIN sys_user_role ur ON ur.role_id = rm.role_id "
    "JOIN sys_role r ON r.role_id = ur.role_id WHERE ur.user_id = ? AND r.status = '0' AND r.del_flag = '0')";
constexpr std::string_view plain_columns =
    "menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, "
    "visible, status, perms, icon, create_by, create_time, update_by, update_time, remark";
}  // namespace

boost::asio::awaitable<std::vector<Menu>> MenuRepository::list(std::int64_t user_id, bool all, db::Where where) {
  if (!all) where.add(held_by_user, user_id);
  auto sql =
      fmt::format("SELECT {} FROM sys_menu{} ORDER BY parent_id, order_num, menu_id", plain_columns, where.sql());
  auto result = co_await db_.query(std::move(sql), where.params());
  co_return db::map_rows<Menu>(result);
}

boost::asio::awaitable<std::vector<Menu>> MenuRepository::active_menus(std::int64_t user_id, bool all) {
  db::Where where;
  where.add("status = '0'");
  co_return co_await list(user_id, all, std::move(where));
}

boost::asio::awaitable<std::vector<Menu>> MenuRepository::all_rows() {
  auto sql = fmt::format("SELECT {} FROM sys_menu ORDER BY parent_id, order_num, menu_id", plain_columns);
  auto result = co_await db_.query(std::move(sql));
  co_return db::map_rows<Menu>(result);
}

boost::asio::awaitable<std::int64_t> MenuRepository::count_held(std::int64_t user_id, std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return 0;
  db::Where where;
  where.add_params("menu_id IN " + db::placeholders(ids.size()), db::bind_all(ids));
  where.add(held_by_user, user_id);
  auto sql = "SELECT COUNT(DISTINCT menu_id) FROM sys_menu" + where.sql();
  auto result = co_await db_.query(std::move(sql), where.params());
  co_return result.scalar_int();
}

boost::asio::awaitable<std::int64_t> MenuRepository::count_children(std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(*) FROM sys_menu WHERE parent_id IN " + db::placeholders(ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  co_return result.scalar_int();
}

boost::asio::awaitable<std::int64_t> MenuRepository::count_assigned(std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(*) FROM sys_role_menu WHERE menu_id IN " + db::placeholders(ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  co_return result.scalar_int();
}

boost::asio::awaitable<std::optional<bool>> MenuRepository::role_check_strictly(std::int64_t role_id) {
  db::Params params{db::bind(role_id)};
  auto result = co_await db_.query("SELECT menu_check_strictly FROM sys_role WHERE role_id = ? AND del_flag = '0'",
                                   std::move(params));
  if (result.empty()) co_return std::nullopt;
  const auto& cell = result.rows[0][0];
  bool strictly = true;  // the column's default
  if (auto* i = std::get_if<std::int64_t>(&cell)) strictly = *i != 0;
  co_return strictly;
}

boost::asio::awaitable<std::vector<std::int64_t>> MenuRepository::checked_keys(std::int64_t role_id, bool strictly) {
  std::string sql =
      "SELECT m.menu_id FROM sys_menu m JOIN sys_role_menu rm ON rm.menu_id = m.menu_id WHERE rm.role_id = ?";
  db::Params params{db::bind(role_id)};
  if (strictly) {
    sql +=
        " AND m.menu_id NOT IN (SELECT c.parent_id FROM sys_menu c JOIN sys_role_menu crm ON crm.menu_id = c.menu_id "
        "WHERE crm.role_id = ? AND c.parent_id IS NOT NULL)";
    params.push_back(db::bind(role_id));
  }
  sql += " ORDER BY m.parent_id, m.order_num, m.menu_id";
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return result.ints();
}

}  // namespace ruoyi::system::menu
