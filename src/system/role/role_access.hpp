// The checks every /system/role route shares: which roles and users a caller may reach (API.md
// §4), and role 1's protection (§3.4).
#pragma once

#include "auth/login_user.hpp"
#include "db/session.hpp"
#include "db/where.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <vector>

namespace ruoyi::system::role {

inline constexpr std::int64_t super_role = 1;

// Role 1 → RuleError 不允许操作超级管理员角色.
void refuse_super_role(const std::vector<std::int64_t>& role_ids);
// Every one of `role_ids` live (else 角色不存在) and, for a caller other than user 1, visible in
// its data scope (else 没有权限访问角色数据).
boost::asio::awaitable<void> check_role_scope(db::Session& db, auth::LoginUser caller,
                                              std::vector<std::int64_t> role_ids);
// The user live (用户不存在), not user 1 unless the caller is (不允许操作超级管理员用户), and in the
// caller's data scope (没有权限访问用户数据).
boost::asio::awaitable<void> check_user_reach(db::Session& db, auth::LoginUser caller, std::int64_t user_id);
// The role-visibility term of the caller's data scope on `role_column` (nothing for full scope).
void add_role_scope(db::Where& where, const auth::LoginUser& caller, std::string_view role_column);

}  // namespace ruoyi::system::role
