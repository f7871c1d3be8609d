// The shell's reads every page makes: GET /system/dict/data/type/{dictType} and
// GET /system/config/configKey/{configKey} (any logged-in user).
#pragma once

#include "web/context.hpp"

namespace ruoyi::system::dict {

class DictCache;

void register_dict_read_routes(web::Router& router, DictCache& dicts);

}  // namespace ruoyi::system::dict
