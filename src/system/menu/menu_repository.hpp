// sys_menu reads: a user's permission strings and router menus (login), and what /system/menu
// lists and checks.
#pragma once

#include "db/session.hpp"
#include "db/where.hpp"
#include "system/menu/menu_model.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::menu {

class MenuRepository {
 public:
  explicit MenuRepository(db::Session& db) : db_(db) {}

  // Distinct non-empty perms of status '0' menus of the user's active roles.
  boost::asio::awaitable<std::vector<std::string>> perms_of_user(std::int64_t user_id);
  // Status '0' menus of types M and C: all of them (`all`), else those of the user's active roles;
  // ordered by parent, order_num, id.
  boost::asio::awaitable<std::vector<Menu>> router_menus(std::int64_t user_id, bool all);

  // Menus matching `where` (over sys_menu, unaliased columns): all of them (`all`), else those of
  // the user's active roles, whatever their status; by parent, order_num, id.
  boost::asio::awaitable<std::vector<Menu>> list(std::int64_t user_id, bool all, db::Where where);
  // Status '0' menus of every type: all of them (`all`), else those of the user's active roles.
  boost::asio::awaitable<std::vector<Menu>> active_menus(std::int64_t user_id, bool all);
  // Every row of sys_menu (the write rules compare against all of them).
  boost::asio::awaitable<std::vector<Menu>> all_rows();
  // How many of `ids` (distinct) the user reaches through its active roles.
  boost::asio::awaitable<std::int64_t> count_held(std::int64_t user_id, std::vector<std::int64_t> ids);
  // Menus whose parent is one of `ids`.
  boost::asio::awaitable<std::int64_t> count_children(std::vector<std::int64_t> ids);
  // sys_role_menu links to any of `ids`.
  boost::asio::awaitable<std::int64_t> count_assigned(std::vector<std::int64_t> ids);
  // The live role's menu_check_strictly; nullopt = no live role with that id.
  boost::asio::awaitable<std::optional<bool>> role_check_strictly(std::int64_t role_id);
  // Menu ids linked to the role (existing menus), by parent and order; `strictly`: without the ids
  // that are the parent of another linked menu (API.md §3.3 checkedKeys).
  boost::asio::awaitable<std::vector<std::int64_t>> checked_keys(std::int64_t role_id, bool strictly);

 private:
  db::Session& db_;
};

}  // namespace ruoyi::system::menu
