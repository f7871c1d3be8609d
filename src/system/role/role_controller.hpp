// /system/role (API.md §3.3, §3.4, §4): the role list and form, its menus and data scope, and the
// users holding it (authUser). Every write is bounded by role_grant: nobody but user 1 widens
// anyone's rights beyond their own (docs/security.md).
#pragma once

#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::system::role {

// sys_role as data: filters, field rules, unique keys, export sheet.
const web::Resource& role_resource();

void register_role_routes(web::Router& router);

}  // namespace ruoyi::system::role
