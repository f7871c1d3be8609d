// GET /profile/avatar/{yyyy}/{mm}/{dd}/{name} and /profile/upload/{yyyy}/{mm}/{dd}/{name}: uploaded
// files served back (public, as the original's /profile/** static mount), read on the worker pool.
#pragma once

#include "web/context.hpp"

#include <string>

namespace ruoyi::system::profile {

void register_profile_file_routes(web::Router& router, std::string upload_dir);

}  // namespace ruoyi::system::profile
