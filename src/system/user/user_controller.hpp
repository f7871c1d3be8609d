// /system/user/* routes: parse and validate the request, call UserService, shape the envelope.
#pragma once

#include "app/context.hpp"

namespace ruoyi::system::user {

class UserService;

void register_user_routes(app::Router& router, UserService& service);

} // namespace ruoyi::system::user
