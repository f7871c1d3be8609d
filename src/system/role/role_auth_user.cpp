#include "system/role/role_auth_user.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "db/transaction.hpp"
#include "http/envelope.hpp"
#include "system/dept/dept_repository.hpp"
#include "system/role/role_access.hpp"
#include "system/role/role_grant.hpp"
#include "system/role/role_model.hpp"
#include "system/role/role_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_json.hpp"
#include "system/user/user_model.hpp"

#include <algorithm>
#include <map>

namespace ruoyi::system::role {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;
using web::Context;

namespace {

// Live users as the two lists read them: userName~, phonenumber~, by userId.
const web::Resource& user_rows() {
  static const web::Resource r{
      .table = "sys_user u",
      .id = "userId",
      .columns = web::columns<user::User>(),
      .order = "user_id",
      .soft_delete = true,
      .perm = "system:role",
      .title = "角色管理",
      .entity = "用户",
      .display = "userName",
      .filters = {web::like("userName"), web::like("phonenumber")},
      .fields = {},
      .unique = {},
      .sheet = {},
  };
  return r;
}

std::int64_t required_role_id(const std::optional<std::int64_t>& id) {
  if (!id) throw ValidationError("角色ID不能为空");
  return *id;
}

// allocatedList (`held`) / unallocatedList: live users with / without the role, in the caller's scope.
asio::awaitable<http::Response> user_list(Context& ctx, bool held) {
  const auto role_id = required_role_id(web::query_int(ctx.request, "roleId"));
  auto where = web::read_filters(ctx.request, user_rows());
  where.add(held ? "EXISTS (SELECT 1 FROM sys_user_role ur WHERE ur.user_id = u.user_id AND ur.role_id = ?)"
                 : "NOT EXISTS (SELECT 1 FROM sys_user_role ur WHERE ur.user_id = u.user_id AND ur.role_id = ?)",
            role_id);
  if (auto scope = scope::data_scope(ctx.login_user(), "u.dept_id", "u.user_id"))
    where.add_params(scope->sql, scope->params);
  auto pg = web::query_page(ctx.request);
  auto found = co_await web::page(ctx.db, user_rows(), std::move(where), pg);
  auto users = db::map_rows<user::User>(found.rows);
  std::vector<std::int64_t> dept_ids;
  for (const auto& u : users)
    if (u.deptId) dept_ids.push_back(*u.deptId);
  dept::DeptRepository depts(ctx.db);
  auto found_depts = co_await depts.find_live_many(std::move(dept_ids));
  std::map<std::int64_t, dept::Dept> by_id;
  for (auto& d : found_depts) by_id.emplace(d.deptId, std::move(d));
  bj::array rows;
  for (const auto& u : users) {
    std::optional<dept::Dept> d;
    if (u.deptId)
      if (auto it = by_id.find(*u.deptId); it != by_id.end()) d = it->second;
    rows.push_back(user::user_json(u, d));
  }
  co_return http::json_response(web::page_envelope(std::move(rows), found.total, pg));
}

asio::awaitable<http::Response> allocated(Context& ctx) { return user_list(ctx, true); }
asio::awaitable<http::Response> unallocated(Context& ctx) { return user_list(ctx, false); }

// The links of `user_ids` to `role_id` added (`grant`) or dropped, after every check, in one transaction.
asio::awaitable<void> relink_checked(db::Session& s, auth::LoginUser caller, std::int64_t role_id,
                                     std::vector<std::int64_t> user_ids, bool grant) {
  std::vector<std::int64_t> roles_in{role_id};
  co_await check_role_scope(s, caller, roles_in);
  const auto mode = grant ? GrantMode::add : GrantMode::remove;
  for (auto user_id : user_ids) {
    co_await check_user_reach(s, caller, user_id);
    std::vector<std::int64_t> role_ids{role_id};
    co_await check_grantable(s, caller, user_id, std::move(role_ids), mode);
  }
  RoleRepository roles(s);
  auto holders = co_await roles.holders_among(role_id, user_ids);
  if (grant) {
    std::vector<std::int64_t> missing;
    std::set_difference(user_ids.begin(), user_ids.end(), holders.begin(), holders.end(), std::back_inserter(missing));
    co_await roles.link_users(role_id, std::move(missing));
  } else {
    co_await roles.unlink_users(role_id, std::move(holders));
  }
}

asio::awaitable<http::Response> relink(Context& ctx, std::int64_t role_id, std::vector<std::int64_t> user_ids,
                                       bool grant) {
  if (user_ids.empty()) throw ValidationError("用户ID不能为空");
  std::sort(user_ids.begin(), user_ids.end());
  user_ids.erase(std::unique(user_ids.begin(), user_ids.end()), user_ids.end());
  const auto& caller = ctx.login_user();
  // Role 1 is linked and unlinked by user 1 only (check_grantable refuses its grant to others too).
  if (caller.userId != 1) {
    std::vector<std::int64_t> ids{role_id};
    refuse_super_role(ids);
  }
  auto work = [caller, role_id, user_ids = std::move(user_ids), grant](db::Session& s) {
    return relink_checked(s, caller, role_id, user_ids, grant);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg(grant ? "新增成功" : "删除成功");
}

// PUT authUser/selectAll?roleId=&userIds=1,2
asio::awaitable<http::Response> select_all(Context& ctx) {
  const auto role_id = required_role_id(web::query_int(ctx.request, "roleId"));
  auto user_ids = web::query_ids(ctx.request, "userIds");
  co_return co_await relink(ctx, role_id, std::move(user_ids), true);
}

// PUT authUser/cancel {userId, roleId}
asio::awaitable<http::Response> cancel(Context& ctx) {
  auto object = json::parse_object(ctx.request.body);
  auto body = json::read_object<UserRoleBody>(object);
  if (!body.userId) throw ValidationError("用户ID不能为空");
  const auto role_id = required_role_id(body.roleId);
  std::vector<std::int64_t> user_ids{*body.userId};
  co_return co_await relink(ctx, role_id, std::move(user_ids), false);
}

// PUT authUser/cancelAll?roleId=&userIds=1,2
asio::awaitable<http::Response> cancel_all(Context& ctx) {
  const auto role_id = required_role_id(web::query_int(ctx.request, "roleId"));
  auto user_ids = web::query_ids(ctx.request, "userIds");
  co_return co_await relink(ctx, role_id, std::move(user_ids), false);
}

}  // namespace

void register_auth_user_routes(web::RouteSet& r) {
  r.route(Method::get, "/authUser/allocatedList", allocated, "list");      // P user rows holding it, scoped
  r.route(Method::get, "/authUser/unallocatedList", unallocated, "list");  // P live users without it, scoped
  r.route(Method::put, "/authUser/selectAll", select_all, "edit", web::business::grant);
  r.route(Method::put, "/authUser/cancel", cancel, "edit", web::business::grant);
  r.route(Method::put, "/authUser/cancelAll", cancel_all, "edit", web::business::grant);
}

}  // namespace ruoyi::system::role
