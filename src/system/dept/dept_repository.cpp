#include "system/dept/dept_repository.hpp"

#include "core/datetime.hpp"
#include "db/mapping.hpp"
#include "db/where.hpp"

#include <algorithm>

namespace ruoyi::system::dept {

namespace {

constexpr std::string_view select_dept =
    "SELECT d.dept_id, d.parent_id, d.ancestors, d.dept_name, d.order_num, d.leader, d.phone, d.email, d.status, "
    "d.del_flag, d.create_by, d.create_time, d.update_by, d.update_time FROM sys_dept d";

// A dept is below `id` when `id` is one of its ancestors (API.md §4's scope-4 shape).
constexpr std::string_view below = "(',' || ancestors || ',') LIKE ?";
std::string below_pattern(std::int64_t id) { return "%," + std::to_string(id) + ",%"; }

std::vector<std::int64_t> distinct(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// How many of `ids` are live depts matching `also` (a predicate of ours without values; "" = none)
// and visible under `scope`.
boost::asio::awaitable<std::int64_t> count_live(db::Session& db, std::vector<std::int64_t> ids,
                                                std::optional<scope::Predicate> scope, std::string_view also) {
  ids = distinct(std::move(ids));
  if (ids.empty()) co_return 0;
  db::Where where;
  where.add("d.del_flag = '0'");
  if (!also.empty()) where.add(also);
  where.add_params("d.dept_id IN " + db::placeholders(ids.size()), db::bind_all(ids));
  if (scope) where.add_params(scope->sql, scope->params);
  auto result = co_await db.query("SELECT COUNT(*) FROM sys_dept d" + where.sql(), where.params());
  co_return result.scalar_int();
}

}  // namespace

boost::asio::awaitable<std::optional<Dept>> DeptRepository::find_live(std::int64_t dept_id) {
  db::Where where;
  where.add("d.del_flag = '0'");
  where.add("d.dept_id = ?", dept_id);
  auto result = co_await db_.query(std::string(select_dept) + where.sql(), where.params());
  co_return db::map_one<Dept>(result);
}

boost::asio::awaitable<std::optional<Dept>> DeptRepository::of_user(std::int64_t user_id) {
  db::Where where;
  where.add("d.del_flag = '0'");
  where.add("u.user_id = ?", user_id);
  where.add("u.del_flag = '0'");
  auto result = co_await db_.query(std::string(select_dept) + " JOIN sys_user u ON u.dept_id = d.dept_id" + where.sql(),
                                   where.params());
  co_return db::map_one<Dept>(result);
}

boost::asio::awaitable<std::vector<Dept>> DeptRepository::all_live() {
  auto result = co_await db_.query(std::string(select_dept) + " WHERE d.del_flag = '0'");
  co_return db::map_rows<Dept>(result);
}

boost::asio::awaitable<std::vector<Dept>> DeptRepository::find_live_many(std::vector<std::int64_t> ids) {
  ids = distinct(std::move(ids));
  if (ids.empty()) co_return std::vector<Dept>{};
  db::Where where;
  where.add("d.del_flag = '0'");
  where.add_params("d.dept_id IN " + db::placeholders(ids.size()), db::bind_all(ids));
  auto result = co_await db_.query(std::string(select_dept) + where.sql(), where.params());
  co_return db::map_rows<Dept>(result);
}

boost::asio::awaitable<std::int64_t> DeptRepository::count_visible(std::vector<std::int64_t> ids,
                                                                   std::optional<scope::Predicate> scope) {
  co_return co_await count_live(db_, std::move(ids), std::move(scope), "");
}

boost::asio::awaitable<std::vector<Dept>> DeptRepository::active_visible(std::optional<scope::Predicate> scope) {
  db::Where where;
  where.add("d.del_flag = '0'");
  where.add("d.status = '0'");
  if (scope) where.add_params(scope->sql, scope->params);
  auto sql = std::string(select_dept) + where.sql() + " ORDER BY d.parent_id, d.order_num, d.dept_id";
  auto result = co_await db_.query(std::move(sql), where.params());
  co_return db::map_rows<Dept>(result);
}

boost::asio::awaitable<void> DeptRepository::lock_tree() {
  if (db_.dialect() != db::Dialect::postgres) co_return;
  db::Params params{db::bind(tree_lock_key)};
  co_await db_.query("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))", std::move(params));
}

boost::asio::awaitable<bool> DeptRepository::sibling_named(std::int64_t parent_id, std::string name,
                                                           std::optional<std::int64_t> self) {
  db::Where where;
  where.add("del_flag = '0'");
  where.add("parent_id = ?", parent_id);
  where.add("dept_name = ?", std::move(name));
  if (self) where.add("dept_id <> ?", *self);
  auto result = co_await db_.query("SELECT 1 FROM sys_dept" + where.sql() + " LIMIT 1", where.params());
  co_return !result.empty();
}

boost::asio::awaitable<std::int64_t> DeptRepository::count_active_descendants(std::int64_t dept_id) {
  db::Where where;
  where.add("del_flag = '0'");
  where.add("status = '0'");
  where.add(below, below_pattern(dept_id));
  auto result = co_await db_.query("SELECT COUNT(*) FROM sys_dept" + where.sql(), where.params());
  co_return result.scalar_int();
}

boost::asio::awaitable<std::int64_t> DeptRepository::count_live_children(std::int64_t dept_id) {
  db::Params params{db::bind(dept_id)};
  auto result =
      co_await db_.query("SELECT COUNT(*) FROM sys_dept WHERE del_flag = '0' AND parent_id = ?", std::move(params));
  co_return result.scalar_int();
}

boost::asio::awaitable<std::int64_t> DeptRepository::count_live_users(std::int64_t dept_id) {
  db::Params params{db::bind(dept_id)};
  auto result =
      co_await db_.query("SELECT COUNT(*) FROM sys_user WHERE del_flag = '0' AND dept_id = ?", std::move(params));
  co_return result.scalar_int();
}

boost::asio::awaitable<std::int64_t> DeptRepository::longest_descendant_path(std::int64_t dept_id,
                                                                             std::string own_ancestors) {
  const auto own_path = own_ancestors + "," + std::to_string(dept_id);
  db::Params params{db::bind(own_path), db::bind(own_path + ",%")};
  auto result = co_await db_.query(
      "SELECT COALESCE(MAX(LENGTH(ancestors)), 0) FROM sys_dept WHERE ancestors = ? OR ancestors LIKE ?",
      std::move(params));
  co_return result.scalar_int();
}

boost::asio::awaitable<void> DeptRepository::set_ancestors(std::int64_t dept_id, std::string ancestors) {
  db::Params params{db::bind(std::move(ancestors)), db::bind(dept_id)};
  co_await db_.execute("UPDATE sys_dept SET ancestors = ? WHERE dept_id = ?", std::move(params));
}

boost::asio::awaitable<void> DeptRepository::rewrite_descendants(std::int64_t dept_id, std::string old_ancestors,
                                                                 std::string new_ancestors) {
  // Below `dept_id` = ancestors starting with "<old>,<id>": that prefix is replaced, the rest kept.
  // Casts give PostgreSQL the parameter types it cannot infer from `||` and SUBSTR.
  const auto keep_from = static_cast<std::int64_t>(old_ancestors.size()) + 1;
  const auto own_path = old_ancestors + "," + std::to_string(dept_id);
  db::Params params{db::bind(std::move(new_ancestors)), db::bind(keep_from), db::bind(own_path),
                    db::bind(own_path + ",%")};
  co_await db_.execute(
      "UPDATE sys_dept SET ancestors = CAST(? AS VARCHAR(500)) || SUBSTR(ancestors, CAST(? AS INTEGER)) "
      "WHERE ancestors = ? OR ancestors LIKE ?",
      std::move(params));
}

boost::asio::awaitable<std::int64_t> DeptRepository::count_disabled(std::vector<std::int64_t> ids,
                                                                    std::optional<scope::Predicate> scope) {
  co_return co_await count_live(db_, std::move(ids), std::move(scope), "d.status <> '0'");
}

boost::asio::awaitable<void> DeptRepository::enable(std::vector<std::int64_t> ids, std::string by) {
  ids = distinct(std::move(ids));
  if (ids.empty()) co_return;
  db::Params params{db::bind(std::move(by)), db::bind(core::DateTime::now())};
  for (auto& p : db::bind_all(ids)) params.push_back(std::move(p));
  auto sql =
      "UPDATE sys_dept SET status = '0', update_by = ?, update_time = ? WHERE del_flag = '0' AND status <> '0' "
      "AND dept_id IN " +
      db::placeholders(ids.size());
  co_await db_.execute(std::move(sql), std::move(params));
}

boost::asio::awaitable<void> DeptRepository::set_order(std::int64_t dept_id, std::int64_t order_num, std::string by) {
  db::Params params{db::bind(order_num), db::bind(std::move(by)), db::bind(core::DateTime::now()), db::bind(dept_id)};
  co_await db_.execute("UPDATE sys_dept SET order_num = ?, update_by = ?, update_time = ? WHERE dept_id = ?",
                       std::move(params));
}

}  // namespace ruoyi::system::dept
