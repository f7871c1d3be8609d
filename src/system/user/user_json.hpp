// The user row as the UI reads it: every column (never the password) + `admin` + `dept`, and the
// getInfo / detail variant with `role`, `postIds`, `roleIds` (comma strings).
#pragma once

#include "system/user/user_service.hpp"

#include <boost/json/object.hpp>

namespace ruoyi::system::user {

boost::json::object user_json(const User& user, const std::optional<dept::Dept>& dept);
boost::json::object user_info_json(const UserDetail& detail);

} // namespace ruoyi::system::user
