#include "system/role/role_grant.hpp"

#include "common/errors.hpp"
#include "system/role/role_repository.hpp"
#include "system/scope/data_scope.hpp"

#include <algorithm>
#include <iterator>

namespace ruoyi::system::role {

namespace asio = boost::asio;

namespace {

std::vector<std::int64_t> sorted_distinct(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<std::int64_t> minus(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<std::int64_t> common(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

asio::awaitable<void> check_grantable(db::Session& db, auth::LoginUser caller,
                                      std::optional<std::int64_t> target_user_id, std::vector<std::int64_t> role_ids,
                                      GrantMode mode) {
  role_ids = sorted_distinct(std::move(role_ids));
  RoleRepository roles(db);
  std::vector<std::int64_t> held;  // ascending
  if (target_user_id) held = co_await roles.ids_of_user(*target_user_id);

  std::vector<std::int64_t> added, removed;
  if (mode != GrantMode::remove) added = minus(role_ids, held);
  if (mode == GrantMode::replace) removed = minus(held, role_ids);
  if (mode == GrantMode::remove) removed = common(role_ids, held);

  const auto added_count = static_cast<std::int64_t>(added.size());
  if (!added.empty()) {
    auto live = co_await roles.count_live(added);
    if (live != added_count) throw RuleError("角色不存在");
  }
  if (caller.userId == 1) co_return;

  const RuleError refused("没有权限访问角色数据");
  // Nobody but user 1 changes their own roles, not even to drop one.
  if (target_user_id == caller.userId && (!added.empty() || !removed.empty())) throw refused;
  if (added.empty()) co_return;
  // Role 1 gives *:*:* and scope all: only user 1 hands it out.
  if (std::binary_search(added.begin(), added.end(), std::int64_t{1})) throw refused;
  auto scope = scope::data_scope(caller, "d.dept_id", "");
  auto visible = co_await roles.count_visible(added, scope);
  if (visible != added_count) throw refused;
  // Nor a wider data scope than its own (API.md §2): a caller without scope '1' itself (scope is
  // not nullopt) adds no role with scope '1', and a scope-'2' (custom) role only when every dept of
  // its sys_role_dept lies in the caller's scope. Scopes 3, 4 and 5 are relative to the holder (its
  // dept, its dept's subtree, itself), and the target user's dept is already checked to be in the
  // caller's scope (check_dept_scope / check_user_scope), so they are not judged here. (Scope 4
  // reaches the subtree below the target's dept, which a scope-3 caller does not see: accepted.)
  if (scope) {
    auto beyond = co_await roles.count_scope_beyond(added, std::move(*scope));
    if (beyond != 0) throw refused;
  }
  // A holder of role 1 has every menu; anyone else gives away only menus it holds itself.
  if (!caller.superAdmin) {
    auto beyond = co_await roles.count_menus_not_held(added, caller.userId);
    if (beyond != 0) throw refused;
  }
}

}  // namespace ruoyi::system::role
