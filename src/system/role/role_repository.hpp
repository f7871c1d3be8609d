// sys_role and its links (sys_role_menu, sys_role_dept, sys_user_role): the reads the user module
// needs and the writes of /system/role.
#pragma once

#include "db/session.hpp"
#include "system/role/role_model.hpp"
#include "system/scope/data_scope.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
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
    std::vector<Role> active;       // by roleSort
    std::vector<std::int64_t> ids;  // every link, ascending
  };
  boost::asio::awaitable<Held> held_by_user(std::int64_t user_id);
  // Active roles a picker may offer: all but role 1 (超级管理员).
  boost::asio::awaitable<std::vector<Role>> assignable();
  // Every live role (any status), by roleSort then id.
  boost::asio::awaitable<std::vector<Role>> all_live();
  // How many of `ids` are live roles.
  boost::asio::awaitable<std::int64_t> count_live(const std::vector<std::int64_t>& ids);

  // How many of `ids` are live roles visible under `scope` (a role is visible when some holder's
  // dept is in scope, API.md §4).
  boost::asio::awaitable<std::int64_t> count_visible(std::vector<std::int64_t> ids,
                                                     std::optional<scope::Predicate> scope);
  // How many menus linked to roles `ids` the user `holder` does not reach through its own active
  // roles (0 = granting them gives away nothing `holder` lacks).
  boost::asio::awaitable<std::int64_t> count_menus_not_held(std::vector<std::int64_t> ids, std::int64_t holder);
  // How far roles `ids` reach beyond `dept_scope` (a predicate over sys_dept d): one per role with
  // data scope '1' (all), plus one per dept of a scope-'2' (custom) role's sys_role_dept that
  // `dept_scope` does not cover (0 = none of them sees a dept outside it).
  boost::asio::awaitable<std::int64_t> count_scope_beyond(std::vector<std::int64_t> ids, scope::Predicate dept_scope);
  // Scope '4' (own dept and below) is relative to its holder: the live depts in the subtrees of the
  // holders' depts that `dept_scope` does not reach. Holders: one user (`user_id`), or the live
  // users holding a role (`role_id`). 0 = giving them scope 4 shows nothing the caller cannot see.
  boost::asio::awaitable<std::int64_t> count_user_subtree_beyond(std::int64_t user_id, scope::Predicate dept_scope);
  boost::asio::awaitable<std::int64_t> count_holder_subtrees_beyond(std::int64_t role_id, scope::Predicate dept_scope);
  // How many of these roles have data scope '4'.
  boost::asio::awaitable<std::int64_t> count_subtree_scoped(std::vector<std::int64_t> ids);

  // The live (not deleted) role, if any.
  boost::asio::awaitable<std::optional<Role>> find_live(std::int64_t role_id);
  // Menu / dept ids linked to the role, ascending.
  boost::asio::awaitable<std::vector<std::int64_t>> menu_ids(std::int64_t role_id);
  boost::asio::awaitable<std::vector<std::int64_t>> dept_ids(std::int64_t role_id);
  // The role's links replaced by `ids` (on the caller's transaction).
  boost::asio::awaitable<void> replace_menus(std::int64_t role_id, std::vector<std::int64_t> ids);
  boost::asio::awaitable<void> replace_depts(std::int64_t role_id, std::vector<std::int64_t> ids);
  // How many of `menu_ids` are menus; how many of them `holder` does not reach through its own
  // active roles.
  boost::asio::awaitable<std::int64_t> count_menus(std::vector<std::int64_t> menu_ids);
  boost::asio::awaitable<std::int64_t> count_menu_ids_not_held(std::vector<std::int64_t> menu_ids, std::int64_t holder);
  // The name of the first role among `ids` that some user holds, if any.
  boost::asio::awaitable<std::optional<std::string>> first_held(std::vector<std::int64_t> ids);
  // data_scope (and dept_check_strictly when given) + update_by/update_time.
  boost::asio::awaitable<void> set_data_scope(std::int64_t role_id, std::string data_scope,
                                              std::optional<bool> dept_check_strictly, std::string by);
  // The menu and dept links of roles `ids` dropped.
  boost::asio::awaitable<void> drop_links(std::vector<std::int64_t> ids);
  // Among `user_ids`, those holding `role_id`, ascending.
  boost::asio::awaitable<std::vector<std::int64_t>> holders_among(std::int64_t role_id,
                                                                  std::vector<std::int64_t> user_ids);
  boost::asio::awaitable<void> link_users(std::int64_t role_id, std::vector<std::int64_t> user_ids);
  boost::asio::awaitable<void> unlink_users(std::int64_t role_id, std::vector<std::int64_t> user_ids);
  // The role deptTree's checkedKeys (API.md §3.3): live depts linked to the role, by parent and
  // orderNum; when `strictly`, without those that are the parent of another linked dept.
  boost::asio::awaitable<std::vector<std::int64_t>> checked_depts(std::int64_t role_id, bool strictly);

 private:
  db::Session& db_;
};

// Roles visible under a data scope over sys_dept `d` (API.md §4: some holder's dept is in scope),
// as a predicate on `role_column`: "<role_column> IN (SELECT ur.role_id FROM sys_user_role ...)".
scope::Predicate visible_roles(const scope::Predicate& dept_scope, std::string_view role_column);

}  // namespace ruoyi::system::role
