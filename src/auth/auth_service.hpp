// Login, the per-request auth guard and logout (API.md §2). Sessions live in the cache under
// RuoYi's keys, so any instance sharing the cache (Redis) can serve any request.
#pragma once

#include "auth/jwt.hpp"
#include "auth/login_user.hpp"
#include "cache/cache.hpp"
#include "cache/local_cache.hpp"
#include "cache/shared_version.hpp"
#include "core/background_tasks.hpp"
#include "db/database.hpp"
#include "db/session.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::auth {

struct AuthOptions {
  std::string jwt_secret;
  std::chrono::minutes token_expire{1440};
  std::chrono::minutes session_ttl{30};
  bool same_time_login = true;
  int max_retry = 5;
  std::chrono::minutes lock_time{10};
  bool captcha_enabled = true;  // config gate: false forces the captcha off; true follows sys.account.captchaEnabled
  std::chrono::seconds captcha_ttl{120};  // captcha_codes:{uuid}
  // The guard's in-process copy of each account (status, dept, roles, permissions): max age, 0 = off.
  std::chrono::seconds account_copy_max_age{60};
  // IP location (monitor/iplocation): `locate_now` never waits (the token's login_info);
  // `locate` may wait for the lookup service (the login log row, written after the reply).
  // Unset = auth::ip_location (内网IP / 未知).
  std::function<std::string(std::string_view)> locate_now = {};
  std::function<boost::asio::awaitable<std::string>(std::string)> locate = {};
};

struct LoginRequest {
  std::string username;
  std::string password;
  std::string code;
  std::string uuid;
};

struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

class AuthService {
public:
  // `database` and `background` outlive this service: login logs are written after the response.
  // `versions` validates the guard's in-process account copies (every write request bumps it).
  AuthService(AuthOptions options, cache::Cache& cache, db::Database& database, core::BackgroundTasks& background,
              cache::SharedVersion& versions);

  // The checks of API.md §2 in order; a refusal is a 601 ServiceError (and a failed log row).
  // Returns the signed token.
  boost::asio::awaitable<std::string> login(db::Session& db, LoginRequest request, ClientInfo client);

  // The guard: resolves the caller from `Authorization: Bearer <jwt>`, refreshes the session TTL.
  // One round trip to the cache (the session's GETEX and the shared version), then the account
  // from its in-process copy when nothing was written since it was loaded, else from the database.
  // Throws AuthError(401, …) with RuoYi's messages.
  boost::asio::awaitable<LoginUser> authenticate(db::Session& db, std::optional<std::string> authorization);

  // Deletes the session of a token whose signature verifies (expiry ignored). Never throws for
  // a bad token.
  boost::asio::awaitable<void> logout(std::optional<std::string> authorization);
  // A token this server signed and not expired (HMAC only: no session lookup, no I/O). Cheap enough
  // for the header stage, where it decides whether a large upload body may be read at all.
  bool signed_and_current(std::optional<std::string> authorization) const;

  // Whether /captchaImage should show a captcha (config gate, then sys.account.captchaEnabled).
  boost::asio::awaitable<bool> captcha_on(db::Session& db);
  // Keeps `answer` as captcha_codes:{uuid} for captcha_ttl; returns the new uuid.
  boost::asio::awaitable<std::string> store_captcha(std::string answer);
  // The captcha check of /login and /register, single use: the key is consumed whatever the code,
  // and of two requests racing on one uuid only the one whose delete removed it may pass. The
  // refusal's message (`验证码已失效` / `验证码错误`), or nullopt when `code` is the answer.
  boost::asio::awaitable<std::optional<std::string>> captcha_refusal(std::string uuid, std::string code);

  // /unlockscreen: whether `password` is the live user's own (bcrypt on the worker pool). Not
  // counted toward the login lock.
  boost::asio::awaitable<bool> password_matches(db::Session& db, std::int64_t user_id, std::string password);

  const AuthOptions& options() const noexcept { return options_; }
  cache::LocalCacheStats account_copy_stats() const noexcept { return accounts_.stats(); }

private:
  std::string session_key(const std::string& session_id, std::int64_t user_id) const;
  void record(boost::asio::any_io_executor executor, const ClientInfo& client, std::string user_name, bool ok,
              std::string msg, std::optional<std::int64_t> user_id);

  // What the guard keeps of an account between requests.
  struct Guarded;
  boost::asio::awaitable<std::shared_ptr<const Guarded>> load_guarded(db::Session& db, std::int64_t user_id);

  AuthOptions options_;
  cache::Cache& cache_;
  db::Database& database_;
  core::BackgroundTasks& background_;
  cache::SharedVersion& versions_;
  cache::LocalCache<std::int64_t, Guarded> accounts_;
};

} // namespace ruoyi::auth
