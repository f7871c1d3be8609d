// sys_role reads the user module needs.
#pragma once

#include "db/session.hpp"
#include "system/role/role_model.hpp"
#include "system/scope/data_scope.hpp"

#include <boost/asio/awaitable.hpp>

#include <vector>

namespace ruoyi::system::role {

class RoleRepository {
public:
  explicit RoleRepository(db::Session& db) : db_(db) {}

  // Active roles (status '0', not deleted) held by the user, by roleSort.
  boost::asio::awaitable<std::vector<Role>> active_of_user(std::int64_t user_id);
  // Role ids the user holds, whatever their state.
  boost::asio::awaitable<std::vector<std::int64_t>> ids_of_user(std::int64_t user_id);
  // Active roles a picker may offer: all but role 1 (超级管理员).
  boost::asio::awaitable<std::vector<Role>> assignable();
  // How many of `ids` are live roles.
  boost::asio::awaitable<std::int64_t> count_live(const std::vector<std::int64_t>& ids);

  // How many of `ids` are live roles visible under `scope` (a role is visible when some holder's
  // dept is in scope, API.md §4).
  boost::asio::awaitable<std::int64_t> count_visible(std::vector<std::int64_t> ids, std::optional<scope::Predicate> scope);

private:
  db::Session& db_;
};

} // namespace ruoyi::system::role
