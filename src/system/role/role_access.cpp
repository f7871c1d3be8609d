#include "system/role/role_access.hpp"

#include "common/errors.hpp"
#include "system/role/role_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_repository.hpp"

#include <algorithm>

namespace ruoyi::system::role {

namespace asio = boost::asio;

void refuse_super_role(const std::vector<std::int64_t>& role_ids) {
  if (std::find(role_ids.begin(), role_ids.end(), super_role) != role_ids.end())
    throw RuleError("不允许操作超级管理员角色");
}

asio::awaitable<void> check_role_scope(db::Session& db, auth::LoginUser caller, std::vector<std::int64_t> role_ids) {
  std::sort(role_ids.begin(), role_ids.end());
  role_ids.erase(std::unique(role_ids.begin(), role_ids.end()), role_ids.end());
  const auto wanted = static_cast<std::int64_t>(role_ids.size());
  RoleRepository roles(db);
  if (co_await roles.count_visible(role_ids, std::nullopt) != wanted) throw RuleError("角色不存在");
  if (caller.userId == 1) co_return;
  auto scope = scope::data_scope(caller, "d.dept_id", "");
  if (!scope) co_return;
  if (co_await roles.count_visible(role_ids, std::move(scope)) != wanted) throw RuleError("没有权限访问角色数据");
}

asio::awaitable<void> check_user_reach(db::Session& db, auth::LoginUser caller, std::int64_t user_id) {
  user::UserRepository users(db);
  if (!co_await users.visible(user_id, std::nullopt)) throw RuleError("用户不存在");
  if (caller.userId == 1) co_return;
  if (user_id == 1) throw RuleError("不允许操作超级管理员用户");
  auto scope = scope::data_scope(caller, "u.dept_id", "u.user_id");
  if (scope && !co_await users.visible(user_id, std::move(scope))) throw RuleError("没有权限访问用户数据");
}

void add_role_scope(db::Where& where, const auth::LoginUser& caller, std::string_view role_column) {
  auto scope = scope::data_scope(caller, "d.dept_id", "");
  if (!scope) return;
  auto visible = visible_roles(*scope, role_column);
  where.add_params(visible.sql, visible.params);
}

}  // namespace ruoyi::system::role
