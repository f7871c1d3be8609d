// /system/user/* routes: parse and validate the request, call UserService, shape the envelope.
#pragma once

#include "web/context.hpp"

#include <string>

namespace ruoyi::system::user {

class UserService;

// `upload_dir`: where avatars are stored (served back under /profile/).
void register_user_routes(web::Router& router, UserService& service, std::string upload_dir);

}  // namespace ruoyi::system::user
