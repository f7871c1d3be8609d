// sys_menu reads for login: a user's permission strings and router menus.
#pragma once

#include "db/session.hpp"
#include "system/menu/menu_model.hpp"

#include <boost/asio/awaitable.hpp>

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

private:
  db::Session& db_;
};

} // namespace ruoyi::system::menu
