#include "system/login/login_controller.hpp"

#include "auth/auth_service.hpp"
#include "common/json.hpp"
#include "core/datetime.hpp"
#include "http/envelope.hpp"
#include "http/form.hpp"
#include "system/config/config_reader.hpp"
#include "system/menu/menu_repository.hpp"
#include "system/menu/router_builder.hpp"
#include "system/user/user_json.hpp"
#include "system/user/user_service.hpp"

#include <boost/json/value_from.hpp>

#include <charconv>

namespace ruoyi::system::login {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;
using web::Context;

namespace {

std::optional<std::string> header(const http::Request& req, std::string_view name) {
  if (auto v = req.headers.get(name)) return std::string(*v);
  return std::nullopt;
}

// username/password/code/uuid from a form body (the fork's UI) or a JSON body (upstream UI), as
// sent: their text check (NUL, UTF-8) is AuthService::login's, which logs the refused attempt.
auth::LoginRequest read_login(const http::Request& req) {
  auth::LoginRequest out;
  auto type = req.headers.get("Content-Type").value_or("");
  if (type.find("json") != std::string_view::npos) {
    // Unchecked: AuthService::login checks the four fields itself, so a refusal is logged.
    auto body = ruoyi::json::parse_object_unchecked(req.body);
    auto text = [&](const char* key) -> std::string {
      auto* v = body.if_contains(key);
      if (v == nullptr || v->is_null()) return {};
      if (!v->is_string()) throw ValidationError(fmt::format("参数{}类型错误，应为字符串", key));
      return std::string(v->get_string());
    };
    out.username = text("username");
    out.password = text("password");
    out.code = text("code");
    out.uuid = text("uuid");
  } else {
    auto form = http::parse_form(req.body);
    auto text = [&](const char* key) {
      auto it = form.find(key);
      return it == form.end() ? std::string() : it->second;
    };
    out.username = text("username");
    out.password = text("password");
    out.code = text("code");
    out.uuid = text("uuid");
  }
  return out;
}

std::int64_t to_int(const std::optional<std::string>& text) {
  std::int64_t n = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), n);
  return n;
}

struct LoginController {
  auth::AuthService& auth;
  user::UserService& users;
  auth::RateLimiter login_limit;
  auth::RateLimiter captcha_limit;
  config::ConfigReader configs;  // sys_config through the cache: a change applies on the next request

  // POST /login
  asio::awaitable<http::Response> login(Context& ctx) {
    // Before anything else (no body parse, no bcrypt, no log row): a flood is refused cheaply.
    co_await login_limit.admit(ctx.request.remote_ip);
    auto request = read_login(ctx.request);
    auth::ClientInfo client{ctx.request.remote_ip, header(ctx.request, "User-Agent").value_or("")};
    auto token = co_await auth.login(ctx.db, std::move(request), std::move(client));
    auto body = http::envelope(http::code::ok, "登录成功");
    body["token"] = std::move(token);
    co_return http::json_response(body);
  }

  // POST /logout — never fails: the UI calls it to recover from a 401.
  asio::awaitable<http::Response> logout(Context& ctx) {
    co_await auth.logout(header(ctx.request, "Authorization"));
    co_return http::ok_msg("退出成功");
  }

  // GET /captchaImage
  asio::awaitable<http::Response> captcha(Context& ctx) {
    co_await captcha_limit.admit(ctx.request.remote_ip);
    bool enabled = co_await auth.captcha_on(ctx.db);
    auto register_user = co_await configs.value(ctx.db, "sys.account.registerUser");
    auto body = http::envelope(http::code::ok, "操作成功");
    body["captchaEnabled"] = enabled;
    body["registerEnabled"] = register_user.value_or("") == "true";
    co_return http::json_response(body);
  }

  // GET /transport/crypto/frontend-config — transport encryption is out of scope: report it off.
  asio::awaitable<http::Response> crypto_config(Context&) {
    auto expire = std::chrono::duration_cast<std::chrono::seconds>(
                      (std::chrono::system_clock::now() + std::chrono::minutes(5)).time_since_epoch())
                      .count();
    bj::object data{{"transportCryptoEnabled", false}, {"transportCryptoMode", "off"}, {"transportCryptoActive", false},
                    {"enabledPaths", bj::array()},     {"requiredPaths", bj::array()}, {"excludePaths", bj::array()},
                    {"configExpireAt", expire}};
    co_return http::ok_data(std::move(data));
  }

  // GET /getInfo
  asio::awaitable<http::Response> info(Context& ctx) {
    const auto& me = ctx.login_user();
    auto detail = co_await users.profile(ctx.db, me.userId);
    auto chrtype = co_await configs.value(ctx.db, "sys.account.chrtype");
    auto init_modify = co_await configs.value(ctx.db, "sys.account.initPasswordModify");
    auto validate_text = co_await configs.value(ctx.db, "sys.account.passwordValidateDays");
    auto validate_days = to_int(validate_text);

    const auto& changed = detail.user.pwdUpdateDate;
    bool expired = false;
    if (validate_days > 0)
      expired = !changed || core::DateTime::now().seconds() - changed->seconds() > validate_days * 86400;

    auto body = http::envelope(http::code::ok, "操作成功");
    body["user"] = user::user_info_json(detail);
    body["roles"] = bj::value_from(me.roleKeys);
    body["permissions"] = bj::value_from(me.permissions);
    body["pwdChrtype"] = chrtype.value_or("0");
    body["isDefaultModifyPwd"] = init_modify.value_or("") == "1" && !changed;
    body["isPasswordExpired"] = expired;
    co_return http::json_response(body);
  }

  // GET /getRouters
  asio::awaitable<http::Response> routers(Context& ctx) {
    const auto& me = ctx.login_user();
    menu::MenuRepository menus(ctx.db);
    auto visible = co_await menus.router_menus(me.userId, me.superAdmin);
    co_return http::ok_data(menu::build_routers(std::move(visible)));
  }
};

}  // namespace

void register_login_routes(web::Router& router, auth::AuthService& auth, user::UserService& users, cache::Cache& cache,
                           LoginRateLimits limits) {
  auto controller =
      std::make_shared<LoginController>(LoginController{auth, users, auth::RateLimiter(cache, "login", limits.login),
                                                        auth::RateLimiter(cache, "captcha", limits.captcha),
                                                        config::ConfigReader(cache)});
  http::RouteInfo open{"", true, ""};
  router.add(Method::post, "/login", web::route(controller, &LoginController::login), open);
  router.add(Method::post, "/logout", web::route(controller, &LoginController::logout), open);
  router.add(Method::get, "/captchaImage", web::route(controller, &LoginController::captcha), open);
  router.add(Method::get, "/transport/crypto/frontend-config", web::route(controller, &LoginController::crypto_config),
             open);
  router.add(Method::get, "/getInfo", web::route(controller, &LoginController::info), {"", false, "用户信息"});
  router.add(Method::get, "/getRouters", web::route(controller, &LoginController::routers), {"", false, "路由信息"});
}

}  // namespace ruoyi::system::login
