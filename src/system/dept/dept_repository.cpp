#include "system/dept/dept_repository.hpp"

#include "db/mapping.hpp"
#include "db/where.hpp"

#include <algorithm>

namespace ruoyi::system::dept {

namespace {

constexpr std::string_view select_dept =
    "SELECT d.dept_id, d.parent_id, d.ancestors, d.dept_name, d.order_num, d.leader, d.phone, d.email, d.status, "
    "d.del_flag, d.create_by, d.create_time, d.update_by, d.update_time FROM sys_dept d";

std::vector<std::int64_t> distinct(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

} // namespace

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
  ids = distinct(std::move(ids));
  if (ids.empty()) co_return 0;
  db::Where where;
  where.add("d.del_flag = '0'");
  where.add_params("d.dept_id IN " + db::placeholders(ids.size()), db::bind_all(ids));
  if (scope) where.add_params(scope->sql, scope->params);
  auto result = co_await db_.query("SELECT COUNT(*) FROM sys_dept d" + where.sql(), where.params());
  co_return result.scalar_int();
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

} // namespace ruoyi::system::dept
