// /system/post (API.md §3.3): the standard routes from the post Resource, optionselect, and the
// one rule of its own — a post held by a user is not deleted.
#pragma once

#include "web/context.hpp"
#include "web/resource.hpp"

namespace ruoyi::system::post {

// sys_post as data: filters, field rules, unique keys, export sheet.
const web::Resource& post_resource();

void register_post_routes(web::Router& router);

}  // namespace ruoyi::system::post
