// Authorization-matrix lines of /system/dict/type and /system/dict/data (authz_matrix.hpp,
// authz_matrix_test.cpp). The shell's GET /system/dict/data/type/{dictType} keeps its line in
// authz_matrix_test.cpp's core lines.
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kDictNoScope =
    "dictionaries have no owner and no data scope (API.md §4): the permission is the whole check";

const LineSource dict_lines{[] {
  return std::vector<Line>{
      // --- system:dict:* on types
      {"GET /system/dict/type/list", {Method::get, "/system/dict/type/list"}, "", {}, kDictNoScope, {}},
      {"GET /system/dict/type/{dictId}", {Method::get, "/system/dict/type/1"}, "", {}, kDictNoScope, {}},
      {"POST /system/dict/type",
       {Method::post, "/system/dict/type", R"({"dictName":"m","dictType":"app_m"})"},
       "",
       {},
       kDictNoScope,
       {}},
      {"PUT /system/dict/type",
       {Method::put, "/system/dict/type", R"({"dictId":1,"dictType":"sys_gender"})"},
       "",
       {},
       kDictNoScope,
       {}},
      {"DELETE /system/dict/type/{dictIds}", {Method::del, "/system/dict/type/1"}, "", {}, kDictNoScope, {}},
      {"DELETE /system/dict/type/refreshCache",
       {Method::del, "/system/dict/type/refreshCache"},
       "",
       {},
       kDictNoScope,
       {}},
      {"POST /system/dict/type/export",
       {Method::post, "/system/dict/type/export", "", kForm},
       "",
       {},
       kDictNoScope,
       {}},
      {"GET /system/dict/type/optionselect",
       {Method::get, "/system/dict/type/optionselect"},
       "any logged-in user (the dict data page's type picker)",
       {},
       kDictNoScope,
       {}},
      // --- system:dict:* on data
      {"GET /system/dict/data/list", {Method::get, "/system/dict/data/list"}, "", {}, kDictNoScope, {}},
      {"GET /system/dict/data/{dictCode}", {Method::get, "/system/dict/data/1"}, "", {}, kDictNoScope, {}},
      {"POST /system/dict/data",
       {Method::post, "/system/dict/data", R"({"dictType":"sys_user_sex","dictLabel":"m","dictValue":"m"})"},
       "",
       {},
       kDictNoScope,
       {}},
      {"PUT /system/dict/data",
       {Method::put, "/system/dict/data", R"({"dictCode":1,"dictLabel":"m"})"},
       "",
       {},
       kDictNoScope,
       {}},
      {"DELETE /system/dict/data/{dictCodes}", {Method::del, "/system/dict/data/1"}, "", {}, kDictNoScope, {}},
      {"POST /system/dict/data/export",
       {Method::post, "/system/dict/data/export", "", kForm},
       "",
       {},
       kDictNoScope,
       {}},
  };
}};

}  // namespace
