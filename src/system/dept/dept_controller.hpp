// /system/dept (API.md §3.3, §3.4): list (D, flat, scoped), detail, list/exclude, add, edit, delete,
// updateSort — parsed here, ruled in dept_service.
#pragma once

#include "web/context.hpp"

namespace ruoyi::system::dept {

void register_dept_routes(web::Router& router);

}  // namespace ruoyi::system::dept
