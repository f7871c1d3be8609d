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
}  // namespace

boost::asio::awaitable<std::vector<std::int64_t>> RoleRepository::ids_of_user(std::int64_t user_id) {
  db::Params params{db::bind(user_id)};
  auto result =
      co_await db_.query("SELECT role_id FROM sys_user_role WHERE user_id = ? ORDER BY role_id", std::move(params));
  co_return result.ints();
}

boost::asio::awaitable<RoleRepository::Held> RoleRepository::held_by_user(std::int64_t user_id) {
  // One row per link; the role columns are null for a link to a missing role.
  auto sql = fmt::format(
      "SELECT {}, ur.role_id AS held_role_id, "
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

boost::asio::awaitable<std::vector<Role>> RoleRepository::all_live() {
  static const std::string sql =
      fmt::format("SELECT {} FROM sys_role r WHERE r.del_flag = '0' ORDER BY r.role_sort, r.role_id", role_columns);
  auto result = co_await db_.query(sql);
  co_return db::map_rows<Role>(result);
}

boost::asio::awaitable<std::vector<Role>> RoleRepository::assignable() {
  auto sql = fmt::format(
      "SELECT {} FROM sys_role r WHERE r.role_id <> 1 AND r.status = '0' AND r.del_flag = '0' "
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

}  // namespace ruoyi::system::role

namespace ruoyi::system::role {

boost::asio::awaitable<std::int64_t> RoleRepository::count_visible(std::vector<std::int64_t> ids,
                                                                   std::optional<scope::Predicate> scope) {
  if (ids.empty()) co_return 0;
  db::Where where;
  where.add("r.del_flag = '0'");
  where.add_params("r.role_id IN " + db::placeholders(ids.size()), db::bind_all(ids));
  if (scope) where.add_params(scope->sql, scope->params);
  auto sql =
      "SELECT COUNT(DISTINCT r.role_id) FROM sys_role r LEFT JOIN sys_user_role ur ON ur.role_id = r.role_id "
      "LEFT JOIN sys_user u ON u.user_id = ur.user_id LEFT JOIN sys_dept d ON d.dept_id = u.dept_id" +
      where.sql();
  auto result = co_await db_.query(std::move(sql), where.params());
  co_return result.scalar_int();
}

}  // namespace ruoyi::system::role

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

}  // namespace ruoyi::system::role

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

namespace {

// Live depts under (or at) the depts `holders` selects (a one-column `dept_id` query) that the
// caller's dept scope does not reach.
boost::asio::awaitable<std::int64_t> subtrees_beyond(db::Session& db, std::string holders, db::Params params,
                                                     scope::Predicate dept_scope) {
  auto sql = fmt::format(
      "SELECT COUNT(*) FROM sys_dept d JOIN ({}) h ON (d.dept_id = h.dept_id OR "
      "(',' || d.ancestors || ',') LIKE ('%,' || h.dept_id || ',%')) WHERE d.del_flag = '0' AND NOT ({})",
      holders, dept_scope.sql);
  params.insert(params.end(), dept_scope.params.begin(), dept_scope.params.end());
  auto result = co_await db.query(std::move(sql), std::move(params));
  co_return result.scalar_int();
}

}  // namespace

boost::asio::awaitable<std::int64_t> RoleRepository::count_user_subtree_beyond(std::int64_t user_id,
                                                                               scope::Predicate dept_scope) {
  return subtrees_beyond(db_, "SELECT u.dept_id FROM sys_user u WHERE u.user_id = ? AND u.dept_id IS NOT NULL",
                         db::Params{db::bind(user_id)}, std::move(dept_scope));
}

boost::asio::awaitable<std::int64_t> RoleRepository::count_holder_subtrees_beyond(std::int64_t role_id,
                                                                                  scope::Predicate dept_scope) {
  return subtrees_beyond(db_,
                         "SELECT u.dept_id FROM sys_user u JOIN sys_user_role ur ON ur.user_id = u.user_id "
                         "WHERE ur.role_id = ? AND u.del_flag = '0' AND u.dept_id IS NOT NULL",
                         db::Params{db::bind(role_id)}, std::move(dept_scope));
}

boost::asio::awaitable<std::int64_t> RoleRepository::count_subtree_scoped(std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(*) FROM sys_role WHERE data_scope = '4' AND role_id IN " + db::placeholders(ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  co_return result.scalar_int();
}

}  // namespace ruoyi::system::role

namespace ruoyi::system::role {

namespace asio = boost::asio;

namespace {

// Links (a, b) for every b of `ids`, in multi-row statements kept well under the parameter limits.
asio::awaitable<void> insert_links(db::Session& db, std::string table_and_columns, std::int64_t a,
                                   std::vector<std::int64_t> ids, bool b_first) {
  constexpr std::size_t chunk = 400;
  for (std::size_t at = 0; at < ids.size(); at += chunk) {
    const auto end = std::min(ids.size(), at + chunk);
    std::string sql = "INSERT INTO " + table_and_columns + " VALUES ";
    db::Params params;
    for (std::size_t i = at; i < end; ++i) {
      sql += i == at ? "(?, ?)" : ", (?, ?)";
      params.push_back(db::bind(b_first ? ids[i] : a));
      params.push_back(db::bind(b_first ? a : ids[i]));
    }
    co_await db.execute(std::move(sql), std::move(params));
  }
}

std::vector<std::int64_t> distinct(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

scope::Predicate visible_roles(const scope::Predicate& dept_scope, std::string_view role_column) {
  scope::Predicate out;
  out.sql = fmt::format(
      "{} IN (SELECT ur.role_id FROM sys_user_role ur JOIN sys_user u ON u.user_id = ur.user_id "
      "LEFT JOIN sys_dept d ON d.dept_id = u.dept_id WHERE {})",
      role_column, dept_scope.sql);
  out.params = dept_scope.params;
  return out;
}

asio::awaitable<std::optional<Role>> RoleRepository::find_live(std::int64_t role_id) {
  auto sql = fmt::format("SELECT {} FROM sys_role r WHERE r.role_id = ? AND r.del_flag = '0'", role_columns);
  db::Params params{db::bind(role_id)};
  auto result = co_await db_.query(std::move(sql), std::move(params));
  auto rows = db::map_rows<Role>(result);
  if (rows.empty()) co_return std::nullopt;
  co_return std::move(rows.front());
}

asio::awaitable<std::vector<std::int64_t>> RoleRepository::menu_ids(std::int64_t role_id) {
  db::Params params{db::bind(role_id)};
  auto result =
      co_await db_.query("SELECT menu_id FROM sys_role_menu WHERE role_id = ? ORDER BY menu_id", std::move(params));
  co_return result.ints();
}

asio::awaitable<std::vector<std::int64_t>> RoleRepository::dept_ids(std::int64_t role_id) {
  db::Params params{db::bind(role_id)};
  auto result =
      co_await db_.query("SELECT dept_id FROM sys_role_dept WHERE role_id = ? ORDER BY dept_id", std::move(params));
  co_return result.ints();
}

asio::awaitable<void> RoleRepository::replace_menus(std::int64_t role_id, std::vector<std::int64_t> ids) {
  db::Params params{db::bind(role_id)};
  co_await db_.execute("DELETE FROM sys_role_menu WHERE role_id = ?", std::move(params));
  co_await insert_links(db_, "sys_role_menu (role_id, menu_id)", role_id, distinct(std::move(ids)), false);
}

asio::awaitable<void> RoleRepository::replace_depts(std::int64_t role_id, std::vector<std::int64_t> ids) {
  db::Params params{db::bind(role_id)};
  co_await db_.execute("DELETE FROM sys_role_dept WHERE role_id = ?", std::move(params));
  co_await insert_links(db_, "sys_role_dept (role_id, dept_id)", role_id, distinct(std::move(ids)), false);
}

asio::awaitable<std::int64_t> RoleRepository::count_menus(std::vector<std::int64_t> menu_ids) {
  if (menu_ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(DISTINCT menu_id) FROM sys_menu WHERE menu_id IN " + db::placeholders(menu_ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(menu_ids));
  co_return result.scalar_int();
}

asio::awaitable<std::int64_t> RoleRepository::count_menu_ids_not_held(std::vector<std::int64_t> menu_ids,
                                                                      std::int64_t holder) {
  if (menu_ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(DISTINCT m.menu_id) FROM sys_menu m WHERE m.menu_id IN " +
             db::placeholders(menu_ids.size()) +
             " AND m.menu_id NOT IN (SELECT hm.menu_id FROM sys_role_menu hm JOIN sys_user_role hu ON hu.role_id = "
             "hm.role_id JOIN sys_role hr ON hr.role_id = hu.role_id WHERE hu.user_id = ? AND hr.status = '0' AND "
             "hr.del_flag = '0')";
  auto params = db::bind_all(menu_ids);
  params.push_back(db::bind(holder));
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return result.scalar_int();
}

asio::awaitable<std::optional<std::string>> RoleRepository::first_held(std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return std::nullopt;
  auto sql = "SELECT r.role_name FROM sys_role r WHERE r.role_id IN " + db::placeholders(ids.size()) +
             " AND EXISTS (SELECT 1 FROM sys_user_role ur WHERE ur.role_id = r.role_id) ORDER BY r.role_id LIMIT 1";
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  if (result.empty()) co_return std::nullopt;
  const auto* name = std::get_if<std::string>(&result.rows[0][0]);
  co_return name ? *name : std::string();
}

asio::awaitable<void> RoleRepository::set_data_scope(std::int64_t role_id, std::string data_scope,
                                                     std::optional<bool> dept_check_strictly, std::string by) {
  db::Params params{db::bind(data_scope)};
  std::string sql = "UPDATE sys_role SET data_scope = ?, ";
  if (dept_check_strictly) {
    sql += "dept_check_strictly = ?, ";
    params.push_back(db::bind(std::int64_t{*dept_check_strictly ? 1 : 0}));
  }
  sql += "update_by = ?, update_time = ? WHERE role_id = ?";
  params.push_back(db::bind(by));
  params.push_back(db::bind(core::DateTime::now()));
  params.push_back(db::bind(role_id));
  co_await db_.execute(std::move(sql), std::move(params));
}

asio::awaitable<void> RoleRepository::drop_links(std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return;
  const auto in = db::placeholders(ids.size());
  co_await db_.execute("DELETE FROM sys_role_menu WHERE role_id IN " + in, db::bind_all(ids));
  co_await db_.execute("DELETE FROM sys_role_dept WHERE role_id IN " + in, db::bind_all(ids));
}

asio::awaitable<std::vector<std::int64_t>> RoleRepository::holders_among(std::int64_t role_id,
                                                                         std::vector<std::int64_t> user_ids) {
  if (user_ids.empty()) co_return std::vector<std::int64_t>{};
  auto sql = "SELECT user_id FROM sys_user_role WHERE role_id = ? AND user_id IN " + db::placeholders(user_ids.size()) +
             " ORDER BY user_id";
  db::Params params{db::bind(role_id)};
  for (auto& p : db::bind_all(user_ids)) params.push_back(std::move(p));
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return result.ints();
}

asio::awaitable<void> RoleRepository::link_users(std::int64_t role_id, std::vector<std::int64_t> user_ids) {
  co_await insert_links(db_, "sys_user_role (user_id, role_id)", role_id, distinct(std::move(user_ids)), true);
}

asio::awaitable<void> RoleRepository::unlink_users(std::int64_t role_id, std::vector<std::int64_t> user_ids) {
  if (user_ids.empty()) co_return;
  auto sql = "DELETE FROM sys_user_role WHERE role_id = ? AND user_id IN " + db::placeholders(user_ids.size());
  db::Params params{db::bind(role_id)};
  for (auto& p : db::bind_all(user_ids)) params.push_back(std::move(p));
  co_await db_.execute(std::move(sql), std::move(params));
}

asio::awaitable<std::vector<std::int64_t>> RoleRepository::checked_depts(std::int64_t role_id, bool strictly) {
  std::string sql =
      "SELECT d.dept_id FROM sys_dept d JOIN sys_role_dept rd ON rd.dept_id = d.dept_id "
      "WHERE rd.role_id = ? AND d.del_flag = '0'";
  db::Params params{db::bind(role_id)};
  if (strictly) {
    sql +=
        " AND d.dept_id NOT IN (SELECT c.parent_id FROM sys_dept c JOIN sys_role_dept cr ON cr.dept_id = c.dept_id "
        "WHERE cr.role_id = ? AND c.del_flag = '0' AND c.parent_id IS NOT NULL)";
    params.push_back(db::bind(role_id));
  }
  sql += " ORDER BY d.parent_id, d.order_num, d.dept_id";
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return result.ints();
}

}  // namespace ruoyi::system::role
