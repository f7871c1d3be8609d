#include "system/role/role_grant.hpp"

#include "common/errors.hpp"
#include "system/dept/dept_repository.hpp"
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
  // not nullopt) adds no role with scope '1', a scope-'2' (custom) role only when every dept of its
  // sys_role_dept lies in the caller's scope, and a scope-'4' role (own dept and below) only when
  // the whole subtree of the target's dept does. Scopes 3 and 5 are relative to the holder (its
  // dept, itself), whose dept is already checked to be in the caller's scope.
  if (scope) {
    auto beyond = co_await roles.count_scope_beyond(added, *scope);
    if (beyond != 0) throw refused;
    if (target_user_id) {
      auto subtree_roles = co_await roles.count_subtree_scoped(added);
      if (subtree_roles != 0) {
        auto below = co_await roles.count_user_subtree_beyond(*target_user_id, std::move(*scope));
        if (below != 0) throw refused;
      }
    }
  }
  // A holder of role 1 has every menu; anyone else gives away only menus it holds itself.
  if (!caller.superAdmin) {
    auto beyond = co_await roles.count_menus_not_held(added, caller.userId);
    if (beyond != 0) throw refused;
  }
}

}  // namespace ruoyi::system::role

namespace ruoyi::system::role {

asio::awaitable<void> check_role_change(db::Session& db, auth::LoginUser caller, std::optional<std::int64_t> role_id,
                                        RoleChange change) {
  RoleRepository roles(db);
  if (change.menuIds) {
    auto ids = sorted_distinct(*change.menuIds);
    auto found = co_await roles.count_menus(ids);
    if (found != static_cast<std::int64_t>(ids.size())) throw RuleError("菜单不存在");
  }
  const bool custom = change.dataScope == "2" && change.deptIds;
  if (custom) {
    auto ids = sorted_distinct(*change.deptIds);
    dept::DeptRepository depts(db);
    auto found = co_await depts.count_visible(ids, std::nullopt);
    if (found != static_cast<std::int64_t>(ids.size())) throw RuleError("部门不存在");
  }
  if (caller.userId == 1) co_return;

  std::optional<Role> current;
  if (role_id) {
    auto held = co_await roles.ids_of_user(caller.userId);
    if (std::binary_search(held.begin(), held.end(), *role_id)) throw RuleError(std::string(own_role_refused));
    current = co_await roles.find_live(*role_id);
  }
  const std::string status_now = current ? current->status.value_or("0") : std::string("1");
  const std::string status_after = change.status.value_or(current ? status_now : std::string("0"));
  if (status_after != "0") co_return;  // a disabled role gives nothing; judged when enabled
  const bool active_now = current && status_now == "0";

  // Menus: those the role will give beyond what it gives now.
  if (!caller.superAdmin) {
    std::vector<std::int64_t> after;
    if (change.menuIds)
      after = sorted_distinct(*change.menuIds);
    else if (current)
      after = co_await roles.menu_ids(*role_id);
    std::vector<std::int64_t> now;
    if (active_now) now = co_await roles.menu_ids(*role_id);
    auto added = minus(after, now);
    auto beyond = co_await roles.count_menu_ids_not_held(added, caller.userId);
    if (beyond != 0) throw RuleError(std::string(menus_beyond_refused));
  }

  // Data scope: only an existing role has holders to widen.
  if (!current) co_return;
  auto dept_scope = scope::data_scope(caller, "d.dept_id", "");
  if (!dept_scope) co_return;  // the caller sees everything: no scope is wider
  const std::string scope_now = current->dataScope.value_or("1");
  const std::string scope_after = change.dataScope.value_or(scope_now);
  if (scope_after == "1" && !(active_now && scope_now == "1")) throw RuleError(std::string(scope_beyond_refused));
  // Scope '4' shows each holder its dept's subtree: all of it must lie in the caller's scope.
  if (scope_after == "4" && !(active_now && scope_now == "4")) {
    auto below = co_await roles.count_holder_subtrees_beyond(*role_id, std::move(*dept_scope));
    if (below != 0) throw RuleError(std::string(scope_beyond_refused));
    co_return;
  }
  if (scope_after != "2") co_return;
  std::vector<std::int64_t> after;
  if (custom)
    after = sorted_distinct(*change.deptIds);
  else
    after = co_await roles.dept_ids(*role_id);
  std::vector<std::int64_t> now;
  if (active_now && scope_now == "2") now = co_await roles.dept_ids(*role_id);
  auto added = minus(after, now);
  if (added.empty()) co_return;
  dept::DeptRepository depts(db);
  auto visible = co_await depts.count_visible(added, std::move(*dept_scope));
  if (visible != static_cast<std::int64_t>(added.size())) throw RuleError(std::string(scope_beyond_refused));
}

}  // namespace ruoyi::system::role
