// Who may link which role to which user (API.md §2 "Granting roles"): the one check every path
// that writes sys_user_role calls — user add, edit and authRole, the role's authUser routes.
// (Import writes no role links.)
#pragma once

#include "auth/login_user.hpp"
#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// What a write to a role would make it give its holders (nullopt = unchanged): role add / edit
// (menus, status), changeStatus, dataScope.
struct RoleChange {
  std::optional<std::vector<std::int64_t>> menuIds;
  std::optional<std::string> dataScope;
  std::optional<std::vector<std::int64_t>> deptIds;  // read with dataScope '2' only
  std::optional<std::string> status;
};

inline constexpr std::string_view own_role_refused = "不允许修改自己拥有的角色";
inline constexpr std::string_view menus_beyond_refused = "不允许分配超出自身权限的菜单";
inline constexpr std::string_view scope_beyond_refused = "不允许分配超出自身数据范围的数据权限";

// The bound of check_grantable for a role's own rights, so that editing a role widens nobody
// beyond the editor. For everyone: a menu that does not exist → RuleError 菜单不存在, a dept that is
// not live → 部门不存在. For a caller other than user 1 (RuleError, reads only — call it inside the
// write's transaction, before the write):
//  - `role_id` is a role the caller holds itself (any status) → 不允许修改自己拥有的角色;
//  - judged only when the role is active after the write, and only what it gives beyond what it
//    gives now (everything when it is being enabled or created):
//    - a menu the caller's own active roles lack (holders of role 1 hold every menu)
//      → 不允许分配超出自身权限的菜单;
//    - data scope '1' from a caller whose own scope is not '1', or a scope-'2' dept outside the
//      caller's scope → 不允许分配超出自身数据范围的数据权限 (scopes 3–5 are relative to the holder,
//      who is in the caller's scope: not judged, as in check_grantable). A role being created
//      has no holder: its scope is judged when it is granted (check_grantable).
// `role_id` nullopt = a role being created.
boost::asio::awaitable<void> check_role_change(db::Session& db, auth::LoginUser caller,
                                               std::optional<std::int64_t> role_id, RoleChange change);

}  // namespace ruoyi::system::role
