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

  // Role ids the user holds, whatever their state.
  boost::asio::awaitable<std::vector<std::int64_t>> ids_of_user(std::int64_t user_id);
  // The user's active roles (status '0', not deleted) and every role id it holds, in one
  // statement (the user detail's hot path).
  struct Held {
    std::vector<Role> active;         // by roleSort
    std::vector<std::int64_t> ids;    // every link, ascending
  };
  boost::asio::awaitable<Held> held_by_user(std::int64_t user_id);
  // Active roles a picker may offer: all but role 1 (超级管理员).
  boost::asio::awaitable<std::vector<Role>> assignable();
  // How many of `ids` are live roles.
  boost::asio::awaitable<std::int64_t> count_live(const std::vector<std::int64_t>& ids);

  // How many of `ids` are live roles visible under `scope` (a role is visible when some holder's
  // dept is in scope, API.md §4).
  boost::asio::awaitable<std::int64_t> count_visible(std::vector<std::int64_t> ids, std::optional<scope::Predicate> scope);
  // How many menus linked to roles `ids` the user `holder` does not reach through its own active
  // roles (0 = granting them gives away nothing `holder` lacks).
  boost::asio::awaitable<std::int64_t> count_menus_not_held(std::vector<std::int64_t> ids, std::int64_t holder);
  // How far roles `ids` reach beyond `dept_scope` (a predicate over sys_dept d): one per role with
  // data scope '1' (all), plus one per dept of a scope-'2' (custom) role's sys_role_dept that
  // `dept_scope` does not cover (0 = none of them sees a dept outside it).
  boost::asio::awaitable<std::int64_t> count_scope_beyond(std::vector<std::int64_t> ids, scope::Predicate dept_scope);

private:
  db::Session& db_;
};

} // namespace ruoyi::system::role
