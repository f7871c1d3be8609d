#include "system/menu/menu_controller.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "db/transaction.hpp"
#include "http/envelope.hpp"
#include "system/menu/menu_model.hpp"
#include "system/menu/menu_repository.hpp"
#include "system/menu/menu_rules.hpp"
#include "system/menu/menu_tree.hpp"
#include "system/role/role_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <charconv>

namespace ruoyi::system::menu {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

const web::Resource& menu_resource() {
  static const web::Resource r{
      .table = "sys_menu",
      .id = "menuId",
      .columns = web::columns<Menu>(),
      .order = "parent_id, order_num, menu_id",
      .soft_delete = false,
      .perm = "system:menu",
      .title = "菜单管理",
      .entity = "菜单",
      .display = "menuName",
      .filters = {web::like("menuName"), web::equal("status", {"0", "1"})},
      .fields = {{"menuName", "菜单名称", web::required, 50},
                 {"parentId", "上级菜单"},
                 {"orderNum", "显示顺序", web::required},
                 {"path", "路由地址", web::optional, 200},
                 {"component", "组件路径", web::optional, 255},
                 {"query", "路由参数", web::optional, 255},
                 {"routeName", "路由名称", web::optional, 50},
                 {"isFrame", "是否外链"},
                 {"isCache", "是否缓存"},
                 {"menuType", "菜单类型", web::required, 1, {"M", "C", "F"}},
                 {"visible", "显示状态", web::optional, 1, {"0", "1"}},
                 {"status", "菜单状态", web::optional, 1, {"0", "1"}},
                 {"perms", "权限标识", web::optional, 100},
                 {"icon", "菜单图标", web::optional, 100},
                 {"remark", "备注", web::optional, 500}},
      .unique = {},  // name among siblings and the route rule: menu_rules.hpp
      .sheet = {},   // no export (API.md §3.3)
  };
  return r;
}

namespace {

const char* const kMenuDenied = "没有权限访问菜单数据";

// User 1 and holders of role 1 (every menu, API.md §2) see and edit every menu.
bool sees_all(const auth::LoginUser& u) { return u.userId == 1 || u.superAdmin; }

bj::array menus_json(const std::vector<Menu>& menus) {
  bj::array out;
  out.reserve(menus.size());
  for (const auto& m : menus) out.push_back(bj::value_from(m));
  return out;
}

// The body read into MenuBody (types checked: 601 naming the key) and its integer values checked.
struct Given {
  MenuBody body;
  bj::object json;  // the described keys, null = not given: what insert_given / update_given write
};

Given read_given(const web::Context& ctx) {
  auto obj = json::parse_object(ctx.request.body);
  Given g;
  g.body = json::read_object<MenuBody>(obj);
  g.json = bj::value_from(g.body).as_object();
  for (auto [key, value] : {std::pair{"isFrame", g.body.isFrame}, std::pair{"isCache", g.body.isCache}})
    if (value && *value != 0 && *value != 1) throw ValidationError(fmt::format("参数{}取值错误", key));
  if (g.body.parentId && *g.body.parentId < 0) throw ValidationError("参数parentId取值错误");
  if (g.body.orderNum && (*g.body.orderNum < INT32_MIN || *g.body.orderNum > INT32_MAX))  // order_num INT
    throw ValidationError("参数orderNum取值错误");
  return g;
}

// The row a write would leave: `m` with the given fields over it.
void merge(Menu& m, const MenuBody& b) {
  if (b.menuName) m.menuName = *b.menuName;
  if (b.parentId) m.parentId = *b.parentId;
  if (b.orderNum) m.orderNum = *b.orderNum;
  if (b.path) m.path = b.path;
  if (b.component) m.component = b.component;
  if (b.query) m.query = b.query;
  if (b.routeName) m.routeName = b.routeName;
  if (b.isFrame) m.isFrame = *b.isFrame;
  if (b.isCache) m.isCache = *b.isCache;
  if (b.menuType) m.menuType = b.menuType;
  if (b.visible) m.visible = b.visible;
  if (b.status) m.status = b.status;
  if (b.perms) m.perms = b.perms;
  if (b.icon) m.icon = b.icon;
  if (b.remark) m.remark = b.remark;
}

// Refuses unless every id is a menu the caller reaches through its active roles (callers that
// do not see every menu). Unknown ids are refused before: 菜单不存在.
asio::awaitable<void> check_held(db::Session& s, auth::LoginUser caller, std::vector<std::int64_t> ids) {
  if (sees_all(caller) || ids.empty()) co_return;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  MenuRepository menus(s);
  const auto wanted = static_cast<std::int64_t>(ids.size());
  auto held = co_await menus.count_held(caller.userId, std::move(ids));
  if (held != wanted) throw RuleError(kMenuDenied);
}

// No right minted: a caller that does not see every menu leaves no active menu carrying a
// permission string it does not hold itself (a new perms, or enabling a menu that carries one).
void check_perms(const auth::LoginUser& caller, const Menu& m, bool creating) {
  if (sees_all(caller)) return;
  const auto perms = m.perms.value_or("");
  if (perms.empty() || m.status.value_or("0") != "0" || caller.has_permission(perms)) return;
  throw RuleError(
      fmt::format("{}菜单{}失败，不能设置自己没有的权限字符{}", creating ? "新增" : "修改", m.menuName, perms));
}

bool exists(const std::vector<Menu>& all, std::int64_t id) {
  return std::any_of(all.begin(), all.end(), [id](const Menu& m) { return m.menuId == id; });
}

// Unknown ids → 500 菜单不存在 (all rows are loaded for the rules anyway).
void check_exist(const std::vector<Menu>& all, const std::vector<std::int64_t>& ids) {
  for (auto id : ids)
    if (!exists(all, id)) throw RuleError("菜单不存在");
}

// ---- GET /list
asio::awaitable<http::Response> list(web::Context& ctx) {
  const auto& me = ctx.login_user();
  auto where = web::read_filters(ctx.request, menu_resource());
  MenuRepository menus(ctx.db);
  auto rows = co_await menus.list(me.userId, sees_all(me), std::move(where));
  co_return http::ok_data(menus_json(rows));
}

// ---- GET /{menuId}
asio::awaitable<http::Response> detail(web::Context& ctx) {
  const auto id = web::path_id(ctx, "menuId");
  auto found = co_await web::find(ctx.db, menu_resource(), id);  // unknown → 菜单不存在
  std::vector<std::int64_t> ids{id};
  auth::LoginUser caller = ctx.login_user();
  co_await check_held(ctx.db, std::move(caller), std::move(ids));
  auto rows = db::map_rows<Menu>(found);
  co_return http::ok_data(bj::value_from(rows.at(0)));
}

// ---- GET /treeselect
asio::awaitable<http::Response> treeselect(web::Context& ctx) {
  const auto& me = ctx.login_user();
  MenuRepository menus(ctx.db);
  auto active = co_await menus.active_menus(me.userId, sees_all(me));
  co_return http::ok_data(menu_tree_json(std::move(active)));
}

// ---- GET /roleMenuTreeselect/{roleId}
asio::awaitable<http::Response> role_menu_treeselect(web::Context& ctx) {
  const auto role_id = web::path_id(ctx, "roleId");
  const auto& me = ctx.login_user();
  MenuRepository menus(ctx.db);
  auto strictly = co_await menus.role_check_strictly(role_id);
  if (!strictly) throw RuleError("角色不存在");
  // The role must be visible to the caller (API.md §4: some holder's dept in scope).
  if (auto scope = scope::data_scope(me, "d.dept_id", "")) {
    role::RoleRepository roles(ctx.db);
    std::vector<std::int64_t> ids{role_id};
    auto visible = co_await roles.count_visible(std::move(ids), std::move(scope));
    if (visible == 0) throw RuleError("没有权限访问角色数据");
  }
  auto active = co_await menus.active_menus(me.userId, sees_all(me));
  auto checked = co_await menus.checked_keys(role_id, *strictly);
  auto body = http::envelope(http::code::ok, "操作成功");
  body["menus"] = menu_tree_json(std::move(active));
  body["checkedKeys"] = bj::value_from(checked);
  co_return http::json_response(body);
}

// ---- POST
asio::awaitable<void> add_checked(db::Session& s, auth::LoginUser caller, Given g, std::string by) {
  MenuRepository menus(s);
  auto all = co_await menus.all_rows();
  Menu candidate;  // the column defaults: parent 0, is_frame 1, status '0'
  merge(candidate, g.body);
  if (exists(all, candidate.parentId)) {  // an unknown parent is refused by the rules
    std::vector<std::int64_t> parent{candidate.parentId};
    co_await check_held(s, caller, std::move(parent));
  }
  check_perms(caller, candidate, true);
  if (auto refused = refusal(candidate, true, all)) throw RuleError(*refused);
  co_await web::insert_given(s, menu_resource(), std::move(g.json), std::move(by));
}

asio::awaitable<http::Response> add(web::Context& ctx) {
  auto g = read_given(ctx);
  web::check_fields(g.json, menu_resource(), true);
  auto work = [caller = ctx.login_user(), g = std::move(g), by = ctx.operator_name()](db::Session& s) {
    return add_checked(s, caller, g, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("新增成功");
}

// ---- PUT
asio::awaitable<void> edit_checked(db::Session& s, auth::LoginUser caller, Given g, std::string by) {
  const auto id = *g.body.menuId;
  MenuRepository menus(s);
  auto all = co_await menus.all_rows();
  check_exist(all, {id});
  std::vector<std::int64_t> self{id};
  co_await check_held(s, caller, std::move(self));
  Menu candidate = *std::find_if(all.begin(), all.end(), [id](const Menu& m) { return m.menuId == id; });
  const auto old_parent = candidate.parentId;
  merge(candidate, g.body);
  if (candidate.parentId != old_parent && candidate.parentId != id && exists(all, candidate.parentId)) {
    std::vector<std::int64_t> parent{candidate.parentId};
    co_await check_held(s, caller, std::move(parent));
  }
  check_perms(caller, candidate, false);
  if (auto refused = refusal(candidate, false, all)) throw RuleError(*refused);
  co_await web::update_given(s, menu_resource(), id, std::move(g.json), std::move(by));
}

asio::awaitable<http::Response> edit(web::Context& ctx) {
  auto g = read_given(ctx);
  if (!g.body.menuId) throw ValidationError("菜单ID不能为空");
  web::check_fields(g.json, menu_resource(), false);
  auto work = [caller = ctx.login_user(), g = std::move(g), by = ctx.operator_name()](db::Session& s) {
    return edit_checked(s, caller, g, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("更新成功");
}

// ---- DELETE /{menuIds}
asio::awaitable<void> remove_checked(db::Session& s, auth::LoginUser caller, std::vector<std::int64_t> ids,
                                     std::string by) {
  MenuRepository menus(s);
  auto all = co_await menus.all_rows();
  check_exist(all, ids);
  co_await check_held(s, caller, ids);
  auto children = co_await menus.count_children(ids);
  if (children > 0) throw ValidationError("存在子菜单,不允许删除");
  auto assigned = co_await menus.count_assigned(ids);
  if (assigned > 0) throw ValidationError("菜单已分配,不允许删除");
  co_await web::delete_ids(s, menu_resource(), std::move(ids), std::move(by));
}

asio::awaitable<http::Response> remove(web::Context& ctx) {
  auto ids = web::path_ids(ctx, "menuIds");
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto work = [caller = ctx.login_user(), ids = std::move(ids), by = ctx.operator_name()](db::Session& s) {
    return remove_checked(s, caller, ids, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("删除成功");
}

// ---- PUT /updateSort {menuIds:"1,2", orderNums:"3,4"}
std::vector<std::int64_t> comma_ints(const bj::object& body, std::string_view key, bool positive) {
  const auto* v = body.if_contains(key);
  if (v == nullptr || v->is_null() || (v->is_string() && v->get_string().empty()))
    throw ValidationError(fmt::format("参数{}不能为空", key));
  if (!v->is_string()) throw ValidationError(fmt::format("参数{}类型错误，应为字符串", key));
  std::string_view text = v->get_string();
  std::vector<std::int64_t> out;
  while (true) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || (positive && n <= 0))
      throw ValidationError(positive ? fmt::format("参数{}必须是正整数", key) : fmt::format("参数{}必须是整数", key));
    out.push_back(n);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

asio::awaitable<void> sort_checked(db::Session& s, auth::LoginUser caller, std::vector<std::int64_t> ids,
                                   std::vector<std::int64_t> orders, std::string by) {
  MenuRepository menus(s);
  auto all = co_await menus.all_rows();
  check_exist(all, ids);
  co_await check_held(s, caller, ids);
  const auto now = core::DateTime::now();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    db::Params params{db::bind(orders[i]), db::bind(by), db::bind(now), db::bind(ids[i])};
    co_await s.execute("UPDATE sys_menu SET order_num = ?, update_by = ?, update_time = ? WHERE menu_id = ?",
                       std::move(params));
  }
}

asio::awaitable<http::Response> update_sort(web::Context& ctx) {
  auto body = json::parse_object(ctx.request.body);
  auto ids = comma_ints(body, "menuIds", true);
  auto orders = comma_ints(body, "orderNums", false);
  if (ids.size() != orders.size()) throw ValidationError("参数menuIds与orderNums的个数不一致");
  for (auto n : orders)
    if (n < INT32_MIN || n > INT32_MAX) throw ValidationError("参数orderNums必须是整数");
  auto work = [caller = ctx.login_user(), ids = std::move(ids), orders = std::move(orders),
               by = ctx.operator_name()](db::Session& s) { return sort_checked(s, caller, ids, orders, by); };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("保存成功");
}

}  // namespace

void register_menu_routes(web::Router& router) {
  web::Routes<Menu, MenuBody> r(router, "/system/menu", menu_resource());  // system:menu:*, 菜单管理
  r.route(Method::get, "/list", list, "list");                             // D flat: menuName~, status; own menus
  r.route(Method::get, "/treeselect", treeselect, "");                     // D tree of the caller's active menus
  r.route(Method::get, "/roleMenuTreeselect/{roleId}", role_menu_treeselect, "");  // menus + checkedKeys
  r.route(Method::get, "/{menuId}", detail, "query");                              // D the row
  r.route(Method::post, "", add, "add", web::business::add);                       // 1: fields → rules → insert
  r.route(Method::put, "", edit, "edit", web::business::edit);  // 2: given fields → rules → update
  r.route(Method::put, "/updateSort", update_sort, "edit", web::business::edit);  // 2: order_num of each
  r.route(Method::del, "/{menuIds}", remove, "remove", web::business::remove);    // 3: hard delete
}

}  // namespace ruoyi::system::menu
