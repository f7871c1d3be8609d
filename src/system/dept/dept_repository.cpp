#include "system/dept/dept_repository.hpp"

#include "db/mapping.hpp"
#include "db/where.hpp"

#include <algorithm>

namespace ruoyi::system::dept {

namespace {
constexpr std::string_view select_dept =
    "SELECT dept_id, parent_id, ancestors, dept_name, order_num, leader, phone, email, status, del_flag, "
    "create_by, create_time, update_by, update_time FROM sys_dept WHERE del_flag = '0'";
}

boost::asio::awaitable<std::optional<Dept>> DeptRepository::find_live(std::int64_t dept_id) {
  db::Params params{db::bind(dept_id)};
  auto result = co_await db_.query(std::string(select_dept) + " AND dept_id = ?", std::move(params));
  co_return db::map_one<Dept>(result);
}

boost::asio::awaitable<std::vector<Dept>> DeptRepository::find_live_many(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) co_return std::vector<Dept>{};
  auto sql = std::string(select_dept) + " AND dept_id IN " + db::placeholders(ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  co_return db::map_rows<Dept>(result);
}

} // namespace ruoyi::system::dept
