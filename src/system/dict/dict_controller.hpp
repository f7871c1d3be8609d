// /system/dict/type and /system/dict/data (API.md §3.3, §3.4): the standard routes from the two
// Resources, optionselect, refreshCache, the shell's GET /system/dict/data/type/{dictType}, and
// the rules of their own — a type's name is unique and renaming it renames it in its data, a type
// with data is not deleted, a data row is unique by type + label + value. Every write drops its
// `sys_dict:{type}` keys in its transaction and rewrites them after the commit (DictCache).
#pragma once

#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::system::dict {

class DictCache;

// sys_dict_type / sys_dict_data as data: filters, field rules, unique keys, export sheets.
const web::Resource& dict_type_resource();
const web::Resource& dict_data_resource();

void register_dict_routes(web::Router& router, DictCache& dicts);

}  // namespace ruoyi::system::dict
