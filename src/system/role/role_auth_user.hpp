// /system/role/authUser/*: the users holding a role (API.md §3.3). The lists show user rows in the
// caller's data scope; selectAll / cancel / cancelAll change sys_user_role only after
// role::check_grantable and a data-scope check of every target user, in the write's transaction.
#pragma once

#include "web/routes.hpp"

namespace ruoyi::system::role {

void register_auth_user_routes(web::RouteSet& routes);

}  // namespace ruoyi::system::role
