// Who may link which role to which user (API.md §2 "Granting roles"): the one check every path
// that writes sys_user_role calls — user add, edit and authRole, the role's authUser routes.
// (Import writes no role links.)
#pragma once

#include "auth/login_user.hpp"
#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace ruoyi::system::role {

enum class GrantMode {
  replace,  // `role_ids` become the user's whole set (user add, edit, authRole)
  add,      // `role_ids` are linked next to what the user holds (role authUser select)
  remove,   // `role_ids` are unlinked (role authUser cancel)
};

// Throws RuleError 角色不存在 when a role to be linked is not live, and 没有权限访问角色数据 when
// `caller` (other than user 1) may not make the change: it changes its own roles, or links role 1,
// a role outside its data scope (§4), a role carrying a menu its own active roles lack, or a role
// whose data scope is wider than the caller's (scope '1' without holding '1'; scope '2' with a
// custom dept outside the caller's scope). Only
// links the user does not hold yet are judged (keeping a held role grants nothing).
// `target_user_id` nullopt = a user being created. Reads only: call it before the write, inside
// the write's transaction, so a refusal writes nothing.
boost::asio::awaitable<void> check_grantable(db::Session& db, auth::LoginUser caller,
                                             std::optional<std::int64_t> target_user_id,
                                             std::vector<std::int64_t> role_ids, GrantMode mode = GrantMode::replace);

}  // namespace ruoyi::system::role
