// sys_dept reads the user module needs (the full dept resource comes with its own issue).
#pragma once

#include "db/session.hpp"
#include "system/dept/dept_model.hpp"
#include "system/scope/data_scope.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <vector>

namespace ruoyi::system::dept {

class DeptRepository {
public:
  explicit DeptRepository(db::Session& db) : db_(db) {}

  boost::asio::awaitable<std::optional<Dept>> find_live(std::int64_t dept_id);
  // The live department of a live user, by the user's id (so it can be read beside the user).
  boost::asio::awaitable<std::optional<Dept>> of_user(std::int64_t user_id);
  // Live depts among `ids` (duplicates ignored).
  boost::asio::awaitable<std::vector<Dept>> find_live_many(std::vector<std::int64_t> ids);

  // How many of `ids` are live depts visible under `scope`.
  boost::asio::awaitable<std::int64_t> count_visible(std::vector<std::int64_t> ids, std::optional<scope::Predicate> scope);
  // Active (status '0') live depts visible under `scope`, by parent then orderNum.
  boost::asio::awaitable<std::vector<Dept>> active_visible(std::optional<scope::Predicate> scope);

private:
  db::Session& db_;
};

} // namespace ruoyi::system::dept
