#include "system/role/role_controller.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "core/offload.hpp"
#include "db/mapping.hpp"
#include "db/transaction.hpp"
#include "http/envelope.hpp"
#include "system/dept/dept_repository.hpp"
#include "system/dept/dept_tree.hpp"
#include "system/role/role_access.hpp"
#include "system/role/role_auth_user.hpp"
#include "system/role/role_grant.hpp"
#include "system/role/role_model.hpp"
#include "system/role/role_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/json/value_from.hpp>

#include <algorithm>

namespace ruoyi::system::role {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;
using web::Context;

namespace {

const std::vector<std::pair<std::string, std::string>> scope_labels = {{"1", "全部数据权限"},
                                                                       {"2", "自定数据权限"},
                                                                       {"3", "本部门数据权限"},
                                                                       {"4", "本部门及以下数据权限"},
                                                                       {"5", "仅本人数据权限"}};

}  // namespace

const web::Resource& role_resource() {
  static const web::Resource r{
      .table = "sys_role",
      .id = "roleId",
      .columns = web::columns<Role>(),
      .order = "role_sort, role_id",
      .soft_delete = true,
      .perm = "system:role",
      .title = "角色管理",
      .entity = "角色",
      .display = "roleName",
      .filters = {web::integer("roleId"), web::like("roleName"), web::like("roleKey"), web::equal("status", {"0", "1"}),
                  web::dates()},
      .fields = {{"roleName", "角色名称", web::required, 30},
                 {"roleKey", "角色权限", web::required, 100},
                 {"roleSort", "显示顺序", web::required},
                 {"status", "状态", web::optional, 1, {"0", "1"}},
                 {"menuCheckStrictly", "菜单树选择项是否关联显示"},
                 {"deptCheckStrictly", "部门树选择项是否关联显示"},
                 {"remark", "备注", web::optional, 500}},
      .unique = {"roleName", "roleKey"},  // 新增角色{roleName}失败，角色名称已存在; edit excludes itself
      .sheet = {"角色数据",
                "role",
                {{"角色序号", "roleId"},
                 {"角色名称", "roleName"},
                 {"角色权限", "roleKey"},
                 {"角色排序", "roleSort"},
                 {"数据范围", "dataScope", scope_labels},
                 {"角色状态", "status", web::labels::normal_disable}}},
  };
  return r;
}

namespace {

bj::array rows_json(const db::Result& result) {
  bj::array out;
  for (const auto& row : db::map_rows<Role>(result)) out.push_back(bj::value_from(row));
  return out;
}

// The body as checked JSON: described keys only, types checked (601 naming the key), null = not given.
bj::object read_role_body(const Context& ctx, RoleBody& body) {
  auto object = json::parse_object(ctx.request.body);
  body = json::read_object<RoleBody>(object);
  return bj::value_from(body).as_object();
}

std::vector<std::int64_t> distinct(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// --- reads

asio::awaitable<http::Response> list(Context& ctx) {
  auto where = web::read_filters(ctx.request, role_resource());
  add_role_scope(where, ctx.login_user(), "role_id");
  auto pg = web::query_page(ctx.request);
  auto found = co_await web::page(ctx.db, role_resource(), std::move(where), pg);
  co_return http::json_response(web::page_envelope(rows_json(found.rows), found.total, pg));
}

asio::awaitable<http::Response> get(Context& ctx) {
  const auto id = web::path_id(ctx, "roleId");
  std::vector<std::int64_t> ids{id};
  co_await check_role_scope(ctx.db, ctx.login_user(), ids);
  auto found = co_await web::find(ctx.db, role_resource(), id);
  auto rows = rows_json(found);
  co_return http::ok_data(std::move(rows.at(0)));
}

asio::awaitable<http::Response> options(Context& ctx) {
  db::Where where;
  where.add("del_flag = '0'");
  add_role_scope(where, ctx.login_user(), "role_id");
  auto found = co_await web::select_all(ctx.db, role_resource(), std::move(where));
  co_return http::ok_data(rows_json(found));
}

asio::awaitable<http::Response> export_rows(Context& ctx) {
  auto where = web::read_form_filters(ctx.request, role_resource());
  add_role_scope(where, ctx.login_user(), "role_id");
  auto found = co_await web::select_all(ctx.db, role_resource(), std::move(where));
  auto build = [found = std::move(found)] {  // the sheet's layout and deflate: off the loop
    auto sheet = web::sheet_of(rows_json(found), role_resource().sheet);
    return web::xlsx_response(sheet, role_resource().sheet.file);
  };
  co_return co_await core::offload(std::move(build));
}

// GET deptTree/{roleId}: the caller's dept tree (as the user page's) and the role's depts.
asio::awaitable<http::Response> dept_tree(Context& ctx) {
  const auto id = web::path_id(ctx, "roleId");
  const auto& caller = ctx.login_user();
  std::vector<std::int64_t> ids{id};
  co_await check_role_scope(ctx.db, caller, ids);
  RoleRepository roles(ctx.db);
  auto role = co_await roles.find_live(id);
  const bool strictly = role && role->deptCheckStrictly.value_or(true);
  dept::DeptRepository depts(ctx.db);
  auto dept_scope = scope::data_scope(caller, "d.dept_id", "");
  auto visible = co_await depts.active_visible(std::move(dept_scope));
  auto checked = co_await roles.checked_depts(id, strictly);
  auto body = http::envelope(http::code::ok, "操作成功");
  body["depts"] = dept::dept_tree_json(std::move(visible));
  body["checkedKeys"] = bj::value_from(checked);
  co_return http::json_response(body);
}

// --- writes

RoleChange change_of(const RoleBody& body) {
  RoleChange change;
  change.menuIds = body.menuIds;
  change.status = body.status;
  return change;
}

asio::awaitable<void> insert_checked(db::Session& s, auth::LoginUser caller, RoleBody body, bj::object given,
                                     std::string by) {
  const auto& r = role_resource();
  co_await check_unique(s, r, given, std::nullopt);
  co_await check_role_change(s, caller, std::nullopt, change_of(body));
  auto id = co_await web::insert_given(s, r, std::move(given), std::move(by));
  if (body.menuIds) {
    RoleRepository roles(s);
    co_await roles.replace_menus(id, *body.menuIds);
  }
}

asio::awaitable<http::Response> add(Context& ctx) {
  RoleBody body;
  auto given = read_role_body(ctx, body);
  check_fields(given, role_resource(), true);
  auto work = [caller = ctx.login_user(), body, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
    return insert_checked(s, caller, body, given, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("新增成功");
}

std::int64_t required_role_id(const std::optional<std::int64_t>& id) {
  if (!id) throw ValidationError("角色ID不能为空");
  return *id;
}

asio::awaitable<void> update_checked(db::Session& s, auth::LoginUser caller, RoleBody body, bj::object given,
                                     std::string by) {
  const auto& r = role_resource();
  const auto id = *body.roleId;
  std::vector<std::int64_t> ids{id};
  co_await check_role_scope(s, caller, ids);
  RoleRepository roles(s);
  auto current = co_await roles.find_live(id);
  auto name = current ? current->roleName : std::string();
  co_await check_unique(s, r, given, id, std::move(name));
  co_await check_role_change(s, caller, id, change_of(body));
  co_await web::update_given(s, r, id, std::move(given), std::move(by));
  if (body.menuIds) co_await roles.replace_menus(id, *body.menuIds);
}

asio::awaitable<http::Response> edit(Context& ctx) {
  RoleBody body;
  auto given = read_role_body(ctx, body);
  const auto id = required_role_id(body.roleId);
  check_fields(given, role_resource(), false);
  std::vector<std::int64_t> ids{id};
  refuse_super_role(ids);
  auto work = [caller = ctx.login_user(), body, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
    return update_checked(s, caller, body, given, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("更新成功");
}

asio::awaitable<void> status_checked(db::Session& s, auth::LoginUser caller, std::int64_t id, std::string status,
                                     std::string by) {
  std::vector<std::int64_t> ids{id};
  co_await check_role_scope(s, caller, ids);
  RoleChange change;
  change.status = status;
  co_await check_role_change(s, caller, id, std::move(change));
  bj::object given{{"status", status}};
  co_await web::update_given(s, role_resource(), id, std::move(given), std::move(by));
}

asio::awaitable<http::Response> change_status(Context& ctx) {
  RoleBody body;
  read_role_body(ctx, body);
  const auto id = required_role_id(body.roleId);
  if (!body.status || body.status->empty()) throw ValidationError("角色状态不能为空");
  bj::object given{{"status", *body.status}};
  check_fields(given, role_resource(), false);
  std::vector<std::int64_t> ids{id};
  refuse_super_role(ids);
  auto work = [caller = ctx.login_user(), id, status = *body.status, by = ctx.operator_name()](db::Session& s) {
    return status_checked(s, caller, id, status, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("更新成功");
}

asio::awaitable<void> scope_checked(db::Session& s, auth::LoginUser caller, DataScopeBody body, std::string by) {
  const auto id = *body.roleId;
  std::vector<std::int64_t> ids{id};
  co_await check_role_scope(s, caller, ids);
  const bool custom = *body.dataScope == "2";
  std::vector<std::int64_t> depts;
  if (custom) depts = distinct(body.deptIds.value_or(std::vector<std::int64_t>{}));
  RoleChange change;
  change.dataScope = body.dataScope;
  if (custom) change.deptIds = depts;
  co_await check_role_change(s, caller, id, std::move(change));
  RoleRepository roles(s);
  co_await roles.set_data_scope(id, *body.dataScope, body.deptCheckStrictly, std::move(by));
  co_await roles.replace_depts(id, std::move(depts));  // kept only for '2'
}

asio::awaitable<http::Response> data_scope(Context& ctx) {
  auto object = json::parse_object(ctx.request.body);
  auto body = json::read_object<DataScopeBody>(object);
  const auto id = required_role_id(body.roleId);
  if (!body.dataScope || body.dataScope->empty()) throw ValidationError("数据范围不能为空");
  static const std::vector<std::string> scopes{"1", "2", "3", "4", "5"};
  if (std::find(scopes.begin(), scopes.end(), *body.dataScope) == scopes.end())
    throw ValidationError("参数dataScope取值错误");
  std::vector<std::int64_t> ids{id};
  refuse_super_role(ids);
  auto work = [caller = ctx.login_user(), body, by = ctx.operator_name()](db::Session& s) {
    return scope_checked(s, caller, body, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("更新成功");
}

asio::awaitable<void> delete_checked(db::Session& s, auth::LoginUser caller, std::vector<std::int64_t> ids,
                                     std::string by) {
  co_await check_role_scope(s, caller, ids);
  RoleRepository roles(s);
  auto held = co_await roles.first_held(ids);
  if (held) throw RuleError(fmt::format("角色{}已分配,不能删除", *held));
  co_await web::delete_ids(s, role_resource(), ids, std::move(by));
  co_await roles.drop_links(std::move(ids));
}

asio::awaitable<http::Response> remove(Context& ctx) {
  auto ids = distinct(web::path_ids(ctx, "roleIds"));
  refuse_super_role(ids);
  auto work = [caller = ctx.login_user(), ids = std::move(ids), by = ctx.operator_name()](db::Session& s) {
    return delete_checked(s, caller, ids, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("删除成功");
}

}  // namespace

void register_role_routes(web::Router& router) {
  web::RouteSet r(router, "/system/role", role_resource(), &rows_json, nullptr);  // system:role:*, 角色管理
  r.route(Method::get, "/list", list, "list");                                    // P scoped, by roleSort
  r.route(Method::get, "/optionselect", options, "query");                        // D every role in scope
  r.route(Method::get, "/{roleId}", get, "query");                                // D the row; out of scope → 500
  r.route(Method::post, "", add, "add", web::business::add);                      // menuIds → sys_role_menu
  r.route(Method::put, "", edit, "edit", web::business::edit);                    // menuIds given → rewritten
  r.route(Method::del, "/{roleIds}", remove, "remove", web::business::remove);    // refused while held
  r.route(Method::put, "/changeStatus", change_status, "edit", web::business::edit);
  r.route(Method::put, "/dataScope", data_scope, "edit", web::business::grant);  // sys_role_dept for '2'
  r.route(Method::get, "/deptTree/{roleId}", dept_tree, "query");                // depts + checkedKeys
  r.route(Method::post, "/export", export_rows, "export", web::business::export_);
  register_auth_user_routes(r);  // authUser/*: lists (list), selectAll / cancel / cancelAll (edit, grant)
}

}  // namespace ruoyi::system::role
