// The shell routes: /login, /logout, /captchaImage, /register, /unlockscreen, /getInfo, /getRouters,
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

// API.md §2, a limit of 0 is off: per client IP POST /login, GET /captchaImage, POST /register;
// per user POST /unlockscreen.
struct LoginRateLimits {
  auth::RateLimit login;
  auth::RateLimit captcha;
  auth::RateLimit register_user;
  auth::RateLimit unlock;
};

void register_login_routes(web::Router& router, auth::AuthService& auth, user::UserService& users, cache::Cache& cache,
                           LoginRateLimits limits);

}  // namespace ruoyi::system::login
