// /monitor/operlog (API.md §3.5): list, delete, clean, export of sys_oper_log.
#pragma once

#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::monitor::operlog {

const web::Resource& oper_log_resource();
void register_oper_log_routes(web::Router& router);

}  // namespace ruoyi::monitor::operlog
