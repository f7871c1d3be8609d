#include "system/login/login_controller.hpp"

#include "auth/auth_service.hpp"
#include "auth/captcha.hpp"
#include "common/json.hpp"
#include "common/validation.hpp"
#include "core/datetime.hpp"
#include "core/gather.hpp"
#include "core/offload.hpp"
#include "http/envelope.hpp"
#include "http/form.hpp"
#include "system/config/config_reader.hpp"
#include "system/menu/menu_repository.hpp"
#include "system/menu/router_builder.hpp"
#include "system/user/user_json.hpp"
#include "system/user/user_service.hpp"

#include <boost/json/value_from.hpp>

#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

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

// A string member of a JSON body: absent or null → "", another type → 601 naming it.
std::string text_of(const bj::object& body, const char* key) {
  auto* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_string()) throw ValidationError(fmt::format("参数{}类型错误，应为字符串", key));
  return std::string(v->get_string());
}

// The image of a challenge, base64 (the `img` field). Drawing and deflating a 160×60 picture is
// CPU work of a fraction of a millisecond: it runs on the worker pool, never on the loop.
asio::awaitable<std::string> draw_captcha(auth::CaptchaChallenge challenge) {
  unsigned char seed_bytes[4];
  if (RAND_bytes(seed_bytes, sizeof seed_bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  std::uint32_t seed = 0;
  for (auto b : seed_bytes) seed = (seed << 8) | b;
  auto draw = [challenge, seed] { return auth::base64_encode(auth::render_captcha(challenge, seed)); };
  co_return co_await core::offload(std::move(draw));
}

struct LoginController {
  auth::AuthService& auth;
  user::UserService& users;
  auth::RateLimiter login_limit;
  auth::RateLimiter captcha_limit;
  config::ConfigReader configs;  // sys_config through the cache: a change applies on the next request
  auth::RateLimiter register_limit;
  auth::RateLimiter unlock_limit;

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
    if (enabled) {
      auto challenge = auth::random_challenge();
      auto img = co_await draw_captcha(challenge);
      auto uuid = co_await auth.store_captcha(challenge.answer());
      body["img"] = std::move(img);
      body["uuid"] = std::move(uuid);
    }
    co_return http::json_response(body);
  }

  // POST /register (API.md §3.1): the checks ①–⑦ in order, the first failure answers.
  asio::awaitable<http::Response> register_user(Context& ctx) {
    co_await register_limit.admit(ctx.request.remote_ip);
    auto body = ruoyi::json::parse_object(ctx.request.body);
    auto username = text_of(body, "username");
    auto password = text_of(body, "password");
    auto confirm = text_of(body, "confirmPassword");
    auto code = text_of(body, "code");
    auto uuid = text_of(body, "uuid");
    // ①
    if (password.find_first_of("<>\"'\\|") != std::string::npos)
      throw ValidationError("密码不能包含非法字符：< > \" ' \\ |");
    // ②
    if (password != confirm) throw RuleError("两次输入的密码不一致");
    // ③
    auto open = co_await configs.value(ctx.db, "sys.account.registerUser");
    if (open.value_or("") != "true") throw RuleError("注册程序已关闭，禁止注册");
    // ④
    if (co_await auth.captcha_on(ctx.db)) {
      auto refusal = co_await auth.captcha_refusal(std::move(uuid), std::move(code));
      if (refusal) throw RuleError(std::move(*refusal));
    }
    // ⑤
    auto length = validation::utf8_length(username);
    if (length < 2 || length > 20) throw ValidationError("用户账号长度必须介于 2 和 20 之间");
    if (validation::has_html_tag(username)) throw ValidationError("用户账号不能包含脚本字符");
    // ⑥ ⑦
    co_await users.register_user(ctx.db, std::move(username), std::move(password));
    co_return http::ok_msg("新增成功");
  }

  // POST /unlockscreen: the lock screen asks for the caller's password again.
  asio::awaitable<http::Response> unlock(Context& ctx) {
    const auto& me = ctx.login_user();
    co_await unlock_limit.admit(std::to_string(me.userId));
    auto body = ruoyi::json::parse_object(ctx.request.body);
    auto password = text_of(body, "password");
    if (password.empty()) throw RuleError("密码不能为空");
    bool ok = co_await auth.password_matches(ctx.db, me.userId, std::move(password));
    if (!ok) throw RuleError("密码错误，请重新输入");
    co_return http::ok_msg("解锁成功");
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
    // The profile's statements and the three parameters' cache reads, all at once.
    auto profile_read = users.profile(ctx.db, me);
    auto chrtype_read = configs.value(ctx.db, "sys.account.chrtype");
    auto init_modify_read = configs.value(ctx.db, "sys.account.initPasswordModify");
    auto validate_read = configs.value(ctx.db, "sys.account.passwordValidateDays");
    auto [detail, chrtype, init_modify, validate_text] =
        co_await core::gather(std::move(profile_read), std::move(chrtype_read), std::move(init_modify_read),
                              std::move(validate_read));
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
  auto controller = std::make_shared<LoginController>(LoginController{
      auth, users, auth::RateLimiter(cache, "login", limits.login), auth::RateLimiter(cache, "captcha", limits.captcha),
      config::ConfigReader(cache), auth::RateLimiter(cache, "register", limits.register_user),
      auth::RateLimiter(cache, "unlockscreen", limits.unlock)});
  http::RouteInfo open{"", true, ""};
  router.add(Method::post, "/login", web::route(controller, &LoginController::login), open);
  router.add(Method::post, "/logout", web::route(controller, &LoginController::logout), open);
  router.add(Method::get, "/captchaImage", web::route(controller, &LoginController::captcha), open);
  router.add(Method::post, "/register", web::route(controller, &LoginController::register_user), open);
  // Any logged-in user; not in the operation log (API.md §3.5).
  router.add(Method::post, "/unlockscreen", web::route(controller, &LoginController::unlock), {"", false, "解锁屏幕"});
  router.add(Method::get, "/transport/crypto/frontend-config", web::route(controller, &LoginController::crypto_config),
             open);
  router.add(Method::get, "/getInfo", web::route(controller, &LoginController::info), {"", false, "用户信息"});
  router.add(Method::get, "/getRouters", web::route(controller, &LoginController::routers), {"", false, "路由信息"});
}

}  // namespace ruoyi::system::login
