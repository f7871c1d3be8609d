#include "auth/auth_service.hpp"

#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "auth/user_agent.hpp"
#include "common/errors.hpp"
#include "common/validation.hpp"
#include "core/datetime.hpp"
#include "core/gather.hpp"
#include "db/mapping.hpp"
#include "monitor/metrics/metrics.hpp"
#include "system/config/config_repository.hpp"
#include "system/config/config_reader.hpp"
#include "system/log/logininfor_repository.hpp"
#include "system/menu/menu_repository.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/object.hpp>

#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

namespace ruoyi::auth {

namespace asio = boost::asio;

namespace {

constexpr std::string_view token_expired = "用户token已失效，请重新登录";
constexpr std::string_view token_invalid = "用户token不合法";

std::string uuid4() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                     b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool ip_listed(std::string_view list, std::string_view ip) {
  while (!list.empty()) {
    auto sep = list.find_first_of(",;");
    auto item = list.substr(0, sep);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty() && item == ip) return true;
    if (sep == std::string_view::npos) break;
    list.remove_prefix(sep + 1);
  }
  return false;
}

// The account facts login and the guard need (the hash never leaves this file).
struct UserRow {
  std::int64_t userId = 0;
  std::string password;
  std::string status;
  std::optional<std::int64_t> deptId;
  std::string deptName;
  std::int64_t sessionVersion = 0;  // signed into the token as claim `sv`
};
BOOST_DESCRIBE_STRUCT(UserRow, (), (userId, password, status, deptId, deptName, sessionVersion))

asio::awaitable<std::optional<UserRow>> find_user(db::Session& db, std::string_view column, db::Value key) {
  // `column` is "user_name" or "user_id", chosen in this file.
  auto sql = fmt::format(
      "SELECT u.user_id, u.password, u.status, u.dept_id, d.dept_name, u.session_version FROM sys_user u "
      "LEFT JOIN sys_dept d ON d.dept_id = u.dept_id WHERE u.{} = ? AND u.del_flag = '0'",
      column);
  db::Params params{std::move(key)};
  auto result = co_await db.query(std::move(sql), std::move(params));
  co_return db::map_one<UserRow>(result);
}

// What the guard needs of a live account: its status, dept, active roles and which sessions are
// still valid, in one statement (one row per active role; a user without one still gives one row,
// its role columns null).
struct Account {
  std::string status;
  std::int64_t sessionVersion = 0;
  std::string sessionKeep;
  LoginUser user;
};

asio::awaitable<std::optional<Account>> find_account(db::Session& db, std::int64_t user_id) {
  db::Params params{db::bind(user_id)};
  auto result = co_await db.query(
      "SELECT u.status, u.dept_id, d.dept_name, r.role_id, r.role_key, r.data_scope, u.session_version, "
      "u.session_keep FROM sys_user u "
      "LEFT JOIN sys_dept d ON d.dept_id = u.dept_id "
      "LEFT JOIN sys_user_role ur ON ur.user_id = u.user_id "
      "LEFT JOIN sys_role r ON r.role_id = ur.role_id AND r.status = '0' AND r.del_flag = '0' "
      "WHERE u.user_id = ? AND u.del_flag = '0' ORDER BY r.role_sort, r.role_id",
      std::move(params));
  if (result.rows.empty()) co_return std::nullopt;
  Account out;
  const auto& first = result.rows.front();
  if (auto* status = std::get_if<std::string>(&first[0])) out.status = *status;
  if (auto* dept = std::get_if<std::int64_t>(&first[1])) out.user.deptId = *dept;
  if (auto* name = std::get_if<std::string>(&first[2])) out.user.deptName = *name;
  if (auto* version = std::get_if<std::int64_t>(&first[6])) out.sessionVersion = *version;
  if (auto* keep = std::get_if<std::string>(&first[7])) out.sessionKeep = *keep;
  out.user.userId = user_id;
  for (const auto& row : result.rows) {
    auto* role_id = std::get_if<std::int64_t>(&row[3]);
    if (role_id == nullptr) continue;  // no role, or an inactive one
    if (*role_id == 1) out.user.superAdmin = true;
    if (auto* key = std::get_if<std::string>(&row[4])) out.user.roleKeys.push_back(*key);
    auto* scope = std::get_if<std::string>(&row[5]);
    out.user.roles.push_back(RoleScope{*role_id, scope ? *scope : std::string("1")});
  }
  co_return out;
}

// The login log row and the user's login_date/login_ip, written after the response.
asio::awaitable<void> write_login_record(db::Database& database, system::log::LoginRecord record,
                                         std::optional<std::int64_t> user_id,
                                         std::function<asio::awaitable<std::string>(std::string)> locate) {
  // After the reply: the lookup service may take up to its timeout here, never in the login.
  if (locate) {
    auto ip = record.ipaddr;
    record.loginLocation = co_await locate(std::move(ip));
  }
  db::Session db(database);
  if (user_id) {
    db::Params params{db::bind(record.ipaddr), db::bind(record.loginTime), db::bind(*user_id)};
    co_await db.execute("UPDATE sys_user SET login_ip = ?, login_date = ? WHERE user_id = ?", std::move(params));
  }
  system::log::LogininforRepository logs(db);
  co_await logs.insert(std::move(record));
}

} // namespace

namespace {

// The session_version a token was issued under (claim `sv`); a token from before the claim
// existed counts as version 0.
std::int64_t session_version_of(const boost::json::object& claims) {
  auto* sv = claims.if_contains("sv");
  if (sv == nullptr) return 0;
  if (sv->is_int64()) return sv->get_int64();
  if (sv->is_uint64()) return static_cast<std::int64_t>(sv->get_uint64());
  return -1;  // not a version any row holds
}

} // namespace

// The account as find_account read it, with its permissions: what the guard needs of it.
struct AuthService::Guarded {
  std::string status;
  std::int64_t sessionVersion = 0;
  std::string sessionKeep;
  LoginUser user;  // dept, roles, role keys, super admin, permissions
};

AuthService::AuthService(AuthOptions options, cache::Cache& cache, db::Database& database,
                         core::BackgroundTasks& background, cache::SharedVersion& versions)
    : options_(std::move(options)),
      cache_(cache),
      database_(database),
      background_(background),
      versions_(versions),
      // Bounded: one entry per user seen since the last write; a full table starts over.
      accounts_(options_.account_copy_max_age, 100'000) {}

asio::awaitable<std::shared_ptr<const AuthService::Guarded>> AuthService::load_guarded(db::Session& db,
                                                                                        std::int64_t user_id) {
  auto account = co_await find_account(db, user_id);
  if (!account) co_return nullptr;
  auto out = std::make_shared<Guarded>();
  out->status = std::move(account->status);
  out->sessionVersion = account->sessionVersion;
  out->sessionKeep = std::move(account->sessionKeep);
  out->user = std::move(account->user);
  if (out->user.superAdmin) {
    out->user.permissions = {std::string(all_permissions)};
  } else {
    system::menu::MenuRepository menus(db);
    out->user.permissions = co_await menus.perms_of_user(user_id);
  }
  co_return out;
}

std::string AuthService::session_key(const std::string& session_id, std::int64_t user_id) const {
  return options_.same_time_login ? "access_token:" + session_id : "access_token:" + std::to_string(user_id);
}

void AuthService::record(asio::any_io_executor executor, const ClientInfo& client, std::string user_name, bool ok,
                         std::string msg, std::optional<std::int64_t> user_id) {
  auto agent = parse_user_agent(client.user_agent);
  system::log::LoginRecord r;
  // Whatever was typed, stored as text the column takes (a refused name may hold NUL or bad UTF-8).
  r.userName = validation::printable(user_name, 50);
  r.ipaddr = client.ip;
  r.loginLocation = options_.locate_now ? options_.locate_now(client.ip) : ip_location(client.ip);
  r.browser = std::move(agent.browser);
  r.os = std::move(agent.os);
  r.status = ok ? "0" : "1";
  r.msg = std::move(msg);
  r.loginTime = core::DateTime::now();
  auto task = write_login_record(database_, std::move(r), ok ? user_id : std::nullopt, options_.locate);
  background_.spawn(std::move(executor), std::move(task), "login-log");
}

asio::awaitable<bool> AuthService::captcha_on(db::Session& db) {
  if (!options_.captcha_enabled) co_return false;
  system::config::ConfigReader configs(cache_);
  auto value = co_await configs.value(db, "sys.account.captchaEnabled");
  co_return value.value_or("") == "true";
}

asio::awaitable<bool> AuthService::password_matches(db::Session& db, std::int64_t user_id, std::string password) {
  auto user = co_await find_user(db, "user_id", db::bind(user_id));
  if (!user) co_return false;
  co_return co_await verify_password(std::move(password), user->password);
}

asio::awaitable<std::string> AuthService::store_captcha(std::string answer) {
  auto uuid = uuid4();
  co_await cache_.set("captcha_codes:" + uuid, std::move(answer), options_.captcha_ttl);
  co_return uuid;
}

asio::awaitable<std::optional<std::string>> AuthService::captcha_refusal(std::string uuid, std::string code) {
  const std::string captcha_key = "captcha_codes:" + uuid;
  auto answer = co_await cache_.get(captcha_key);
  if (!answer) co_return std::string("验证码已失效");
  bool consumed = co_await cache_.del(captcha_key);
  if (!consumed) co_return std::string("验证码已失效");  // another request used it first
  if (*answer != code) co_return std::string("验证码错误");
  co_return std::nullopt;
}

asio::awaitable<std::string> AuthService::login(db::Session& db, LoginRequest request, ClientInfo client) {
  auto executor = co_await asio::this_coro::executor;
  const std::string name = request.username;
  // Every refusal below is logged as a failed attempt, then answered with 601.
  auto refuse = [&](std::string msg) -> ServiceError {
    monitor::metrics::Registry::global().login_failed();
    record(executor, client, name, false, msg, std::nullopt);
    return ServiceError(601, std::move(msg));
  };

  if (request.username.empty()) throw ValidationError("用户名不能为空");
  if (request.password.empty()) throw ValidationError("密码不能为空");
  // The input layer's text check, here rather than at parsing so the refused attempt is logged.
  const std::pair<const char*, const std::string*> fields[] = {{"username", &request.username},
                                                               {"password", &request.password},
                                                               {"code", &request.code},
                                                               {"uuid", &request.uuid}};
  for (const auto& [field, value] : fields)
    if (!validation::is_clean_text(*value)) throw refuse(fmt::format("参数{}包含非法字符", field));
  if (request.username.size() > 64) throw ValidationError("用户名长度不能超过64个字符");
  if (request.password.size() > 128) throw ValidationError("密码长度不能超过128个字符");

  system::config::ConfigReader configs(cache_);
  auto black_list = co_await configs.value(db, "sys.login.blackIPList");
  if (ip_listed(black_list.value_or(""), client.ip)) throw refuse("当前IP禁止登录");

  const std::string lock_key = "account_lock:" + name;
  constexpr std::string_view locked_msg = "账号已锁定，请稍后再试";
  if (co_await cache_.exists(lock_key)) throw refuse(std::string(locked_msg));

  if (co_await captcha_on(db)) {
    auto refusal = co_await captcha_refusal(request.uuid, request.code);  // single use, right or wrong
    if (refusal) throw refuse(std::move(*refusal));
  }

  auto user = co_await find_user(db, "user_name", db::bind(name));
  if (!user) throw refuse("用户不存在");

  bool password_ok = co_await verify_password(request.password, user->password);
  if (!password_ok) {
    // Count and lock in one atomic cache step: a burst of parallel wrong passwords, all past the
    // lock check above while bcrypt ran, gets counts 1, 2, 3 … and exactly one lock; those that
    // arrive after the lock are refused as locked without lengthening it.
    const std::string count_key = "password_error_count:" + name;
    auto failure = co_await cache_.record_failure(count_key, lock_key, options_.max_retry, options_.lock_time);
    if (failure.already_locked) throw refuse(std::string(locked_msg));
    if (failure.locked) monitor::metrics::Registry::global().account_locked();
    if (failure.locked)
      throw refuse(fmt::format("{}分钟内密码已输错超过{}次，账号已锁定，请{}分钟后再试", options_.lock_time.count(),
                               options_.max_retry, options_.lock_time.count()));
    throw refuse("密码错误");
  }
  // The lock may have been set while bcrypt ran (by wrong passwords sent beside this one): a right
  // password is no key past a lock, whenever it arrived.
  if (co_await cache_.exists(lock_key)) throw refuse(std::string(locked_msg));
  if (user->status == "1") throw refuse("用户已停用");

  co_await cache_.del("password_error_count:" + name);
  auto agent = parse_user_agent(client.user_agent);
  auto session_id = uuid4();
  boost::json::object login_info{{"ipaddr", client.ip},
                                 {"loginLocation", options_.locate_now ? options_.locate_now(client.ip)
                                                                       : ip_location(client.ip)},
                                 {"browser", agent.browser},
                                 {"os", agent.os},
                                 {"loginTime", core::DateTime::now().sql()}};
  boost::json::object claims{
      {"user_id", std::to_string(user->userId)},
      {"user_name", name},
      {"dept_name", user->deptName.empty() ? boost::json::value(nullptr) : boost::json::value(user->deptName)},
      {"session_id", session_id},
      {"sv", user->sessionVersion},
      {"login_info", std::move(login_info)},
      {"exp", epoch_now() + std::chrono::seconds(options_.token_expire).count()}};
  auto token = sign_jwt(claims, options_.jwt_secret);
  co_await cache_.set(session_key(session_id, user->userId), token, options_.session_ttl);
  record(executor, client, name, true, "登录成功", user->userId);
  co_return token;
}

asio::awaitable<LoginUser> AuthService::authenticate(db::Session& db, std::optional<std::string> authorization) {
  auto token = bearer_token(authorization);
  if (!token) throw AuthError(401, "用户未登录，请先完成登录");
  auto verified = verify_jwt(*token, options_.jwt_secret, true, epoch_now());
  if (!verified) throw AuthError(401, std::string(token_expired));
  const auto& claims = *verified.claims;

  auto* user_id_claim = claims.if_contains("user_id");
  std::int64_t user_id = 0;
  if (user_id_claim && user_id_claim->is_string()) {
    auto text = std::string_view(user_id_claim->get_string());
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), user_id);
    if (ec != std::errc() || ptr != text.data() + text.size()) user_id = 0;
  } else if (user_id_claim && user_id_claim->is_int64()) {
    user_id = user_id_claim->get_int64();
  }
  if (user_id <= 0) throw AuthError(401, std::string(token_invalid));
  std::string session_id;
  if (auto* sid = claims.if_contains("session_id"); sid && sid->is_string()) session_id = sid->get_string();

  // The session (read and slid in one GETEX) and the shared version, in one round trip; then the
  // account: its in-process copy when it was loaded under that version (nothing written since,
  // on any instance), else one statement (+ the permissions) read after the version.
  auto stored_read = cache_.get_touch(session_key(session_id, user_id), options_.session_ttl);
  auto version_read = versions_.read();
  auto [stored, version] = co_await core::gather(std::move(stored_read), std::move(version_read));
  if (!stored || *stored != *token) throw AuthError(401, std::string(token_expired));
  auto account = accounts_.find(user_id, version);
  if (!account) {
    account = co_await load_guarded(db, user_id);
    if (account) accounts_.put(user_id, version, account);
  }
  if (!account || account->status != "0") throw AuthError(401, std::string(token_invalid));
  // Ended by resetPwd, updatePwd (other sessions), a disable or a delete: the version moved on
  // since this token was issued, and this is not the session updatePwd kept.
  if (session_version_of(claims) != account->sessionVersion &&
      (account->sessionKeep.empty() || session_id != account->sessionKeep)) {
    // It can never be used again: drop it now, not at its TTL. Best effort: the answer is 401
    // whether or not the cache is reachable.
    try {
      auto stale = session_key(session_id, user_id);
      co_await cache_.del(std::move(stale));
    } catch (const cache::CacheUnavailable&) {
    }
    throw AuthError(401, std::string(token_expired));
  }

  LoginUser out = account->user;
  out.sessionId = session_id;
  out.tokenVersion = session_version_of(claims);
  out.cacheVersion = version;
  if (auto* n = claims.if_contains("user_name"); n && n->is_string()) out.userName = n->get_string();
  co_return out;
}

bool AuthService::signed_and_current(std::optional<std::string> authorization) const {
  auto token = bearer_token(authorization);
  return token && static_cast<bool>(verify_jwt(*token, options_.jwt_secret, true, epoch_now()));
}

asio::awaitable<void> AuthService::logout(std::optional<std::string> authorization) {
  auto token = bearer_token(authorization);
  if (!token) co_return;
  auto verified = verify_jwt(*token, options_.jwt_secret, false, 0);
  if (!verified) co_return;
  const auto& claims = *verified.claims;
  std::string session_id;
  std::int64_t user_id = 0;
  if (auto* sid = claims.if_contains("session_id"); sid && sid->is_string()) session_id = sid->get_string();
  if (auto* uid = claims.if_contains("user_id"); uid && uid->is_string()) {
    auto text = std::string_view(uid->get_string());
    std::from_chars(text.data(), text.data() + text.size(), user_id);
  }
  co_await cache_.del(session_key(session_id, user_id));
}

} // namespace ruoyi::auth
