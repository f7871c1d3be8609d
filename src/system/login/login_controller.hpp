// The shell routes: /login, /logout, /captchaImage, /getInfo, /getRouters,
// /transport/crypto/frontend-config.
#pragma once

#include "auth/rate_limiter.hpp"
#include "web/context.hpp"

namespace ruoyi::auth {
class AuthService;
}
namespace ruoyi::system::user {
class UserService;
}

namespace ruoyi::system::login {

// Per client IP (API.md §2): POST /login and GET /captchaImage; a limit of 0 is off.
struct LoginRateLimits {
  auth::RateLimit login;
  auth::RateLimit captcha;
};

void register_login_routes(web::Router& router, auth::AuthService& auth, user::UserService& users, cache::Cache& cache,
                           LoginRateLimits limits);

}  // namespace ruoyi::system::login
