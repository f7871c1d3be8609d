// /system/notice (API.md §3.1, §3.3): the standard routes from the notice Resource (no export),
// the navbar bell's listTop, the caller's read marks (markRead, markReadAll) and who read a notice
// (readUsers/list). A notice's title carries no HTML tag; its content is HTML kept as sent.
#pragma once

#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::system::notice {

// sys_notice as data: filters, field rules.
const web::Resource& notice_resource();

void register_notice_routes(web::Router& router);

}  // namespace ruoyi::system::notice
