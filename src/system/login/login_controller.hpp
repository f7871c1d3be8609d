// The shell routes: /login, /logout, /captchaImage, /getInfo, /getRouters,
// /transport/crypto/frontend-config.
#pragma once

#include "app/context.hpp"

namespace ruoyi::auth {
class AuthService;
}
namespace ruoyi::system::user {
class UserService;
}

namespace ruoyi::system::login {

void register_login_routes(app::Router& router, auth::AuthService& auth, user::UserService& users);

} // namespace ruoyi::system::login
