// /system/config (API.md §3.3, §3.4): the standard routes from the config Resource, refreshCache,
// the shell's GET /system/config/configKey/{configKey}, and the rules of their own — the key is
// unique, a built-in parameter (configType 'Y') is not deleted. Every write drops its
// `sys_config:{key}` keys in its transaction and rewrites them after the commit (ConfigReader).
#pragma once

#include "cache/cache.hpp"
#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::system::config {

// sys_config as data: filters, field rules, unique key, export sheet.
const web::Resource& config_resource();

void register_config_routes(web::Router& router, cache::Cache& cache);

}  // namespace ruoyi::system::config
