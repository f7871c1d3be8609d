#include "system/dept/dept_controller.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "common/validation.hpp"
#include "http/envelope.hpp"
#include "system/dept/dept_model.hpp"
#include "system/dept/dept_service.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <charconv>
#include <limits>

namespace ruoyi::system::dept {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

namespace {

// The body as DeptBody (types checked: 601 naming the key), then the Resource's field rules.
DeptBody read_body(const web::Context& ctx, bool creating) {
  auto object = ruoyi::json::parse_object(ctx.request.body);
  auto body = ruoyi::json::read_object<DeptBody>(object);
  if (!creating && !body.deptId) throw ValidationError("部门ID不能为空");
  web::check_fields(bj::value_from(body).as_object(), dept_resource(), creating);
  if (body.email && !body.email->empty() && !validation::is_email(*body.email)) throw ValidationError("邮箱格式不正确");
  return body;
}

// "1,2,3" → {1,2,3}: every element an integer in [min, max], else 601 参数{key}取值错误.
std::vector<std::int64_t> read_list(const std::optional<std::string>& text, std::string_view key,
                                    std::string_view label, std::int64_t min, std::int64_t max) {
  if (!text || text->empty()) throw ValidationError(fmt::format("{}不能为空", label));
  std::vector<std::int64_t> out;
  std::string_view rest = *text;
  while (true) {
    auto comma = rest.find(',');
    auto part = rest.substr(0, comma);
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() || n < min || n > max)
      throw ValidationError(fmt::format("参数{}取值错误", key));
    out.push_back(n);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

constexpr std::size_t max_sorted = 1000;

asio::awaitable<http::Response> on_list(web::Context& ctx) {
  auto where = web::read_filters(ctx.request, dept_resource());
  auto depts = co_await list_depts(ctx.db, ctx.login_user(), std::move(where));
  co_return http::ok_data(bj::value_from(depts));
}

asio::awaitable<http::Response> on_get(web::Context& ctx) {
  auto id = web::path_id(ctx, "deptId");
  auto dept = co_await dept_detail(ctx.db, ctx.login_user(), id);
  co_return http::ok_data(bj::value_from(dept));
}

asio::awaitable<http::Response> on_exclude(web::Context& ctx) {
  auto id = web::path_id(ctx, "deptId");
  auto depts = co_await depts_excluding(ctx.db, ctx.login_user(), id);
  co_return http::ok_data(bj::value_from(depts));
}

asio::awaitable<http::Response> on_add(web::Context& ctx) {
  auto body = read_body(ctx, true);
  co_await add_dept(ctx.db, ctx.login_user(), std::move(body), ctx.operator_name());
  co_return http::ok_msg("新增成功");
}

asio::awaitable<http::Response> on_edit(web::Context& ctx) {
  auto body = read_body(ctx, false);
  co_await edit_dept(ctx.db, ctx.login_user(), std::move(body), ctx.operator_name());
  co_return http::ok_msg("更新成功");
}

asio::awaitable<http::Response> on_remove(web::Context& ctx) {
  auto id = web::path_id(ctx, "deptId");
  co_await remove_dept(ctx.db, ctx.login_user(), id, ctx.operator_name());
  co_return http::ok_msg("删除成功");
}

// PUT /updateSort `{deptIds:"1,2", orderNums:"3,4"}`: two lists of one length, ids distinct.
asio::awaitable<http::Response> on_update_sort(web::Context& ctx) {
  auto object = ruoyi::json::parse_object(ctx.request.body);
  auto body = ruoyi::json::read_object<DeptSortBody>(object);
  auto ids = read_list(body.deptIds, "deptIds", "部门ID", 1, std::numeric_limits<std::int64_t>::max());
  auto orders = read_list(body.orderNums, "orderNums", "显示顺序", std::numeric_limits<std::int32_t>::min(),
                          std::numeric_limits<std::int32_t>::max());
  if (ids.size() != orders.size()) throw ValidationError("部门ID与显示顺序的数量不一致");
  if (ids.size() > max_sorted) throw ValidationError(fmt::format("一次最多排序{}个部门", max_sorted));
  auto sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) throw ValidationError("参数deptIds取值错误");
  co_await sort_depts(ctx.db, ctx.login_user(), std::move(ids), std::move(orders), ctx.operator_name());
  co_return http::ok_msg("保存成功");
}

}  // namespace

void register_dept_routes(web::Router& router) {
  web::Routes<Dept, DeptBody> r(router, "/system/dept", dept_resource());  // system:dept:*, 部门管理
  // D, not P: the list is registered by hand (read_filters + the scope predicate).
  r.route(Method::get, "/list", on_list, "list");                      // deptName~, status; by parentId, orderNum
  r.route(Method::get, "/list/exclude/{deptId}", on_exclude, "list");  // active, minus it and below
  r.route(Method::get, "/{deptId}", on_get, "query");                  // D the row; scope-checked
  r.route(Method::post, "", on_add, "add", web::business::add);        // 1
  r.route(Method::put, "", on_edit, "edit", web::business::edit);      // 2
  r.route(Method::put, "/updateSort", on_update_sort, "edit", web::business::edit);  // 2
  r.route(Method::del, "/{deptId}", on_remove, "remove", web::business::remove);     // 3 soft
}

}  // namespace ruoyi::system::dept
