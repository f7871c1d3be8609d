// /monitor/logininfor (API.md §3.5): list, delete, clean, export of sys_logininfor, and unlock
// (drops account_lock:{userName}).
#pragma once

#include "cache/cache.hpp"
#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::monitor::logininfor {

const web::Resource& logininfor_resource();
void register_logininfor_routes(web::Router& router, cache::Cache& cache);

}  // namespace ruoyi::monitor::logininfor
