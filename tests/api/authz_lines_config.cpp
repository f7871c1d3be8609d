// Authorization-matrix lines of /system/config (authz_matrix.hpp, authz_matrix_test.cpp). The
// shell's GET /system/config/configKey/{configKey} keeps its line in authz_matrix_test.cpp's core lines.
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kConfigNoScope =
    "parameters have no owner and no data scope (API.md §4): the permission is the whole check";

const LineSource config_lines{[] {
  return std::vector<Line>{
      {"GET /system/config/list", {Method::get, "/system/config/list"}, "", {}, kConfigNoScope, {}},
      {"GET /system/config/{configId}", {Method::get, "/system/config/1"}, "", {}, kConfigNoScope, {}},
      {"POST /system/config",
       {Method::post, "/system/config", R"({"configName":"m","configKey":"app.m","configValue":"m"})"},
       "",
       {},
       kConfigNoScope,
       {}},
      {"PUT /system/config",
       {Method::put, "/system/config", R"({"configId":1,"configValue":"skin-red"})"},
       "",
       {},
       kConfigNoScope,
       {}},
      {"DELETE /system/config/{configIds}", {Method::del, "/system/config/1"}, "", {}, kConfigNoScope, {}},
      {"DELETE /system/config/refreshCache", {Method::del, "/system/config/refreshCache"}, "", {}, kConfigNoScope, {}},
      {"POST /system/config/export", {Method::post, "/system/config/export", "", kForm}, "", {}, kConfigNoScope, {}},
  };
}};

}  // namespace
