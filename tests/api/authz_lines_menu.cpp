// Authorization-matrix lines of /system/menu (authz_matrix.hpp, authz_matrix_test.cpp). Menus have
// no data scope (API.md §4); their "scope" is the caller's own menus (those of its active roles):
// the (c) cells are a caller holding just the route's menu, aimed at menu 99 (held by no role) or
// setting a permission string it does not hold; the (d) cells a scope-1 caller minting *:*:*.
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kMenuDenied = "没有权限访问菜单数据";
const std::string kOwnMenus = "the reply is filtered to the caller's own menus (menu_api_test)";

const LineSource menu_lines{[] {
  return std::vector<Line>{
      // --- system:menu:*
      {"GET /system/menu/list", {Method::get, "/system/menu/list"}, "", {}, kOwnMenus, {}},
      {"GET /system/menu/{menuId}",
       {Method::get, "/system/menu/1"},
       "",
       {{"read a menu not held", {Method::get, "/system/menu/99"}, 500, kMenuDenied}},
       "",
       {}},
      {"POST /system/menu",
       {Method::post, "/system/menu", R"({"menuName":"m","orderNum":9,"menuType":"F"})"},
       "",
       {{"add under a menu not held",
         {Method::post, "/system/menu", R"({"menuName":"m","parentId":99,"orderNum":9,"menuType":"F"})"},
         500,
         kMenuDenied},
        {"add with a permission not held",
         {Method::post, "/system/menu", R"({"menuName":"m","orderNum":9,"menuType":"F","perms":"system:user:remove"})"},
         500,
         "新增菜单m失败，不能设置自己没有的权限字符system:user:remove"}},
       "",
       {{"add with *:*:*",
         {Method::post, "/system/menu", R"({"menuName":"m","orderNum":9,"menuType":"F","perms":"*:*:*"})"},
         500,
         "新增菜单m失败，不能设置自己没有的权限字符*:*:*"}}},
      {"PUT /system/menu",
       {Method::put, "/system/menu", R"({"menuId":99,"remark":"m"})"},
       "",
       {{"edit a menu not held", {Method::put, "/system/menu", R"({"menuId":99,"remark":"m"})"}, 500, kMenuDenied},
        {"give its own menu a permission not held",
         {Method::put, "/system/menu", R"({"menuId":1014,"perms":"system:user:remove"})"},
         500,
         "修改菜单菜单修改失败，不能设置自己没有的权限字符system:user:remove"}},
       "",
       {{"give its own menu *:*:*",
         {Method::put, "/system/menu", R"({"menuId":1014,"perms":"*:*:*"})"},
         500,
         "修改菜单菜单修改失败，不能设置自己没有的权限字符*:*:*"}}},
      {"PUT /system/menu/updateSort",
       {Method::put, "/system/menu/updateSort", R"({"menuIds":"99","orderNums":"1"})"},
       "",
       {{"sort a menu not held",
         {Method::put, "/system/menu/updateSort", R"({"menuIds":"99","orderNums":"1"})"},
         500,
         kMenuDenied}},
       "",
       {}},
      {"DELETE /system/menu/{menuIds}",
       {Method::del, "/system/menu/99"},
       "",
       {{"delete a menu not held", {Method::del, "/system/menu/99"}, 500, kMenuDenied}},
       "",
       {}},
      // --- any logged-in user (the role form's menu tree)
      {"GET /system/menu/treeselect",
       {Method::get, "/system/menu/treeselect"},
       "any logged-in user (the role form's menu tree)",
       {},
       kOwnMenus,
       {}},
      {"GET /system/menu/roleMenuTreeselect/{roleId}",
       {Method::get, "/system/menu/roleMenuTreeselect/2"},
       "any logged-in user (the role form's menu tree)",
       {{"tree of a role held only outside the caller's scope",
         {Method::get, "/system/menu/roleMenuTreeselect/2"},
         500,
         kRoleDenied}},
       "",
       {}},
  };
}};

}  // namespace
