#include "system/user/user_controller.hpp"

#include "app/params.hpp"
#include "common/json.hpp"
#include "http/envelope.hpp"
#include "system/user/user_json.hpp"
#include "system/user/user_service.hpp"

#include <boost/json/value_from.hpp>

#include <unordered_map>

namespace ruoyi::system::user {

namespace asio = boost::asio;
namespace bj = boost::json;
using app::Context;
using http::Method;

namespace {

UserQuery list_filter(const http::Request& req) {
  UserQuery q;
  q.userId = app::query_int(req, "userId");
  q.deptId = app::query_int(req, "deptId");
  q.userName = app::query_string(req, "userName");
  q.nickName = app::query_string(req, "nickName");
  q.email = app::query_string(req, "email");
  q.phonenumber = app::query_string(req, "phonenumber");
  q.status = app::query_enum(req, "status", {"0", "1"});
  q.sex = app::query_enum(req, "sex", {"0", "1", "2"});
  q.beginTime = app::query_date(req, "beginTime");
  q.endTime = app::query_date(req, "endTime");
  return q;
}

struct UserController {
  UserService& service;

  // GET /system/user/list
  asio::awaitable<http::Response> list(Context& ctx) {
    auto filter = list_filter(ctx.request);
    auto page = app::query_page(ctx.request);
    auto result = co_await service.list(ctx.db, std::move(filter), page.size, page.offset());

    std::unordered_map<std::int64_t, const dept::Dept*> depts;
    for (auto& d : result.depts) depts[d.deptId] = &d;
    bj::array rows;
    rows.reserve(result.rows.size());
    for (auto& u : result.rows) {
      std::optional<dept::Dept> dept;
      if (u.deptId)
        if (auto it = depts.find(*u.deptId); it != depts.end()) dept = *it->second;
      rows.push_back(user_json(u, dept));
    }
    co_return http::json_response(app::page_envelope(std::move(rows), result.total, page));
  }

  // GET /system/user/ — the add form's options.
  asio::awaitable<http::Response> form(Context& ctx) {
    auto options = co_await service.form_options(ctx.db);
    auto body = http::envelope(http::code::ok, "操作成功");
    body["data"] = nullptr;
    body["postIds"] = nullptr;
    body["roleIds"] = nullptr;
    body["posts"] = bj::value_from(options.allPosts);
    body["roles"] = bj::value_from(options.assignableRoles);
    co_return http::json_response(body);
  }

  // GET /system/user/{userId}
  asio::awaitable<http::Response> get(Context& ctx) {
    auto id = app::path_id(ctx, "userId");
    auto detail = co_await service.detail(ctx.db, id);
    auto data = user_info_json(detail);
    auto body = http::envelope(http::code::ok, "操作成功");
    body["data"] = std::move(data);
    body["postIds"] = bj::value_from(detail.postIds);
    body["roleIds"] = bj::value_from(detail.roleIds);
    body["posts"] = bj::value_from(detail.allPosts);
    body["roles"] = bj::value_from(detail.assignableRoles);
    co_return http::json_response(body);
  }

  // POST /system/user
  asio::awaitable<http::Response> add(Context& ctx) {
    auto body = ruoyi::json::parse_object(ctx.request.body);
    auto input = ruoyi::json::read_object<UserCreate>(body);
    co_await service.create(ctx.db, std::move(input), ctx.operator_name());
    co_return http::ok_msg("新增成功");
  }
};

} // namespace

void register_user_routes(app::Router& router, UserService& service) {
  auto controller = std::make_shared<UserController>(UserController{service});
  router.add(Method::get, "/system/user/list", app::route(controller, &UserController::list), {"system:user:list", false, "用户管理"});
  router.add(Method::get, "/system/user/", app::route(controller, &UserController::form), {"system:user:query", false, "用户管理"});
  router.add(Method::get, "/system/user", app::route(controller, &UserController::form), {"system:user:query", false, "用户管理"});
  router.add(Method::get, "/system/user/{userId}", app::route(controller, &UserController::get), {"system:user:query", false, "用户管理"});
  router.add(Method::post, "/system/user", app::route(controller, &UserController::add), {"system:user:add", false, "用户管理"});
}

} // namespace ruoyi::system::user
